import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '../..');
export const SERVER_ENTRY = join(ROOT, 'server/dist/main.js');

interface TestServices {
  databaseUrl: string;
  meiliUrl: string;
  meiliMasterKey: string;
}

export function testServices(): TestServices {
  const raw = process.env.KNOTWORK_TEST_SERVICES;
  if (!raw) throw new Error('KNOTWORK_TEST_SERVICES is not set: run the suites through jest with test/jest.config.js');
  return JSON.parse(raw) as TestServices;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A fresh database for one suite, copied from the migrated template (fast: no migrations per suite). */
export async function freshDatabase(): Promise<string> {
  const { databaseUrl } = testServices();
  const name = `suite_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: databaseUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE knotwork`);
  } finally {
    await admin.end();
  }
  return databaseUrl.replace(/\/[^/]+$/, `/${name}`);
}

export interface RunningServer {
  url: string;
  port: number;
  databaseUrl: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

/** Waits for the server to print its ready line, collecting everything it prints. */
export function waitForReady(child: ChildProcess, timeoutMs = 60_000): { ready: Promise<number>; output: () => string } {
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = new Promise<number>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += line + '\n';
      if (line.startsWith('KNOTWORK_READY ')) {
        clearTimeout(timer);
        resolveReady((JSON.parse(line.slice('KNOTWORK_READY '.length)) as { port: number }).port);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { ready, output: () => output };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.kill(signal);
  });
}

/**
 * The real server (the built server/dist/main.js) on a free port, against a fresh copy of the
 * migrated database and the run's Meilisearch. `env` overrides anything.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const services = testServices();
  const databaseUrl = env.DATABASE_URL ?? (await freshDatabase());
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-suite-'));
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      MEILI_URL: services.meiliUrl,
      MEILI_MASTER_KEY: services.meiliMasterKey,
      // Suites share one Meilisearch: each keeps to an index named after its own database.
      MEILI_INDEX: databaseUrl.slice(databaseUrl.lastIndexOf('/') + 1),
      SEED_DEMO: 'false',
      WEB_BUILD_DIR: 'none',
      TRUST_PROXY: 'loopback',
      KNOTWORK_READY_LINE: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { ready, output } = waitForReady(child);
  const actualPort = await ready;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    databaseUrl,
    process: child,
    output,
    stop: async () => {
      const code = await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * One real server for the whole suite (started before its tests, stopped after). Returns the
 * running server; read it inside tests, not at import time.
 */
export function serverForSuite(env: Record<string, string> = {}): RunningServer {
  const handle = {} as { current?: RunningServer };
  beforeAll(async () => {
    handle.current = await startServer(env);
  });
  afterAll(async () => {
    await handle.current?.stop();
  });
  return new Proxy({} as RunningServer, {
    get: (_target, key) => {
      if (!handle.current) throw new Error('the suite server is not started yet');
      return handle.current[key as keyof RunningServer];
    },
  });
}
