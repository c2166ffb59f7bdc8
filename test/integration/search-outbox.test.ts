import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateMeilisearchBinary } from '../../server/src/platform/embedded/meilisearch-binary';
import { newNetwork, newUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { eventually, sql } from '../support/jobs';
import { search, searchable } from '../support/search';
import { freePort, startServer, stopChild, type RunningServer } from '../support/server';

/**
 * The outbox keeps every write while Meilisearch is away: writes still succeed, /api/ready says
 * search is degraded, search answers 503 search_unavailable, and the index catches up once
 * Meilisearch is back. This suite runs its own Meilisearch (on a fixed port, so that it can come
 * back where the server expects it).
 */

jest.setTimeout(240_000);

const directory = mkdtempSync(join(tmpdir(), 'knotwork-meili-'));
const masterKey = randomBytes(16).toString('hex');
let port = 0;
let meilisearch: ChildProcess | null = null;
let server: RunningServer | null = null;

async function startMeilisearch(): Promise<void> {
  const child = spawn(locateMeilisearchBinary(), ['--db-path', join(directory, 'data.ms'), '--http-addr', `127.0.0.1:${port}`, '--no-analytics', '--log-level', 'WARN'], {
    stdio: 'ignore',
    env: { MEILI_MASTER_KEY: masterKey },
  });
  meilisearch = child;
  await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok, 'Meilisearch to be healthy');
}

beforeAll(async () => {
  port = await freePort();
  await startMeilisearch();
  server = await startServer({ MEILI_URL: `http://127.0.0.1:${port}`, MEILI_MASTER_KEY: masterKey });
});

afterAll(async () => {
  await server?.stop();
  if (meilisearch) await stopChild(meilisearch);
  rmSync(directory, { recursive: true, force: true });
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
  // The code the contract between the search and web helpers names (not the house's feature.failure form).
  expect(unavailable.status).toBe(503);
  expect(unavailable.body).toEqual({ statusCode: 503, error: expect.any(String), code: 'search_unavailable', message: expect.any(String) });
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
