// Runs a build tool with its output held back: on success nothing is printed (no chunk-size
// advice, no "Run npm run preview" hint, no banners), so that `npm start` shows only what the
// person needs; on failure everything the tool printed is shown, then the build stops.
import { spawnSync } from 'node:child_process';

export function runQuietly(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status === 0) return;
  process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.error) process.stderr.write(`${result.error.message}\n`);
  process.stderr.write(`\nThis step failed: ${[command, ...args].join(' ')}\n`);
  process.exit(result.status || 1);
}
