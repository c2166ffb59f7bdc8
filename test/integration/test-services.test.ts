import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesUsing } from '../support/processes';
import { servicesReady, spawnTestServices } from '../support/test-services-process';

/**
 * The services every run shares (PostgreSQL and Meilisearch) live in a child process that must
 * not outlive jest: when its stdin closes, as it does however jest ends, it stops them, even
 * while they are still starting.
 */

jest.setTimeout(60_000);

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) {
    for (const pid of processesUsing(directory)) process.kill(pid, 'SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  }
});

function freshDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'knotwork-services-'));
  directories.push(directory);
  return directory;
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));

it('runs from source, and stops PostgreSQL and Meilisearch when its stdin closes', async () => {
  const directory = freshDirectory();
  const child = spawnTestServices(directory);
  const services = JSON.parse(await servicesReady(child));
  expect(services).toEqual({ databaseUrl: expect.stringMatching(/^postgres:\/\//), meiliUrl: expect.stringMatching(/^http:\/\//), meiliMasterKey: expect.any(String) });
  // The child itself, PostgreSQL and Meilisearch.
  expect(processesUsing(directory).length).toBeGreaterThanOrEqual(3);

  const exit = exited(child);
  child.stdin!.end();
  expect(await exit).toBe(0);
  expect(processesUsing(directory)).toEqual([]);
});

it("stops PostgreSQL and Meilisearch on SIGTERM, as jest's global teardown asks", async () => {
  const directory = freshDirectory();
  const child = spawnTestServices(directory);
  await servicesReady(child);
  const exit = exited(child);
  child.kill('SIGTERM');
  expect(await exit).toBe(0);
  expect(processesUsing(directory)).toEqual([]);
});

it('stops whatever it had started when jest goes away while the services are still starting', async () => {
  const directory = freshDirectory();
  const child = spawnTestServices(directory);
  const exit = exited(child);
  // As when jest is killed: nobody reads what the child prints any more, and its stdin closes.
  child.stdout!.destroy();
  child.stdin!.end();
  expect(await exit).toBe(0);
  expect(processesUsing(directory)).toEqual([]);
});

it('gives the embedded Meilisearch its master key through its environment, never on its command line (which ps shows to everyone)', async () => {
  const directory = freshDirectory();
  const child = spawnTestServices(directory);
  const exit = exited(child);
  try {
    const { meiliUrl, meiliMasterKey } = JSON.parse(await servicesReady(child));
    const commandLines = processesUsing(directory).map((pid) => ({ pid, commandLine: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0') }));
    const meilisearch = commandLines.find(({ commandLine }) => commandLine.includes('--db-path'));
    expect(meilisearch).toBeDefined();
    expect(meilisearch!.commandLine.join(' ')).not.toContain(meiliMasterKey);
    expect(readFileSync(`/proc/${meilisearch!.pid}/environ`, 'utf8').split('\0')).toContain(`MEILI_MASTER_KEY=${meiliMasterKey}`);
    // And the key is in force: without it Meilisearch refuses, with it it answers.
    expect((await fetch(`${meiliUrl}/keys`)).status).toBe(401);
    expect((await fetch(`${meiliUrl}/keys`, { headers: { authorization: `Bearer ${meiliMasterKey}` } })).status).toBe(200);
  } finally {
    child.stdin!.end();
    expect(await exit).toBe(0);
  }
});
