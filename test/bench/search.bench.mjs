// `npm run bench -- search`: Knotwork's search (Meilisearch behind GET /api/search) against a
// PostgreSQL full-text baseline over the same data, in the same run.
//
//   corpus          the fixed-seed corpus of search-corpus.mjs: --size lessons (100,000), about
//                   size/10 threads with their posts, size/250 networks at four levels (about a
//                   third private), size/50 people with memberships; plus the hand-labelled
//                   relevance corpus of search-relevance.mjs in a network of its own. REST writes
//                   are rate limited and one at a time, so the corpus goes straight into the
//                   PostgreSQL tables, and Meilisearch gets it through the server's own path:
//                   `npm run reindex` (the same sources and documents as the outbox worker).
//   indexing        the reindex's wall time, and the baseline's: a tsvector table with a GIN index.
//   publish         --publish-samples (30) lessons written through POST /api/networks/:id/lessons,
//                   one at a time; for each, GET /api/search is polled every 10 ms until it
//                   returns the lesson: publish-to-searchable p50 / p95. Target: p95 < 1 s.
//   latency         the relevance queries' texts, over the whole corpus, as a reader who belongs
//                   to 4 private networks (so the access filter is the public networks plus
//                   those): --requests (2,000) at concurrency 1 and 32, for both engines.
//                   Target: p95 < 30 ms at concurrency 32 (Meilisearch side).
//   relevance       each labelled query, limited to the relevance network, on both engines:
//                   nDCG@10 and MRR@10. Targets: nDCG@10 ≥ 0.6 and ≥ 0.15 above PostgreSQL;
//                   MRR@10 ≥ 0.95.
//
// Both engines answer as the same reader with the same access rule. The Meilisearch side is
// measured end to end through HTTP (session, access filter built from PostgreSQL, Meilisearch,
// snippets, facets); the baseline is measured as SQL from this process over a pool of 32
// connections (top 10 by ts_rank with a ts_headline snippet, no facets), which favours it.
//
// Parameters: --size, --seed, --requests, --publish-samples, or BENCH_SIZE, BENCH_SEED,
// BENCH_REQUESTS, BENCH_PUBLISH_SAMPLES. A quick run: `npm run bench -- search --size=5000`.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mean, ndcgAt, reciprocalRankAt } from './relevance-metrics.mjs';
import { generateCorpus, seededRandom } from './search-corpus.mjs';
import { RELEVANCE_DOCUMENTS, RELEVANCE_QUERIES } from './search-relevance.mjs';
import { parameter, round, sleep, summary } from './bench-kit.mjs';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(join(root, 'server/dist/main.js'));
const { Client, Pool } = require('pg');


const freePort = () =>
  new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
/** A lesson not found by then counts as never found (and misses the target), and the run goes on. */
const PUBLISH_GIVE_UP_MS = 20_000;
const seconds = (began) => round((performance.now() - began) / 1000, 2);
const log = (text) => console.log(`[search bench ${new Date().toISOString().slice(11, 19)}] ${text}`);

// ---- services and the server ---------------------------------------------------------------------

