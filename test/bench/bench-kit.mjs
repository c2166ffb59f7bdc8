// What every benchmark needs and should do the same way: its parameters, its percentiles, the test
// support's own ways of starting the services and the server, and a signed-in HTTP client.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

export const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** A number from `--name=` on the command line, else from the environment variable, else the fallback. */
export function parameter(name, envName, fallback) {
  const argument = process.argv.slice(2).find((arg) => arg.startsWith(`--${name}=`));
  const raw = argument ? argument.slice(name.length + 3) : process.env[envName];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} (${envName}) must be a number, not ${raw}`);
  return value;
}

/** The p-th percentile of values already sorted ascending (nearest rank), or null for none. */
export const percentile = (sorted, p) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

export const round = (value, digits = 1) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** How many, and p50 / p95 / p99 / max of a list of milliseconds. */
export const summary = (values) => {
  const sorted = Float64Array.from(values).sort();
  return { count: values.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? null) };
};

/**
 * The test support's own ways of starting things (TypeScript, compiled on load by the hook the
 * test services already run under): the services and the server start exactly as in the suites.
 * Loaded in the main thread only; client workers need none of it.
 */
export function testSupport() {
  const requireFromHere = createRequire(import.meta.url);
  requireFromHere(join(root, 'test/support/typescript-hook.cjs'));
  return {
    ...requireFromHere(join(root, 'test/support/test-services-process.ts')),
    ...requireFromHere(join(root, 'test/support/server.ts')),
  };
}

/**
 * An HTTP client that keeps the session cookie it is given, from `address` (x-forwarded-for), so
 * that clients standing for separate people are rate limited separately, as they would be.
 */
export function httpClient(base, address) {
  let cookie = null;
  const request = async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    const text = await response.text();
    if (!response.ok) throw Object.assign(new Error(`${method} ${path}: ${response.status} ${text}`), { status: response.status });
    return text ? JSON.parse(text) : null;
  };
  return {
    request,
    get cookie() {
      return cookie;
    },
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body),
  };
}
