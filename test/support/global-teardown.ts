import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const child = (globalThis as { knotworkTestServices?: ChildProcess }).knotworkTestServices;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGTERM');
    await exited;
  }
  if (process.env.KNOTWORK_TEST_DATA_DIR) rmSync(process.env.KNOTWORK_TEST_DATA_DIR, { recursive: true, force: true });
}