export async function startServices(dataDir) {
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

export async function freshDatabase(databaseUrl) {
  const name = `bench_search_${Date.now()}`;
  const admin = new Client({ connectionString: databaseUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE knotwork`);
  await admin.end();
  return databaseUrl.replace(/\/[^/]+$/, `/${name}`);
}

function serverEnvironment(databaseUrl, services, dataDir, port) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    MEILI_URL: services.meiliUrl,
    MEILI_MASTER_KEY: services.meiliMasterKey,
    SEED_DEMO: 'false',
    WEB_BUILD_DIR: 'none',
    TRUST_PROXY: 'loopback',
    KNOTWORK_READY_LINE: '1',
    // Publish-to-searchable is measured by writing lessons one after another through the API.
    LESSONS_PER_HOUR: '1000000',
  };
}

async function startServer(env) {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(root, 'server/dist/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolveReady, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line.startsWith('KNOTWORK_READY') && resolveReady());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${env.PORT}` };
}

/** `npm run reindex` as an operator runs it, against the same database and Meilisearch. */
async function reindex(env) {
  const child = spawn('npm', ['run', '--silent', 'reindex'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (lines.length % 20 === 1) log(`reindex: ${line}`);
  });
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  const code = await new Promise((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`npm run reindex exited with ${code}:\n${lines.slice(-20).join('\n')}`);
  return lines.at(-1) ?? '';
}

/**
 * One HTTP request on a keep-alive connection, through node:http rather than fetch: on this
 * machine fetch (undici) waits about 40 ms for any response over about 1 KB on a reused
 * connection (Meilisearch's answers with ten hits, our own search answers), which would measure
 * the client instead of the server.
 */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });
function http(method, url, { headers = {}, body } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveResponse, reject) => {
    const request = httpRequest(
      url,
      { method, agent: keepAlive, headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) } },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolveResponse({ status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

let addressCounter = 0;
/** A signed-in HTTP client, with its own address as a separate person would have. */
function client(base) {
  addressCounter += 1;
  const address = `10.88.${addressCounter >> 8}.${addressCounter & 255}`;
  let cookie = null;
  const request = async (method, path, body) => {
    const response = await http(method, base + path, { headers: { 'x-forwarded-for': address, ...(cookie ? { cookie } : {}) }, body });
    const setCookie = response.headers['set-cookie'];
    if (setCookie) cookie = setCookie[0].split(';')[0];
    if (response.status >= 400) throw Object.assign(new Error(`${method} ${path}: ${response.status} ${response.text}`), { status: response.status });
    return response.text ? JSON.parse(response.text) : null;
  };
  return { get: (path) => request('GET', path), post: (path, body) => request('POST', path, body ?? {}) };
}

async function account(base, label) {
  const me = client(base);
  const credentials = { email: `${label.toLowerCase().replace(/\W+/g, '-')}-${randomUUID()}@example.test`, password: 'a bench password for search' };
  await me.post('/api/auth/register', { ...credentials, displayName: label });
  const { id } = await me.post('/api/auth/login', credentials);
  return { client: me, id };
}

// ---- loading the corpus into PostgreSQL ----------------------------------------------------------

/** Rows in batches through unnest(), one array parameter per column: fast, and no SQL building. */
async function insertRows(db, table, columns, rows, batch = 5_000) {
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const parameters = columns.map(([, , pick]) => slice.map(pick));
    const list = columns.map(([name]) => name).join(', ');
    const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    // text[][] cannot be unnested row-wise; tags travel as JSON and become text[] per row.
    const select = columns.map(([name, type]) => (type === 'jsonb' && name === 'tags' ? `ARRAY(SELECT jsonb_array_elements_text(t.tags))` : `t.${name}`)).join(', ');
    await db.query(`INSERT INTO ${table} (${list}) SELECT ${select} FROM unnest(${unnest}) AS t(${list})`, parameters);
  }
}

/** The relevance corpus, as lessons and threads of one public network written by one person. */
export function relevanceContent(corpus) {
  const random = seededRandom(7);
  const network = { id: random.uuid(), name: 'Relevance set: shared lessons', level: 'national', visibility: 'public', parentId: null, createdBy: corpus.users[0].id, createdAt: new Date(Date.UTC(2024, 0, 1)), teams: [] };
  const keyOf = new Map();
  const lessons = [];
  const threads = [];
  const posts = [];
  const createdAt = new Date(Date.UTC(2025, 5, 1));
  for (const document of RELEVANCE_DOCUMENTS) {
    if (document.type === 'lesson') {
      const id = random.uuid();
      keyOf.set(id, document.key);
      lessons.push({
        id, networkId: network.id, teamId: null, authorId: corpus.users[0].id, anonymous: false, anonymousLabel: null,
        title: document.title, setting: document.setting, population: null, tried: document.tried, happened: document.happened,
        outcome: document.outcome, why: document.why, tags: document.tags, status: 'published', createdAt, updatedAt: createdAt, publishedAt: createdAt,
        barriers: document.barriers.map((barrier, position) => ({ id: random.uuid(), ...barrier, position })),
      });
    } else {
      const thread = { id: random.uuid(), networkId: network.id, title: document.title, authorId: corpus.users[0].id, anonymous: false, anonymousLabel: null, tags: [], createdAt, postCount: 1 };
      const post = { id: random.uuid(), threadId: thread.id, seq: 1, authorId: corpus.users[0].id, anonymous: false, anonymousLabel: null, body: document.body, createdAt };
      // A thread's hit and its first post's hit are the same document for the judges.
      keyOf.set(thread.id, document.key);
      keyOf.set(post.id, document.key);
      threads.push(thread);
      posts.push(post);
    }
  }
  return { network, keyOf, lessons, threads, posts };
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export async function loadCorpus(db, { users, networks, memberships, lessons, threads, posts }) {
  await db.query('BEGIN');
  await insertRows(db, 'users', [
    ['id', 'uuid', (u) => u.id],
    ['email', 'text', (u) => u.email],
    ['display_name', 'text', (u) => u.displayName],
    // Nobody signs in as these people: a hash that no password matches.
    ['password_hash', 'text', () => '!bench-no-sign-in'],
    ['created_at', 'timestamptz', (u) => u.createdAt],
  ], users);
  // Parents before children: the generator lists them in that order.
  await insertRows(db, 'networks', [
    ['id', 'uuid', (n) => n.id],
    ['name', 'text', (n) => n.name],
    ['level', 'text', (n) => n.level],
    ['visibility', 'text', (n) => n.visibility],
    ['parent_id', 'uuid', (n) => n.parentId],
    ['created_by', 'uuid', (n) => n.createdBy],
    ['created_at', 'timestamptz', (n) => n.createdAt],
    ['allow_anonymous_posts', 'boolean', () => true],
  ], networks);
  await insertRows(db, 'teams', [
    ['id', 'uuid', (t) => t.id],
    ['network_id', 'uuid', (t) => t.networkId],
    ['name', 'text', (t) => t.name],
  ], networks.flatMap((n) => n.teams.map((t) => ({ ...t, networkId: n.id }))));
  await insertRows(db, 'memberships', [
    ['network_id', 'uuid', (m) => m.networkId],
    ['user_id', 'uuid', (m) => m.userId],
    ['role', 'text', (m) => m.role],
    ['team_id', 'uuid', (m) => m.teamId],
  ], memberships);
  await insertRows(db, 'lessons', [
    ['id', 'uuid', (l) => l.id],
    ['network_id', 'uuid', (l) => l.networkId],
    ['team_id', 'uuid', (l) => l.teamId],
    ['author_id', 'uuid', (l) => l.authorId],
    ['anonymous', 'boolean', (l) => l.anonymous],
    ['anonymous_label', 'text', (l) => l.anonymousLabel],
    ['title', 'text', (l) => l.title],
    ['setting', 'text', (l) => l.setting],
    ['population', 'text', (l) => l.population],
    ['tried', 'text', (l) => l.tried],
    ['happened', 'text', (l) => l.happened],
    ['outcome', 'text', (l) => l.outcome],
    ['why', 'text', (l) => l.why],
    ['tags', 'jsonb', (l) => JSON.stringify(l.tags)],
    ['status', 'text', (l) => l.status],
    ['created_at', 'timestamptz', (l) => l.createdAt],
    ['updated_at', 'timestamptz', (l) => l.updatedAt],
    ['published_at', 'timestamptz', (l) => l.publishedAt],
  ], lessons);
  await insertRows(db, 'lesson_barriers', [
    ['id', 'uuid', (b) => b.id],
    ['lesson_id', 'uuid', (b) => b.lessonId],
    ['network_id', 'uuid', (b) => b.networkId],
    ['description', 'text', (b) => b.description],
    ['kind', 'text', (b) => b.kind],
    ['position', 'int', (b) => b.position],
  ], lessons.flatMap((l) => l.barriers.map((b) => ({ ...b, lessonId: l.id, networkId: l.networkId }))));
  await insertRows(db, 'discussion_threads', [
    ['id', 'uuid', (t) => t.id],
    ['network_id', 'uuid', (t) => t.networkId],
    ['title', 'text', (t) => t.title],
    ['author_id', 'uuid', (t) => t.authorId],
    ['anonymous', 'boolean', (t) => t.anonymous],
    ['anonymous_label', 'text', (t) => t.anonymousLabel],
    ['tags', 'jsonb', (t) => JSON.stringify(t.tags)],
    ['post_count', 'int', (t) => t.postCount],
    ['last_post_seq', 'int', (t) => t.postCount],
    ['created_at', 'timestamptz', (t) => t.createdAt],
    ['last_activity_at', 'timestamptz', (t) => t.createdAt],
  ], threads);
  await insertRows(db, 'discussion_posts', [
    ['id', 'uuid', (p) => p.id],
    ['thread_id', 'uuid', (p) => p.threadId],
    ['seq', 'int', (p) => p.seq],
    ['author_id', 'uuid', (p) => p.authorId],
    ['anonymous', 'boolean', (p) => p.anonymous],
    ['anonymous_label', 'text', (p) => p.anonymousLabel],
    ['body_source', 'text', (p) => p.body],
    ['body_html', 'text', (p) => `<p>${escapeHtml(p.body)}</p>`],
    ['created_at', 'timestamptz', (p) => p.createdAt],
  ], posts);
  await db.query('COMMIT');
  await db.query('VACUUM ANALYZE');
}

/**
 * The issue-8 contract's lesson tables, for a run on a branch where the lessons module has not
 * landed yet (the bench says so in its output). Where it has, its migration made them already.
 */
async function ensureLessonTables(db) {
  const { rows } = await db.query(`SELECT to_regclass('lessons') IS NOT NULL AS present`);
  if (rows[0].present) return 'the lessons module\'s migration';
  await db.query(`
    CREATE TABLE lessons (
      id uuid PRIMARY KEY, network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE, team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
      author_id uuid NOT NULL REFERENCES users(id), anonymous boolean NOT NULL DEFAULT false, anonymous_label text,
      title text NOT NULL, setting text NOT NULL, population text, tried text NOT NULL, happened text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('worked', 'partly_worked', 'did_not_work', 'abandoned')), why text NOT NULL,
      tags text[] NOT NULL DEFAULT '{}', status text NOT NULL CHECK (status IN ('draft', 'published')),
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz)`);
  await db.query(`
    CREATE TABLE lesson_barriers (
      id uuid PRIMARY KEY, lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE, network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
      description text NOT NULL, kind text NOT NULL CHECK (kind IN ('local', 'systemic')), position integer NOT NULL)`);
  return 'created by the bench from the issue-8 contract (the lessons module is not on this branch)';
}

// ---- the Meilisearch side without the server's search API ----------------------------------------

/**
 * For a branch where GET /api/search has not landed: the bench talks to Meilisearch itself, with
 * the server's own index settings and document shape (imported from the built search module,
 * not copied), and the same access rule built from PostgreSQL for every query.
 */
function directMeilisearch(services, index) {
  const { INDEX_SETTINGS } = require('./search/search-settings.js');
  const { toIndexed } = require('./search/search.document.js');
  const call = async (method, path, body) => {
    const response = await http(method, services.meiliUrl + path, { headers: { authorization: `Bearer ${services.meiliMasterKey}` }, body });
    if (response.status >= 400) throw new Error(`Meilisearch ${method} ${path}: ${response.status} ${response.text}`);
    return response.text ? JSON.parse(response.text) : null;
  };
  const settled = async (task) => {
    for (;;) {
      const state = await call('GET', `/tasks/${task.taskUid}`);
      if (state.status === 'succeeded') return state;
      if (state.status === 'failed' || state.status === 'canceled') throw new Error(`Meilisearch task ${task.taskUid}: ${JSON.stringify(state.error)}`);
      await sleep(20);
    }
  };
  return {
    async index(documents) {
      await settled(await call('POST', '/indexes', { uid: index, primaryKey: 'key' }));
      await settled(await call('PATCH', `/indexes/${index}/settings`, INDEX_SETTINGS));
      for (let start = 0; start < documents.length; start += 10_000) {
        const batch = documents.slice(start, start + 10_000).map((document) => toIndexed(`${document.type}:${document.id}`, document));
        await settled(await call('POST', `/indexes/${index}/documents`, batch));
        log(`Meilisearch: ${Math.min(start + 10_000, documents.length).toLocaleString('en')} of ${documents.length.toLocaleString('en')} documents indexed`);
      }
      return (await call('GET', `/indexes/${index}/stats`)).numberOfDocuments;
    },
    async add(document) {
      await call('POST', `/indexes/${index}/documents`, [toIndexed(`${document.type}:${document.id}`, document)]);
    },
    async search(q, networkIds, networkId) {
      const allowed = networkId ? networkIds.filter((id) => id === networkId) : networkIds;
      const result = await call('POST', `/indexes/${index}/search`, {
        q,
        filter: `networkId IN [${allowed.map((id) => JSON.stringify(id)).join(', ')}]`,
        limit: 10,
        attributesToRetrieve: ['type', 'id', 'networkId', 'title', 'outcome', 'url'],
        attributesToCrop: ['text'],
        cropLength: 24,
        attributesToHighlight: ['title', 'text'],
        facets: ['type', 'outcome', 'setting', 'tags'],
      });
      return result.hits;
    },
  };
}

/** What the server's sources would make of the corpus: the contract's SearchDocument. */
function searchDocuments({ lessons, threads, posts }) {
  const threadById = new Map(threads.map((thread) => [thread.id, thread]));
  const documents = [];
  for (const lesson of lessons) {
    if (lesson.status !== 'published') continue;
    documents.push({
      type: 'lesson', id: lesson.id, networkId: lesson.networkId, title: lesson.title,
      text: [lesson.population, lesson.tried, lesson.happened, lesson.why, ...lesson.barriers.map((barrier) => barrier.description)].filter(Boolean).join('\n'),
      outcome: lesson.outcome, setting: lesson.setting, tags: lesson.tags, createdAt: lesson.createdAt, updatedAt: lesson.updatedAt, url: `/lessons/${lesson.id}`,
    });
  }
  for (const thread of threads) {
    documents.push({ type: 'thread', id: thread.id, networkId: thread.networkId, title: thread.title, text: '', tags: thread.tags, createdAt: thread.createdAt, updatedAt: thread.createdAt, url: `/threads/${thread.id}` });
  }
  for (const post of posts) {
    const thread = threadById.get(post.threadId);
    documents.push({ type: 'post', id: post.id, networkId: thread.networkId, title: thread.title, text: post.body, createdAt: post.createdAt, updatedAt: post.createdAt, url: `/threads/${thread.id}#post-${post.seq}` });
  }
  return documents;
}

// ---- the PostgreSQL full-text baseline -----------------------------------------------------------

/**
 * The baseline's index over the same rows the server indexes (published lessons with their
 * barriers, threads, posts): title weighted A, the rest B, English stemming, a GIN index.
 */
export async function buildBaseline(db) {
  await db.query(`
    CREATE TABLE bench_fulltext (
      type text NOT NULL,
      id uuid NOT NULL,
      network_id uuid NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) STORED
    )`);
  await db.query(`
    INSERT INTO bench_fulltext (type, id, network_id, title, body)
    SELECT 'lesson', l.id, l.network_id, l.title,
           concat_ws(' ', l.setting, l.population, l.tried, l.happened, replace(l.outcome, '_', ' '), l.why,
                     (SELECT string_agg(b.description, ' ' ORDER BY b.position) FROM lesson_barriers b WHERE b.lesson_id = l.id),
                     array_to_string(l.tags, ' '))
      FROM lessons l WHERE l.status = 'published'
    UNION ALL
    SELECT 'thread', t.id, t.network_id, t.title, array_to_string(t.tags, ' ') FROM discussion_threads t
    UNION ALL
    SELECT 'post', p.id, t.network_id, t.title, p.body_source
      FROM discussion_posts p JOIN discussion_threads t ON t.id = p.thread_id WHERE p.removed IS NULL AND p.hidden_at IS NULL`);
  await db.query('CREATE INDEX bench_fulltext_document_idx ON bench_fulltext USING gin (document)');
  await db.query('CREATE INDEX bench_fulltext_network_idx ON bench_fulltext (network_id)');
  await db.query('VACUUM ANALYZE bench_fulltext');
  const { rows } = await db.query('SELECT count(*)::int AS count FROM bench_fulltext');
  return rows[0].count;
}

/** The baseline's search: the same access rule as the server's (public networks plus the caller's). */
export const BASELINE_SQL = `
  WITH query AS (SELECT websearch_to_tsquery('english', $1) AS q),
  top AS (
    SELECT f.type, f.id, f.title, f.body, ts_rank(f.document, query.q) AS rank
      FROM bench_fulltext f, query
     WHERE f.document @@ query.q
       AND f.network_id IN (SELECT id FROM networks WHERE visibility = 'public' UNION SELECT network_id FROM memberships WHERE user_id = $2)
       AND ($3::uuid IS NULL OR f.network_id = $3)
     ORDER BY rank DESC
     LIMIT 10)
  SELECT top.type, top.id, top.title, ts_headline('english', top.body, query.q, 'MaxWords=24, MinWords=10, MaxFragments=1') AS snippet
    FROM top, query
   ORDER BY top.rank DESC`;

// ---- measuring ---------------------------------------------------------------------------------

/** `requests` calls of `call(i)`, `concurrency` at a time; the time of each. */
async function load(concurrency, requests, call) {
  const times = [];
  let issued = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < requests) {
        const i = issued++;
        const startedAt = performance.now();
        await call(i);
        times.push(performance.now() - startedAt);
      }
    }),
  );
  return { concurrency, ...summary(times), requestsPerSecond: round(times.length / ((performance.now() - began) / 1000)) };
}

