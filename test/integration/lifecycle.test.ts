import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, PASSWORD, uniqueEmail } from '../support/api';
import { processesUsing } from '../support/processes';
import { ROOT, SERVER_ENTRY, freePort, stopChild, waitForReady } from '../support/server';

/**
 * The one-command start on its own embedded PostgreSQL and Meilisearch (nothing shared with the
 * other suites): first start seeds the demo, a clean stop leaves no process, a second start
 * keeps the data, and a start after SIGKILL recovers by itself.
 */

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-lifecycle-'));
afterAll(() => {
  for (const pid of processesUsing(dataDir)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', SERVER_ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, WEB_BUILD_DIR: 'none', KNOTWORK_READY_LINE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { ready, output } = waitForReady(child, 90_000);
  await ready;
  return { child, url: `http://127.0.0.1:${port}`, output };
}

async function signIn(url: string, email: string, password: string): Promise<ApiClient> {
  const client = new ApiClient(url);
  const response = await client.post('/api/auth/login', { email, password });
  expect(response.status).toBe(200);
  return client;
}

const keptEmail = uniqueEmail('kept');

it('first start: seeds the demo national network and prints the URL and demo sign-ins', async () => {
  const { child, url, output } = await start();
  try {
    expect(output()).toContain('Knotwork is ready at http://localhost:');
    expect(output()).toContain('nadia.okafor@example.org');
    expect(output()).toContain('The demo was created on this first start');

    const nadia = await signIn(url, 'nadia.okafor@example.org', 'knotwork-demo');
    const national = (await nadia.get('/api/networks?level=national')).body.items[0];
    expect(national).toMatchObject({ level: 'national', visibility: 'public', myRole: 'admin' });
    const tree = (await nadia.get(`/api/networks/${national.id}/tree`)).body;
    expect(tree.children.map((region: { level: string }) => region.level)).toEqual(['subnational', 'subnational']);
    const organisations = tree.children.flatMap((region: { children: { level: string; visibility: string }[] }) => region.children);
    expect(organisations.length).toBeGreaterThanOrEqual(4);
    expect(organisations.every((org: { level: string }) => org.level === 'organisation')).toBe(true);
    expect(organisations.some((org: { visibility: string }) => org.visibility === 'private')).toBe(true);

    const members = (await nadia.get(`/api/networks/${national.id}/members`)).body;
    expect(members.filter((m: { role: string }) => m.role === 'coach').length).toBeGreaterThanOrEqual(2);
    expect(members.find((m: { email: string }) => m.email === 'sam.taylor@example.org')).toMatchObject({ isPatientPartner: true });
    expect((await nadia.get(`/api/networks/${national.id}/teams`)).body.length).toBeGreaterThanOrEqual(4);

    // Its change package: aim, a driver diagram with ideas under several drivers, and measures of each kind.
    const packages = (await nadia.get(`/api/networks/${national.id}/change-packages`)).body;
    expect(packages).toHaveLength(1);
    const { content } = (await nadia.get(`/api/change-packages/${packages[0].id}`)).body;
    expect(content.aim.what).not.toBe('');
    expect(content.drivers.length).toBeGreaterThanOrEqual(4);
    expect(content.drivers.every((driver: { secondary: unknown[] }) => driver.secondary.length > 0)).toBe(true);
    expect(content.ideas.length).toBeGreaterThanOrEqual(5);
    expect(content.ideas.some((idea: { driverIds: string[] }) => idea.driverIds.length > 1)).toBe(true);
    expect(content.ideas.every((idea: { descriptionHtml: string }) => idea.descriptionHtml.startsWith('<p>'))).toBe(true);
    expect(new Set(content.measures.map((m: { kind: string }) => m.kind))).toEqual(new Set(['outcome', 'process', 'balancing']));

    // A private organisation stays hidden from someone who is not in it.
    const sam = await signIn(url, 'sam.taylor@example.org', 'knotwork-demo');
    const samTree = (await sam.get(`/api/networks/${national.id}/tree`)).body;
    const samOrganisations = samTree.children.flatMap((region: { children: { visibility: string }[] }) => region.children);
    expect(samOrganisations.every((org: { visibility: string }) => org.visibility === 'public')).toBe(true);

    const registered = await new ApiClient(url).post('/api/auth/register', { email: keptEmail, password: PASSWORD, displayName: 'Kept' });
    expect(registered.status).toBe(202);
  } finally {
    await expectCleanStop(child, output);
  }
  expect(processesUsing(dataDir)).toEqual([]);
});

it('second start: reuses the data without seeding again', async () => {
  const { child, url, output } = await start();
  try {
    expect(output()).not.toContain('The demo was created on this first start');
    await signIn(url, keptEmail, PASSWORD);
    const nadia = await signIn(url, 'nadia.okafor@example.org', 'knotwork-demo');
    expect((await nadia.get('/api/networks?level=national')).body.total).toBe(1);
  } finally {
    await expectCleanStop(child, output);
  }
  expect(processesUsing(dataDir)).toEqual([]);
});

it('after SIGKILL: the orphaned PostgreSQL and Meilisearch are found and stopped, and nothing is lost', async () => {
  const first = await start();
  const signedIn = await signIn(first.url, keptEmail, PASSWORD);
  const created = await signedIn.post('/api/networks', { name: 'Written just before the crash', level: 'organisation', visibility: 'private' });
  expect(created.status).toBe(201);
  await stopChild(first.child, 'SIGKILL');
  // The embedded services outlive a killed parent: exactly the mess a crash leaves.
  expect(processesUsing(dataDir).length).toBeGreaterThan(0);

  const second = await start();
  try {
    expect(second.output()).toContain('PostgreSQL from an earlier start is still running');
    expect(second.output()).toContain('Meilisearch from an earlier start is still running');
    const again = await signIn(second.url, keptEmail, PASSWORD);
    const mine = (await again.get('/api/networks?mine=true')).body.items;
    expect(mine.map((n: { name: string }) => n.name)).toContain('Written just before the crash');
  } finally {
    expect(await stopChild(second.child)).toBe(0);
  }
  expect(processesUsing(dataDir)).toEqual([]);
});

it('a stale pid file (its process long gone) is removed with a note, and the start goes on', async () => {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  expect(existsSync(pidFile)).toBe(false);
  writeFileSync(pidFile, '999999\n' + join(dataDir, 'postgres') + '\n');
  const { child, url, output } = await start();
  try {
    expect(output()).toContain('Removing a stale PostgreSQL pid file');
    await signIn(url, keptEmail, PASSWORD);
  } finally {
    await expectCleanStop(child, output);
  }
});

/** Stops the server and expects exit code 0; if not, says what the server printed (a rare failure seen only in CI). */
async function expectCleanStop(child: ChildProcess, output: () => string): Promise<void> {
  const code = await stopChild(child);
  expect({ code, output: code === 0 ? '' : output().slice(-4000) }).toEqual({ code: 0, output: '' });
}
