import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(__dirname, '../..');

/**
 * Starts one embedded PostgreSQL and Meilisearch for the whole run; suites copy a migrated template
 * database. They run in a child process that stops them when its stdin closes, which happens
 * however jest ends, even when it is killed. The child runs test-services.ts from source, so that
 * no test-only code is built into server/dist.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-test-'));
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=ExperimentalWarning',
      '--enable-source-maps',
      '--require',
      join(root, 'test/support/typescript-hook.cjs'),
      join(root, 'test/support/test-services.ts'),
      dataDir,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
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