const searchPath = (q, networkId) => `/api/search?${new URLSearchParams({ q, ...(networkId ? { networkId } : {}) })}`;

export function judge(engineHits, keyOf) {
  const perQuery = RELEVANCE_QUERIES.map((query, i) => {
    // A thread and its first post are one document for the judges: the first of them counts.
    const ranked = [...new Set(engineHits[i].map((hit) => keyOf.get(hit.id) ?? `unjudged:${hit.id}`))];
    return { q: query.q, kind: query.kind, ndcg: ndcgAt(ranked, query.judgements, 10), rr: reciprocalRankAt(ranked, query.judgements, 10), top3: ranked.slice(0, 3) };
  });
  const by = (kind) => perQuery.filter((row) => kind === 'all' || row.kind === kind);
  const figures = (rows) => ({ queries: rows.length, ndcgAt10: round(mean(rows.map((r) => r.ndcg)), 3), mrrAt10: round(mean(rows.map((r) => r.rr)), 3) });
  return { all: figures(by('all')), plain: figures(by('plain')), jargon: figures(by('jargon')), misspelled: figures(by('misspelled')), perQuery };
}

async function main() {
  const parameters = {
    size: parameter('size', 'BENCH_SIZE', 100_000),
    seed: parameter('seed', 'BENCH_SEED', 20261130),
    requests: parameter('requests', 'BENCH_REQUESTS', 2_000),
    publishSamples: parameter('publish-samples', 'BENCH_PUBLISH_SAMPLES', 30),
  };
  // Other programs on the machine move every figure here: the load is recorded beside them.
  const results = { parameters, machine: { cpus: availableParallelism(), loadAverageAtStart: loadavg().map((x) => round(x, 2)) } };
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-bench-search-'));
  const { child: services, services: found } = await startServices(dataDir);
  const databaseUrl = await freshDatabase(found.databaseUrl);
  const env = serverEnvironment(databaseUrl, found, dataDir, await freePort());
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const pool = new Pool({ connectionString: databaseUrl, max: 32 });
  let server = null;
  try {
    let began = performance.now();
    const corpus = generateCorpus({ size: parameters.size, seed: parameters.seed });
    const relevance = relevanceContent(corpus);
    corpus.networks.push(relevance.network);
    corpus.lessons.push(...relevance.lessons);
    corpus.threads.push(...relevance.threads);
    corpus.posts.push(...relevance.posts);
    results.corpus = {
      lessons: corpus.lessons.length,
      publishedLessons: corpus.lessons.filter((l) => l.status === 'published').length,
      barriers: corpus.lessons.reduce((sum, l) => sum + l.barriers.length, 0),
      threads: corpus.threads.length,
      posts: corpus.posts.length,
      networks: corpus.networks.length,
      privateNetworks: corpus.networks.filter((n) => n.visibility === 'private').length,
      people: corpus.users.length,
      memberships: corpus.memberships.length,
      generatedSeconds: seconds(began),
    };
    log(`corpus: ${JSON.stringify(results.corpus)}`);

    results.lessonTables = await ensureLessonTables(db);
    began = performance.now();
    await loadCorpus(db, corpus);
    results.loading = { postgres: 'SQL into the tables (REST writes are rate limited and one at a time)', postgresSeconds: seconds(began) };
    log(`loaded into PostgreSQL in ${results.loading.postgresSeconds} s (lesson tables: ${results.lessonTables})`);

    server = await startServer(env);
    // The reader: a member of 4 private networks (one of them to write in), besides the public ones.
    const reader = await account(server.url, 'Search reader');
    const privateNetworks = corpus.networks.filter((n) => n.visibility === 'private').slice(0, 4);
    for (const network of privateNetworks) {
      await db.query(`INSERT INTO memberships (network_id, user_id, role) VALUES ($1, $2, 'member')`, [network.id, reader.id]);
    }
    const readableSql = `SELECT id FROM networks WHERE visibility = 'public' UNION SELECT network_id FROM memberships WHERE user_id = $1`;
    const { rows: readable } = await db.query(readableSql, [reader.id]);
    results.accessFilter = { privateMemberships: privateNetworks.length, readableNetworks: readable.length, allNetworks: corpus.networks.length };

    // Through the server's API when this branch has it; otherwise straight to Meilisearch.
    const probe = await http('GET', `${server.url}${searchPath('falls')}`, { headers: { 'x-forwarded-for': '10.88.255.1' } });
    const viaApi = probe.status !== 404;
    let meilisearch;
    let publish;
    if (viaApi) {
      meilisearch = async (q, networkId) => (await reader.client.get(searchPath(q, networkId))).hits;
      began = performance.now();
      try {
        const said = await reindex(env);
        results.loading.meilisearch = '`npm run reindex` (the server\'s sources and document shape)';
        results.indexing = { meilisearchSeconds: seconds(began), reindexSaid: said };
      } catch (error) {
        // The other path the server has: an outbox row per record, as each write would have
        // made, drained by the running server's worker. The drain's schedule finds them within a
        // minute; a search write wakes it at once, so one lesson is written to start it.
        log(`npm run reindex failed, indexing through the outbox instead: ${error.message.split('\n').filter(Boolean).at(-1)}`);
        const { rows: outbox } = await db.query(
          `INSERT INTO search_outbox (type, doc_id)
           SELECT 'lesson', id::text FROM lessons WHERE status = 'published'
           UNION ALL SELECT 'thread', id::text FROM discussion_threads
           UNION ALL SELECT 'post', id::text FROM discussion_posts
           RETURNING 1`,
        );
        began = performance.now();
        await reader.client.post(`/api/networks/${relevance.network.id}/lessons`, { title: 'Starting the drain', context: { setting: 'care home' }, status: 'draft' }).catch(() => null);
        for (let polls = 1; ; polls++) {
          const { rows } = await db.query('SELECT count(*)::int AS count FROM search_outbox');
          if (rows[0].count === 0) break;
          if (polls % 60 === 0) log(`outbox: ${rows[0].count.toLocaleString('en')} of ${outbox.length.toLocaleString('en')} rows still to drain`);
          await sleep(500);
        }
        results.loading.meilisearch = `the server's outbox: ${outbox.length.toLocaleString('en')} rows written by SQL, drained by the running server (\`npm run reindex\` failed: ${error.message.split('\n').filter(Boolean).at(-1)})`;
        results.indexing = { meilisearchSeconds: seconds(began), outboxRows: outbox.length };
      }
      publish = async (networkId, lesson) => {
        const written = await reader.client.post(`/api/networks/${networkId}/lessons`, {
          title: lesson.title,
          context: { setting: lesson.setting, population: lesson.population },
          tried: lesson.tried,
          happened: lesson.happened,
          outcome: lesson.outcome,
          why: lesson.why,
          barriers: lesson.barriers,
          tags: lesson.tags,
          status: 'published',
        });
        return written.id;
      };
    } else {
      const direct = directMeilisearch(found, `bench_search_${Date.now()}`);
      results.loading.meilisearch =
        'GET /api/search is not on this branch: the bench wrote the documents to Meilisearch itself, with the server\'s index settings and document shape (server/dist/search), and searches it with the same access rule';
      began = performance.now();
      const indexed = await direct.index(searchDocuments(corpus));
      results.indexing = { meilisearchSeconds: seconds(began), meilisearchDocuments: indexed };
      meilisearch = async (q, networkId) => {
        // The access filter, built from PostgreSQL for every query, as the server must.
        const { rows } = await pool.query(readableSql, [reader.id]);
        return direct.search(q, rows.map((row) => row.id), networkId);
      };
      publish = async (networkId, lesson) => {
        const id = randomUUID();
        const at = new Date();
        const [document] = searchDocuments({ lessons: [{ ...lesson, id, networkId, status: 'published', createdAt: at, updatedAt: at }], threads: [], posts: [] });
        await direct.add(document);
        return id;
      };
    }
    results.mode = viaApi ? 'api' : 'direct';
    log(`Meilisearch indexing: ${results.indexing.meilisearchSeconds} s (${results.loading.meilisearch})`);

    began = performance.now();
    results.indexing.postgresDocuments = await buildBaseline(db);
    results.indexing.postgresSeconds = seconds(began);
    log(`PostgreSQL baseline index: ${results.indexing.postgresSeconds} s for ${results.indexing.postgresDocuments} documents`);

    const engines = {
      meilisearch,
      postgres: async (q, networkId) => (await pool.query(BASELINE_SQL, [q, reader.id, networkId ?? null])).rows,
    };

    // Relevance first, on a quiet machine.
    log('relevance: the labelled queries on both engines…');
    results.relevance = {};
    for (const [name, search] of Object.entries(engines)) {
      const hits = [];
      for (const query of RELEVANCE_QUERIES) hits.push(await search(query.q, relevance.network.id));
      results.relevance[name] = judge(hits, relevance.keyOf);
    }

    log(`latency: ${parameters.requests} searches at concurrency 1 and 32 on each engine…`);
    const texts = RELEVANCE_QUERIES.map((query) => query.q);
    results.latency = {};
    for (const [name, search] of Object.entries(engines)) {
      for (let i = 0; i < 100; i++) await search(texts[i % texts.length]); // warm up
      results.latency[name] = {
        c1: await load(1, Math.min(parameters.requests, 1000), (i) => search(texts[i % texts.length])),
        c32: await load(32, parameters.requests, (i) => search(texts[i % texts.length])),
      };
      log(`${name}: ${JSON.stringify(results.latency[name])}`);
    }

    log(`publish to searchable: ${parameters.publishSamples} lessons${viaApi ? ' through the API' : ' written to Meilisearch'}…`);
    const writable = privateNetworks[0] ?? relevance.network;
    const publishMs = [];
    let notSearchable = 0;
    for (let i = 0; i < parameters.publishSamples; i++) {
      // A word no other document has, so that the poll looks for exactly this lesson.
      const marker = `zq${randomBytes(6).toString('hex').replace(/\d/g, (d) => 'ghijklmnop'[d])}`;
      const startedAt = performance.now();
      const id = await publish(writable.id, {
        title: `Huddle board ${marker} for falls at night`,
        setting: 'care home',
        population: 'residents with dementia',
        tried: 'A huddle at 10 p.m. naming the residents at risk of falling.',
        happened: 'Falls at night fell for four weeks, then rose again.',
        outcome: 'partly_worked',
        why: 'Night staff changed too often.',
        barriers: [{ description: 'agency staff at night', kind: 'systemic' }],
        tags: ['falls'],
      });
      let found = false;
      while (!found && performance.now() - startedAt < PUBLISH_GIVE_UP_MS) {
        found = (await meilisearch(marker, writable.id)).some((hit) => hit.id === id);
        if (!found) await sleep(10);
      }
      if (found) publishMs.push(performance.now() - startedAt);
      else notSearchable += 1;
    }
    results.publishToSearchableMs = { ...summary(publishMs), notSearchableWithin: notSearchable === 0 ? undefined : `${notSearchable} of ${parameters.publishSamples} not found within ${PUBLISH_GIVE_UP_MS / 1000} s` };
  } finally {
    await pool.end();
    await db.end();
    if (server) {
      await new Promise((r) => {
        server.child.once('exit', r);
        server.child.kill('SIGTERM');
      });
    }
    services.stdin.end();
    await new Promise((r) => services.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }

  results.machine.loadAverageAtEnd = loadavg().map((x) => round(x, 2));
  const { latency, relevance: quality, publishToSearchableMs: publish, indexing } = results;
  const meili = quality.meilisearch.all;
  const postgres = quality.postgres.all;
  results.targets = {
    searchP95Under30msAtConcurrency32: latency.meilisearch.c32.p95 < 30,
    publishToSearchableP95Under1s: publish.count > 0 && publish.p95 < 1000 && !publish.notSearchableWithin,
    ndcgAt10AtLeast0_6: meili.ndcgAt10 >= 0.6,
    ndcgAt10AtLeast0_15AbovePostgres: meili.ndcgAt10 - postgres.ndcgAt10 >= 0.15,
    mrrAt10AtLeast0_95: meili.mrrAt10 >= 0.95,
  };
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results/search.json'), JSON.stringify({ bench: 'search', at: new Date().toISOString(), ...results }, null, 2) + '\n');

  const c = results.corpus;
  const line = (cells) => '| ' + cells.join(' | ') + ' |';
  const ms = (s) => `${s.p50} / ${s.p95} / ${s.p99}`;
  const mark = (met) => (met ? 'met' : 'MISSED');
  console.log('');
  console.log(`corpus (seed ${parameters.seed}): ${c.lessons.toLocaleString('en')} lessons (${c.publishedLessons.toLocaleString('en')} published, ${c.barriers.toLocaleString('en')} barriers), ${c.threads.toLocaleString('en')} threads, ${c.posts.toLocaleString('en')} posts, ${c.networks} networks (${c.privateNetworks} private), ${c.people.toLocaleString('en')} people`);
  console.log(`loaded into PostgreSQL: ${results.loading.postgres}, ${results.loading.postgresSeconds} s; lesson tables: ${results.lessonTables}`);
  console.log(`loaded into Meilisearch: ${results.loading.meilisearch}`);
  console.log(`machine: ${results.machine.cpus} CPUs, load average ${results.machine.loadAverageAtStart.join(' ')} at the start and ${results.machine.loadAverageAtEnd.join(' ')} at the end`);
  console.log(`access filter: a reader in ${results.accessFilter.privateMemberships} private networks may read ${results.accessFilter.readableNetworks} of ${results.accessFilter.allNetworks} networks`);
  console.log(
    results.mode === 'api'
      ? 'measured: Meilisearch end to end through GET /api/search over HTTP; PostgreSQL as SQL from the bench over a 32-connection pool (top 10 + ts_headline, no facets)'
      : 'measured: Meilisearch from the bench (access rule from PostgreSQL, then the search with crop, highlight and facets); PostgreSQL as SQL from the bench over a 32-connection pool (top 10 + ts_headline, no facets)',
  );
  console.log('');
  console.log(line(['measure', results.mode === 'api' ? 'Meilisearch (GET /api/search)' : 'Meilisearch (direct)', 'PostgreSQL full text', 'target', '']));
  console.log(line(['---', '---', '---', '---', '---']));
  console.log(line(['indexing (s)', `${indexing.meilisearchSeconds} (${results.mode === 'direct' ? 'bench to Meilisearch' : indexing.outboxRows ? 'outbox drain' : 'npm run reindex'})`, `${indexing.postgresSeconds} (table + GIN, ${indexing.postgresDocuments.toLocaleString('en')} docs)`, '', '']));
  console.log(line([results.mode === 'api' ? 'publish (POST lesson) → searchable p50 / p95 (ms)' : 'document added → searchable p50 / p95 (ms)', `${publish.p50} / ${publish.p95}${publish.notSearchableWithin ? ` (${publish.notSearchableWithin})` : ''}`, 'n/a (same transaction)', 'p95 < 1000', mark(results.targets.publishToSearchableP95Under1s)]));
  console.log(line(['search c=1 p50 / p95 / p99 (ms)', ms(latency.meilisearch.c1), ms(latency.postgres.c1), '', '']));
  console.log(line(['search c=32 p50 / p95 / p99 (ms)', ms(latency.meilisearch.c32), ms(latency.postgres.c32), 'p95 < 30', mark(results.targets.searchP95Under30msAtConcurrency32)]));
  console.log(line(['search c=32 throughput (req/s)', latency.meilisearch.c32.requestsPerSecond, latency.postgres.c32.requestsPerSecond, '', '']));
  console.log(line([`nDCG@10 (${meili.queries} queries)`, meili.ndcgAt10, postgres.ndcgAt10, '≥ 0.6 and ≥ PG + 0.15', mark(results.targets.ndcgAt10AtLeast0_6 && results.targets.ndcgAt10AtLeast0_15AbovePostgres)]));
  console.log(line(['MRR@10', meili.mrrAt10, postgres.mrrAt10, '≥ 0.95', mark(results.targets.mrrAt10AtLeast0_95)]));
  for (const kind of ['plain', 'jargon', 'misspelled']) {
    const m = quality.meilisearch[kind];
    const p = quality.postgres[kind];
    console.log(line([`  ${kind} (${m.queries}): nDCG@10 / MRR@10`, `${m.ndcgAt10} / ${m.mrrAt10}`, `${p.ndcgAt10} / ${p.mrrAt10}`, '', '']));
  }
  console.log('\nwritten to bench-results/search.json (per-query figures included)');
  const missed = Object.entries(results.targets).filter(([, met]) => !met);
  if (missed.length > 0) console.error(`targets missed: ${missed.map(([name]) => name).join(', ')}`);
  process.exit(0);
}

// Run as a program; imported (to try one part on its own), it only lends its parts.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
