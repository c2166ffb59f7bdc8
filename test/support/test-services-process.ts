import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(__dirname, '../..');

/**
 * Starts test-services.ts from source in a child process (no test-only code is built into
 * server/dist). Its stdin is a pipe from this process: when this process ends, however it ends,
 * the pipe closes and the child stops the services.
 */
export function spawnTestServices(dataDir: string): ChildProcess {
  return spawn(
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
}

/** The JSON line the child prints once PostgreSQL and Meilisearch are up and the template is migrated. */
export function servicesReady(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('TEST_SERVICES ')) resolveLine(line.slice('TEST_SERVICES '.length));
    });
    child.on('exit', (code) => reject(new Error(`test services exited with ${code} before they were ready`)));
  });
}
