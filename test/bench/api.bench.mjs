// `npm run bench -- api`: what the pages that grow with a network cost per request, at a small
// and at a large size: the number of database queries (counted inside the server) and the time.
// A cost that is constant in the number of rows shows the same query count at both sizes.
//
//   directory search     GET /api/networks?q=…             200 vs BENCH_NETWORKS (20,000) networks
//   package list         GET /api/networks/:id/change-packages   1 vs 60 packages, all adaptations
//   who changed what     GET /api/change-packages/:id/changes    3 vs 30 versions
//   lineage              GET /api/change-packages/:id/lineage    1 vs 60 adaptations
//
// The server runs in this process (the built server/dist) against the test services' PostgreSQL,
// so that its queries can be counted where TypeORM sends them.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(join(root, 'server/dist/main.js'));
const { Client } = require('pg');

const NETWORKS = Number(process.env.BENCH_NETWORKS ?? 20_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 40);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value) => Math.round(value * 10) / 10;

// ---- services and the server ------------------------------------------------------------------

async function startServices(dataDir) {
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--require', join(root, 'test/support/typescript-hook.cjs'), join(root, 'test/support/test-services.ts'), dataDir],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise((resolveLine, reject) => {
    createInterface({ input: child.stdout }).on('line', (text) => text.startsWith('TEST_SERVICES ') && resolveLine(text.slice('TEST_SERVICES '.length)));
    child.on('exit', (code) => reject(new Error(`test services exited with ${code}`)));
  });
  return { child, services: JSON.parse(line) };
}

