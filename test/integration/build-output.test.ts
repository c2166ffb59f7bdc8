import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/server';

/**
 * `npm start` builds what is stale through scripts/build.mjs, which runs every build tool through
 * runQuietly: the tools' chatter (Vite's chunk-size advice, SvelteKit's "Run npm run preview",
 * "Generated an empty chunk", banners) is shown only when a step fails.
 */

const RUN_QUIETLY = pathToFileURL(join(ROOT, 'scripts/run-quietly.mjs')).href;

/** Runs `tool` (a Node one-liner) through runQuietly in a process of its own, as build.mjs does. */
function buildStep(tool: string) {
  const script = `import { runQuietly } from ${JSON.stringify(RUN_QUIETLY)};
runQuietly(process.execPath, ['-e', ${JSON.stringify(tool)}], process.cwd());
console.log('next step');`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

const NOISY_TOOL = `console.log('Run npm run preview to preview your production build locally.');
console.error('(!) Some chunks are larger than 500 kB after minification.');
console.log('Generated an empty chunk: "chunks/env.js".');`;

it('prints nothing of a build step that succeeds', () => {
  const step = buildStep(`${NOISY_TOOL} process.exit(0);`);
  expect(step.status).toBe(0);
  expect(step.stdout).toBe('next step\n');
  expect(step.stderr).toBe('');
});

it('shows everything a failing step printed, says which step failed, and stops the build', () => {
  const step = buildStep(`${NOISY_TOOL} console.error('src/app.ts: syntax error'); process.exit(3);`);
  expect(step.status).toBe(3);
  expect(step.stdout).not.toContain('next step');
  expect(step.stderr).toContain('src/app.ts: syntax error');
  expect(step.stderr).toContain('Run npm run preview');
  expect(step.stderr).toMatch(/This step failed: .*node -e/);
});

it('is how build.mjs runs every tool', async () => {
  const { readFile } = await import('node:fs/promises');
  const build = await readFile(join(ROOT, 'scripts/build.mjs'), 'utf8');
  expect(build).toContain("const run = (command, args, cwd = root) => runQuietly(command, args, cwd);");
  expect(build).not.toMatch(/execFileSync|stdio: 'inherit'/);
});
