// Makes package-lock.json acceptable to `npm ci` when the registry in use does not serve
// the platform-specific optional packages of other systems (darwin, win32, …): npm then leaves
// them out of the lockfile, and `npm ci` refuses with "Missing: … from lock file". Each missing
// optional dependency gets an entry naming its version and marked optional, so `npm ci` accepts
// the lockfile and, on this platform, skips it like any other optional package that will not
// install. Run it after `npm install` changes the lockfile (npm run lockfile).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const file = join(root, 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

/** Where node would find `name` from the package at `from` (its own node_modules, then up). */
function locate(from, name) {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const index = base.lastIndexOf('/node_modules/');
    base = index < 0 ? '' : base.slice(0, index);
  }
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (locate(path, name)) continue;
    const version = /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec) ? spec : spec.replace(/^[\^~=]/, '');
    packages[path ? `${path}/node_modules/${name}` : `node_modules/${name}`] = {
      version,
      ...(entry.dev && { dev: true }),
      ...(entry.devOptional && { devOptional: true }),
      optional: true,
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: ${added} optional platform package entr${added === 1 ? 'y' : 'ies'} added`);
