// `npm run bench -- <name>`: runs test/bench/<name>.bench.mjs against the built server, which
// writes bench-results/<name>.json and prints a table.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const name = process.argv[2];
const available = readdirSync(join(root, 'test/bench'))
  .filter((file) => file.endsWith('.bench.mjs'))
  .map((file) => file.replace('.bench.mjs', ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>   (one of: ${available.join(', ')})`);
  process.exit(2);
}
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
const script = join(root, 'test/bench', `${name}.bench.mjs`);
if (!existsSync(script)) process.exit(2);
process.exit(spawnSync(process.execPath, [script, ...process.argv.slice(3)], { stdio: 'inherit', cwd: root }).status ?? 1);
