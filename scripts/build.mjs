// Builds what must be built: the server (SWC, fast; types are checked by `npm run typecheck`),
// the OpenAPI document and the web app's typed client generated from it, and the web app.
// With --if-stale (used by `npm start`), a part whose output is newer than its sources is skipped.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runQuietly } from './run-quietly.mjs';

const root = resolve(import.meta.dirname, '..');
const ifStale = process.argv.includes('--if-stale');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, args, cwd = root) => runQuietly(command, args, cwd);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === '.svelte-kit' || entry === 'build' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const stale = (output, ...sources) => !ifStale || !existsSync(output) || Math.max(...sources.map(newestMtime)) > statSync(output).mtimeMs;

const serverOut = join(root, 'server/dist/main.js');
if (stale(serverOut, join(root, 'server/src'), join(root, 'server/.swcrc'))) {
  console.log('Building the server…');
  run(bin('swc'), ['src', '-d', 'dist', '--strip-leading-paths', '--config-file', '.swcrc', '--ignore', '**/*.spec.ts', '--quiet'], join(root, 'server'));
  console.log('Writing the OpenAPI document and the typed API client…');
  run(process.execPath, ['--disable-warning=ExperimentalWarning', 'server/dist/openapi.js', 'server/dist/openapi.json']);
  run(bin('openapi-typescript'), ['server/dist/openapi.json', '-o', 'web/src/lib/api/schema.d.ts']);
}

const webOut = join(root, 'web/build/handler.js');
if (stale(webOut, join(root, 'web/src'), join(root, 'web/svelte.config.js'), join(root, 'web/vite.config.ts'))) {
  console.log('Building the web app…');
  run(bin('vite'), ['build'], join(root, 'web'));
}