async function freshDatabase(databaseUrl) {
  const name = `bench_${Date.now()}`;
  const admin = new Client({ connectionString: databaseUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE knotwork`);
  await admin.end();
  return databaseUrl.replace(/\/[^/]+$/, `/${name}`);
}

async function startServer(databaseUrl, services, dataDir) {
  const { loadConfig } = require('./platform/config.js');
  const { openDatabase } = require('./platform/database.js');
  const { AppModule } = require('./app.module.js');
  const { createHttpApp } = require('./http-app.js');
  const config = loadConfig({
    PATH: process.env.PATH,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    MEILI_URL: services.meiliUrl,
    MEILI_MASTER_KEY: services.meiliMasterKey,
    SEED_DEMO: 'false',
    WEB_BUILD_DIR: 'none',
    TRUST_PROXY: 'loopback',
    PORT: '0',
  });
  const dataSource = await openDatabase(databaseUrl, AppModule);
  // Every query TypeORM sends goes through its logger first: count them there.
  const counter = { queries: 0 };
  const logQuery = dataSource.logger.logQuery.bind(dataSource.logger);
  dataSource.logger.logQuery = (...args) => {
    counter.queries += 1;
    return logQuery(...args);
  };
  const app = await createHttpApp({ config, dataSource, search: { url: services.meiliUrl, masterKey: services.meiliMasterKey } });
  app.useLogger(['error']);
  await app.listen(0, '127.0.0.1');
  return { app, dataSource, counter, url: `http://127.0.0.1:${app.getHttpServer().address().port}` };
}

// ---- a signed-in client ------------------------------------------------------------------------

function client(base) {
  let cookie = null;
  const request = async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.77.0.1', ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { request, get: (path) => request('GET', path), post: (path, body) => request('POST', path, body ?? {}), patch: (path, body) => request('PATCH', path, body) };
}

/** Queries and time of one kind of request, repeated: the first call warms caches and is not counted. */
async function measure(server, call) {
  await call();
  const times = [];
  let queries = null;
  for (let i = 0; i < REPEAT; i++) {
    const before = server.counter.queries;
    const began = performance.now();
    await call();
    times.push(performance.now() - began);
    // Background work (a document unloading) may add queries later; the count is read at once.
    const made = server.counter.queries - before;
    queries = queries === null ? made : Math.max(queries, made);
  }
  return { queries, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

// ---- the data ------------------------------------------------------------------------------

/**
 * Networks with names and descriptions as varied as real ones (a made-up place name each), of which
 * one in a thousand is in "Riverside": what someone types in the directory's search box.
 */
async function addNetworks(db, userId, count, offset) {
  await db.query(
    `INSERT INTO networks (name, description, level, visibility, created_by)
     SELECT CASE WHEN (g + $3) % 1000 = 0 THEN 'Riverside practice ' || (g + $3) ELSE initcap(substr(md5((g + $3)::text), 1, 9)) || ' practice ' || (g + $3) END,
            'Primary care in ' || substr(md5('d' || (g + $3)), 1, 7) || ', improving depression care with its ' || substr(md5('t' || (g + $3)), 1, 6) || ' team',
            'organisation', 'public', $1
       FROM generate_series(1, $2) AS g`,
    [userId, count, offset],
  );
  // As autovacuum would after a bulk load: moves new entries out of the trigram index's pending list.
  await db.query('VACUUM ANALYZE networks');
}

async function addAdaptations(db, { networkId, sourceId, userId, count }) {
  await db.query(
    `INSERT INTO change_packages (id, network_id, title, document_name, created_by, source_id)
     SELECT id, $1, 'Adapted plan ' || n, 'change-package:' || id, $3, $4
       FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $2) AS n) AS rows`,
    [networkId, count, userId, sourceId],
  );
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-bench-api-'));
  const { child, services } = await startServices(dataDir);
  const databaseUrl = await freshDatabase(services.databaseUrl);
  const server = await startServer(databaseUrl, services, dataDir);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const results = {};
  try {
    const me = client(server.url);
    const account = { email: `bench-${randomUUID()}@example.test`, password: 'bench password for the api' };
    await me.post('/api/auth/register', { ...account, displayName: 'Bench' });
    await me.post('/api/auth/login', account);
    const { id: userId } = await me.get('/api/auth/me');

    // Directory search.
    await addNetworks(db, userId, 200, 0);
    results.searchSmall = await measure(server, () => me.get('/api/networks?q=riverside&limit=50'));
    await addNetworks(db, userId, NETWORKS - 200, 200);
    results.searchLarge = await measure(server, () => me.get('/api/networks?q=riverside&limit=50'));
    const plan = await db.query(
      `EXPLAIN SELECT n.id FROM networks n WHERE (n.name || ' ' || n.description) ILIKE '%riverside%'`,
    );
    results.searchPlan = plan.rows.map((row) => row['QUERY PLAN'].trim()).join(' / ');

    // Package lists, lineage and history.
    const secret = await me.post('/api/networks', { name: `Secret ${randomUUID()}`, level: 'national', visibility: 'private' });
    const source = await me.post(`/api/networks/${secret.id}/change-packages`, { title: 'Source plan' });
    const small = await me.post('/api/networks', { name: `Small ${randomUUID()}`, level: 'subnational', visibility: 'public' });
    const large = await me.post('/api/networks', { name: `Large ${randomUUID()}`, level: 'subnational', visibility: 'public' });
    await me.post(`/api/change-packages/${source.id}/adaptations`, { networkId: small.id });
    await addAdaptations(db, { networkId: large.id, sourceId: source.id, userId, count: 60 });
    // Outsiders' networks: the source's admin is not a member of their adaptations' networks.
    results.listSmall = await measure(server, () => me.get(`/api/networks/${small.id}/change-packages`));
    results.listLarge = await measure(server, () => me.get(`/api/networks/${large.id}/change-packages`));

    const lonely = await me.post(`/api/networks/${secret.id}/change-packages`, { title: 'Adapted once' });
    const other = await me.post('/api/networks', { name: `Other ${randomUUID()}`, level: 'subnational', visibility: 'public' });
    await me.post(`/api/change-packages/${lonely.id}/adaptations`, { networkId: other.id });
    results.lineageSmall = await measure(server, () => me.get(`/api/change-packages/${lonely.id}/lineage`));
    results.lineageLarge = await measure(server, () => me.get(`/api/change-packages/${source.id}/lineage`));

    // Two colleagues take turns naming versions (one person may name 20 of a package an hour).
    const colleague = client(server.url);
    const colleagueAccount = { email: `bench-${randomUUID()}@example.test`, password: 'another bench password for the api' };
    await colleague.post('/api/auth/register', { ...colleagueAccount, displayName: 'Colleague' });
    await colleague.post('/api/auth/login', colleagueAccount);
    await colleague.post(`/api/networks/${small.id}/join`);
    const history = async (versions) => {
      const pkg = await me.post(`/api/networks/${small.id}/change-packages`, { title: 'History' });
      for (let v = 0; v < versions; v++) {
        const who = v % 2 === 0 ? me : colleague;
        await who.patch(`/api/change-packages/${pkg.id}`, { title: `History, edit ${v}` });
        await who.post(`/api/change-packages/${pkg.id}/versions`, { name: `Version ${v}` });
      }
      await me.patch(`/api/change-packages/${pkg.id}`, { title: 'History, now' });
      return pkg.id;
    };
    const fewVersions = await history(3);
    const manyVersions = await history(30);
    results.changesSmall = await measure(server, () => me.get(`/api/change-packages/${fewVersions}/changes`));
    results.changesLarge = await measure(server, () => me.get(`/api/change-packages/${manyVersions}/changes`));
  } finally {
    await db.end();
    await server.app.close();
    await server.dataSource.destroy();
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }

  const rows = [
    ['directory search', `200 networks`, results.searchSmall, `${NETWORKS.toLocaleString('en')} networks`, results.searchLarge],
    ['package list', '1 package', results.listSmall, '60 adaptations', results.listLarge],
    ['lineage', '1 adaptation', results.lineageSmall, '60 adaptations', results.lineageLarge],
    ['who changed what', '3 versions', results.changesSmall, '30 versions', results.changesLarge],
  ];
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(
    join(root, 'bench-results/api.json'),
    JSON.stringify({ at: new Date().toISOString(), repeat: REPEAT, networks: NETWORKS, results }, null, 2) + '\n',
  );
  const line = (cells) => '| ' + cells.join(' | ') + ' |';
  console.log('\nQueries per request and time (p50 / p95 ms), small size vs large size\n');
  console.log(line(['request', 'small', 'queries', 'p50 / p95', 'large', 'queries', 'p50 / p95']));
  console.log(line(['---', '---', '---', '---', '---', '---', '---']));
  for (const [name, smallSize, small, largeSize, large] of rows) {
    console.log(line([name, smallSize, small.queries, `${small.p50} / ${small.p95}`, largeSize, large.queries, `${large.p50} / ${large.p95}`]));
  }
  console.log(`\nsearch plan at ${NETWORKS.toLocaleString('en')} networks: ${results.searchPlan}`);
  console.log('written to bench-results/api.json');
  const growing = rows.filter(([, , small, , large]) => large.queries > small.queries);
  if (growing.length > 0) {
    console.error(`\nQuery counts grow with size: ${growing.map(([name]) => name).join(', ')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
