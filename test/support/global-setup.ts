import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(__dirname, '../..');

/** Starts one embedded PostgreSQL and Meilisearch for the whole run; suites copy a migrated template database. */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-test-'));
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(root, 'server/dist/testing/test-services.js'), dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const services = await new Promise<string>((resolveLine, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('TEST_SERVICES ')) resolveLine(line.slice('TEST_SERVICES '.length));
    });
    child.on('exit', (code) => reject(new Error(`test services exited with ${code} before they were ready`)));
  });
  process.env.KNOTWORK_TEST_SERVICES = services;
  process.env.KNOTWORK_TEST_DATA_DIR = dataDir;
  (globalThis as { knotworkTestServices?: typeof child }).knotworkTestServices = child;
}
