import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import * as Y from 'yjs';
import { readSnapshot } from '../../server/src/shared/change-package.document';
import { ApiClient, PASSWORD, newNetwork, newUser } from '../support/api';
import { connectProvider, destroyProvider, eventually, synced } from '../support/collab';
import { startServer, stopChild, type RunningServer } from '../support/server';
import type { SavingProvider } from '../support/collab';

/**
 * No edit that any peer has seen can be lost by a crash: the server (a child process) is killed
 * with SIGKILL while a client writes, and after a restart every update another client had
 * received is there. And compaction keeps the content while shortening what a load reads.
 */

jest.setTimeout(120_000);

const SESSION_SECRET = randomBytes(32).toString('hex');
const providers: ReturnType<typeof connectProvider>[] = [];
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const provider of providers) destroyProvider(provider);
  for (const server of servers) await server.stop();
});

async function start(databaseUrl?: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServer({ SESSION_SECRET, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env });
  servers.push(server);
  return server;
}

it('SIGKILL while a client writes: after restart, every update another client had received is present', async () => {
  const first = await start();
  const admin = await newUser(first.url);
  const network = await newNetwork(admin);
  const pkg = (await admin.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Crash test' })).body;

  const writer = connectProvider(first.url, admin, pkg.documentName);
  const observer = connectProvider(first.url, admin, pkg.documentName);
  providers.push(writer, observer);
  await Promise.all([synced(writer), synced(observer)]);

  const seen = new Set<string>();
  observer.doc.getMap('log').observe((event) => {
    for (const key of event.keysChanged) seen.add(key);
  });
  let written = 0;
  const writing = setInterval(() => {
    for (let i = 0; i < 5; i++) writer.doc.getMap('log').set(`k${written++}`, written);
  }, 2);
  await eventually(observer.doc, () => seen.size >= 300, 20_000);
  await stopChild(first.process, 'SIGKILL');
  clearInterval(writing);
  const seenAtCrash = new Set(seen);
  writer.disconnect();
  observer.disconnect();
  expect(seenAtCrash.size).toBeGreaterThanOrEqual(300);

  const second = await start(first.databaseUrl);
  const reader = connectProvider(second.url, admin, pkg.documentName);
  providers.push(reader);
  await synced(reader);
  const log = reader.doc.getMap('log');
  const missing = [...seenAtCrash].filter((key) => !log.has(key));
  expect(missing).toEqual([]);
  expect(readSnapshot(reader.doc).title).toBe('Crash test');
});

it('compaction keeps the content and shortens the load', async () => {
  const server = await start();
  const admin = await newUser(server.url);
  const network = await newNetwork(admin);
  const pkg = (await admin.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Compaction' })).body;
  const writer = connectProvider(server.url, admin, pkg.documentName, new Y.Doc(), { ack: true });
  providers.push(writer);
  await synced(writer);

  // Past the snapshot threshold (500 updates), each edit its own update, paced under the
  // per-connection message limit as a person typing would be.
  for (let i = 0; i < 650; i++) {
    writer.doc.getMap('aim').set('what', `version ${i}`);
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 60));
  }
  const db = new Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    let snapshot: { upTo: string } | undefined;
    for (let tries = 0; tries < 100 && !snapshot; tries++) {
      const rows = await db.query(`SELECT up_to_update_id AS "upTo" FROM collab_snapshots WHERE document_name = $1`, [pkg.documentName]);
      snapshot = rows.rows[0];
      if (!snapshot) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(snapshot).toBeDefined();
    const { rows: counts } = await db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE id > $2)::int AS after FROM collab_updates WHERE document_name = $1`,
      [pkg.documentName, snapshot!.upTo],
    );
    // What a load reads: the snapshot plus the updates after it, far fewer than the whole log.
    expect(counts[0].total).toBeGreaterThanOrEqual(500);
    expect(counts[0].after).toBeLessThan(counts[0].total - 400);
  } finally {
    await db.end();
  }

  // A fresh server loads from the snapshot and the tail, and has every edit.
  await writer.whenSaved(20_000);
  const restarted = await start(server.databaseUrl);
  const signedIn = new ApiClient(restarted.url);
  await signedIn.post('/api/auth/login', { email: admin.email, password: PASSWORD });
  const content = await signedIn.get(`/api/change-packages/${pkg.id}`);
  expect(content.body.content.aim.what).toBe('version 649');
});

it('documents unloading between groups of clients lose no saved edit (3 streams × 40 groups × 4 clients, unload after 5 ms)', async () => {
  // Each client connects, writes once, waits until the server says its edit is saved, and leaves
  // as the next group arrives, so that the document is unloaded and reloaded again and again
  // while others open it.
  const server = await start(undefined, { COLLAB_UNLOAD_AFTER_MS: '5' });
  const admin = await newUser(server.url);
  const network = await newNetwork(admin);
  const pkg = (await admin.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Churn' })).body;
  const saved = new Set<string>();

  async function client(key: string): Promise<SavingProvider> {
    const provider = connectProvider(server.url, admin, pkg.documentName, new Y.Doc(), { ack: true });
    providers.push(provider);
    await synced(provider);
    provider.doc.getMap('log').set(key, true);
    await provider.whenSaved();
    saved.add(key);
    return provider;
  }

  async function stream(streamIndex: number): Promise<void> {
    let leaving: SavingProvider[] = [];
    for (let group = 0; group < 40; group++) {
      const arriving = Array.from({ length: 4 }, (_, index) => client(`s${streamIndex}-g${group}-c${index}`));
      for (const provider of leaving) provider.disconnect();
      leaving = await Promise.all(arriving);
    }
    for (const provider of leaving) provider.disconnect();
  }

  await Promise.all([stream(0), stream(1), stream(2)]);
  expect(saved.size).toBe(480);

  // "Saved" means saved: after a crash and a restart, every one of them is there.
  await stopChild(server.process, 'SIGKILL');
  const restarted = await start(server.databaseUrl);
  const reader = connectProvider(restarted.url, admin, pkg.documentName);
  providers.push(reader);
  await synced(reader);
  const log = reader.doc.getMap('log');
  expect([...saved].filter((key) => !log.has(key))).toEqual([]);
});
