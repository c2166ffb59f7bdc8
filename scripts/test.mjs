// `npm test`: builds, then runs every suite. The browser suite needs Debian's Chromium; on a
// developer machine without it the other suites still run and this says so plainly. In CI
// (CI=true) a missing Chromium is a failure, never a silent skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const extraArgs = process.argv.slice(2);

execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

const projects = ['unit', 'integration'];
const haveChromium = existsSync(chromium);
if (haveChromium) projects.push('browser');
else if (inCi) {
  console.error(`CI: the browser suite must run, but Chromium is not at ${chromium}. Install it with: apt-get install -y chromium`);
  process.exit(1);
}

const jest = spawnSync(
  process.execPath,
  [join(root, 'node_modules/jest/bin/jest.js'), '-c', join(root, 'test/jest.config.js'), ...projects.flatMap((p) => ['--selectProjects', p]), ...extraArgs],
  { stdio: 'inherit', cwd: root, env: { ...process.env, CHROMIUM_PATH: chromium } },
);

if (!haveChromium) {
  console.log(
    `\nNOTE: the browser suite did not run: Chromium is not at ${chromium}.\n` +
      `      To run it: sudo apt-get install -y chromium (or set CHROMIUM_PATH), then npm test again.\n`,
  );
}
process.exit(jest.status ?? 1);
