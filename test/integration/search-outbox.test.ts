import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { MAX_INDEXING_MEMORY } from '../../server/src/platform/embedded/embedded-meilisearch';
import { locateMeilisearchBinary } from '../../server/src/platform/embedded/meilisearch-binary';
import { expectErrorShape, newNetwork, newUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { eventually, sql } from '../support/jobs';
import { search, searchable } from '../support/search';
import { freePort, startServer, stopChild, type RunningServer } from '../support/server';

/**
 * The outbox keeps every write while Meilisearch is away: writes still succeed, /api/ready says
 * search is degraded, search answers 503 search_unavailable, and the index catches up once
 * Meilisearch is back. This suite runs its own Meilisearch (on a fixed port, so that it can come
 * back where the server expects it).
 *
 * The server runs without the minute-by-minute safety drain (SEARCH_SAFETY_DRAIN=false): whatever
 * reaches the index here got there because a commit woke the drain, or through the retries.
 */

jest.setTimeout(240_000);

const directory = mkdtempSync(join(tmpdir(), 'knotwork-meili-'));
const masterKey = randomBytes(16).toString('hex');
let port = 0;
let meilisearch: ChildProcess | null = null;
let server: RunningServer | null = null;

async function startMeilisearch(): Promise<void> {
  const child = spawn(locateMeilisearchBinary(), ['--db-path', join(directory, 'data.ms'), '--http-addr', `127.0.0.1:${port}`, '--no-analytics', '--log-level', 'WARN', '--max-indexing-memory', MAX_INDEXING_MEMORY], {
    stdio: 'ignore',
    env: { MEILI_MASTER_KEY: masterKey },
  });
  meilisearch = child;
  await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok, 'Meilisearch to be healthy');
}

beforeAll(async () => {
  port = await freePort();
  await startMeilisearch();
  server = await startServer({ MEILI_URL: `http://127.0.0.1:${port}`, MEILI_MASTER_KEY: masterKey, SEARCH_SAFETY_DRAIN: 'false' });
});

afterAll(async () => {
  await server?.stop();
  if (meilisearch) await stopChild(meilisearch);
  rmSync(directory, { recursive: true, force: true });
});

it('indexes a write as soon as it commits, with no schedule to fall back on', async () => {
  const admin = await newUser(server!.url);
  const network = await newNetwork(admin, { visibility: 'private' });
  // Several writes at once: those that commit while a drain runs must not be left behind by it.
  const threads = await Promise.all(['alder', 'birch', 'cedar', 'damson'].map((word) => newThread(admin, network.id, { title: `Commit wakes ${word}`, body: `wakeword${word}` })));
  for (const [position, word] of ['alder', 'birch', 'cedar', 'damson'].entries()) {
    await searchable(admin, `wakeword${word}`, (hit) => hit.id === threads[position].id);
  }
  await eventually(async () => (await sql<{ count: number }>(server!.databaseUrl, `SELECT count(*)::int AS count FROM search_outbox`))[0].count === 0, 'an empty outbox');
});

it("indexes what another process wrote: its commit's queued job wakes this server's drain", async () => {
  const admin = await newUser(server!.url);
  const network = await newNetwork(admin, { visibility: 'private' });
  const thread = await newThread(admin, network.id, { title: 'Renamed elsewhere', body: 'elsewherebody' });
  await searchable(admin, 'elsewherebody', (hit) => hit.id === thread.id);
  // What SearchOutbox.changed does in a process that drains nothing itself (no job worker): the
  // row and the job in the writer's transaction; the job queue's NOTIFY reaches the server.
  const client = new Client({ connectionString: server!.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`UPDATE discussion_threads SET title = 'Renamed by another process quokkaquill' WHERE id = $1`, [thread.id]);
    await client.query(`INSERT INTO search_outbox (type, doc_id) VALUES ('thread', $1)`, [thread.id]);
    await client.query(`SELECT graphile_worker.add_job('search:drain', '{}'::json, job_key => 'search:drain')`);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  const hit = await searchable(admin, 'quokkaquill', (found) => found.id === thread.id && found.title.includes('quokkaquill'));
  expect(hit.title).toBe('Renamed by another process quokkaquill');
});

it('keeps writes while Meilisearch is stopped and indexes them when it is back', async () => {
  const admin = await newUser(server!.url);
  const network = await newNetwork(admin, { visibility: 'private' });
  const before = await newThread(admin, network.id, { title: 'Written before', body: 'beforeword' });
  await searchable(admin, 'beforeword', (hit) => hit.id === before.id);

  await stopChild(meilisearch!);
  // Writes still succeed, and are kept in the outbox.
  const during = await newThread(admin, network.id, { title: 'Written while search was away', body: 'duringword' });
  const reply = await newPost(admin, during.id, { body: 'duringreply' });
  await eventually(async () => (await sql<{ count: number }>(server!.databaseUrl, `SELECT count(*)::int AS count FROM search_outbox`))[0].count > 0, 'outbox rows');

  const ready = await admin.client.get('/api/ready');
  expect(ready.status).toBe(200);
  expect(ready.body).toMatchObject({ status: 'degraded', database: { ok: true }, search: { ok: false, error: 'unreachable' } });
  const unavailable = await search(admin, { q: 'beforeword' });
  expectErrorShape(unavailable, 503, 'search.unavailable');
  expect(unavailable.headers.get('retry-after')).toBe('30');
  expect(unavailable.body.message).toMatch(/not available just now/);

  await startMeilisearch();
  // The drain retries with backoff (at most 30 s apart) and catches up.
  await searchable(admin, 'duringword', (hit) => hit.id === during.id, 60_000);
  await searchable(admin, 'duringreply', (hit) => hit.id === reply.id, 10_000);
  await searchable(admin, 'beforeword', (hit) => hit.id === before.id, 10_000);
  expect((await admin.client.get('/api/ready')).body.status).toBe('ready');
  await eventually(async () => (await sql<{ count: number }>(server!.databaseUrl, `SELECT count(*)::int AS count FROM search_outbox`))[0].count === 0, 'an empty outbox');
});
