// `npm run bench -- threads`: the live door of discussions and the first page of a long thread.
//
//   live delivery   BENCH_CLIENTS (2,000) socket.io clients joined to one thread while posts are
//                   made through REST at BENCH_POSTS_PER_SECOND (50) for BENCH_SECONDS (20):
//                   latency from sending the POST to each client's receiving `post:created`
//                   (p50 / p95 / p99) and the share of (post, client) pairs delivered.
//                   Targets: p99 < 50 ms, 100% delivered.
//   first page      GET /api/threads/:id/posts of a thread of BENCH_THREAD_POSTS (10,000) posts
//                   (seeded with SQL: REST posting is rate limited), BENCH_CONCURRENCY (32)
//                   requests at a time, BENCH_PAGE_REQUESTS (3,200) in all. Target: p99 < 20 ms.
//                   Also the CPU the server and the services (PostgreSQL, Meilisearch) spent per
//                   request (from /proc): on a machine shared with the clients and whatever else
//                   runs, latency moves with the load; the CPU a request costs much less.
//
// Every parameter can also be given as an argument: `npm run bench -- threads --clients=500`.
// `--only=first-page` (or `--only=live`) runs one part alone; the other's figures are left out.
// BENCH_PROFILE_DIR (or `--profile-dir=…`): the server runs with --cpu-prof and writes its
// .cpuprofile there when it stops (open it in Chrome's DevTools, Performance tab).
//
// The server runs in its own process (server/dist/main.js) so that its event loop is measured
// alone, started as the integration suites start it (test/support/server.ts). The clients are bare socket.io clients on raw TCP sockets (the WebSocket handshake, the
// engine.io and socket.io text protocol, pings answered) spread over BENCH_WORKERS worker
// threads: 2,000 full socket.io-client instances parsing 100,000 JSON messages a second in one
// process would measure that process, not the server. One client per worker parses every message
// fully and checks its shape, so that the bare clients are known to read the real protocol.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { httpClient, parameter, round, sleep, summary, testSupport } from './bench-kit.mjs';

const root = resolve(import.meta.dirname, '../..');
const MARKER = 'bench-marker-';
const now = () => performance.timeOrigin + performance.now();

// ---- a bare socket.io client (worker side) -------------------------------------------------------

/** One masked WebSocket text frame, as a client must send. */
function textFrame(text) {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
  for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
  return Buffer.concat([header, mask, payload]);
}

const POST_CREATED = Buffer.from('42["post:created",');
const MARKER_BYTES = Buffer.from(MARKER);

/**
 * A socket.io client that knows just enough: it connects to the default namespace, joins one
 * thread, answers pings, and for every `post:created` finds the marker's number in the raw bytes.
 */
class BareClient {
  constructor({ url, cookie, threadId, index, onArrival, checkEveryMessage }) {
    Object.assign(this, { url, cookie, threadId, index, onArrival, checkEveryMessage });
    this.pending = null;
    this.handshaken = false;
    this.ackWaiters = new Map();
    this.nextAck = 0;
    this.checked = 0;
    this.problems = [];
  }

  open() {
    return new Promise((resolveOpen, reject) => {
      const { hostname, port } = new URL(this.url);
      this.connected = resolveOpen;
      this.failed = reject;
      this.socket = netConnect({ host: hostname, port: Number(port), noDelay: true });
      this.socket.on('connect', () => {
        this.socket.write(
          `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nCookie: ${this.cookie}\r\n\r\n`,
        );
      });
      this.socket.on('data', (chunk) => this.onData(chunk));
      this.socket.on('error', (error) => reject(error));
      this.socket.on('close', () => {
        if (!this.closing) this.problems.push('closed by the server');
      });
    });
  }

  send(text) {
    this.socket.write(textFrame(text));
  }

  emitWithAck(event, payload) {
    const id = this.nextAck++;
    return new Promise((resolveAck) => {
      this.ackWaiters.set(id, resolveAck);
      this.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  onData(chunk) {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    if (!this.handshaken) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return void (this.pending = buffer);
      if (!buffer.subarray(0, 12).toString().includes('101')) return this.failed(new Error(buffer.subarray(0, end).toString()));
      this.handshaken = true;
      buffer = buffer.subarray(end + 4);
    }
    let offset = 0;
    while (buffer.length - offset >= 2) {
      let length = buffer[offset + 1] & 0x7f;
      let start = offset + 2;
      if (length === 126) {
        if (buffer.length - offset < 4) break;
        length = buffer.readUInt16BE(offset + 2);
        start = offset + 4;
      } else if (length === 127) {
        if (buffer.length - offset < 10) break;
        length = Number(buffer.readBigUInt64BE(offset + 2));
        start = offset + 10;
      }
      if (buffer.length < start + length) break;
      const opcode = buffer[offset] & 0x0f;
      if (opcode === 1) this.onText(buffer, start, start + length);
      offset = start + length;
    }
    if (offset < buffer.length) this.pending = buffer.subarray(offset);
  }

  onText(buffer, start, end) {
    const type = buffer[start];
    if (type === 0x30 /* 0: engine.io open */) return this.send('40');
    if (type === 0x32 /* 2: ping */) return this.send('3');
    if (type !== 0x34 /* 4: message */) return;
    const packet = buffer[start + 1];
    if (packet === 0x30 /* 40: namespace connected */) return this.connected();
    if (packet === 0x34 /* 44: refused */) return this.failed(new Error(buffer.toString('utf8', start, end)));
    if (packet === 0x33 /* 43<id>[answer]: acknowledgement */) {
      const text = buffer.toString('utf8', start + 2, end);
      const bracket = text.indexOf('[');
      const waiter = this.ackWaiters.get(Number(text.slice(0, bracket)));
      this.ackWaiters.delete(Number(text.slice(0, bracket)));
      return waiter?.(JSON.parse(text.slice(bracket))[0]);
    }
    if (packet !== 0x32 /* 42: event */) return;
    if (end - start < POST_CREATED.length || buffer.compare(POST_CREATED, 0, POST_CREATED.length, start, start + POST_CREATED.length) !== 0) return;
    const at = now();
    const found = buffer.indexOf(MARKER_BYTES, start);
    if (found < 0 || found >= end) return;
    let marker = 0;
    for (let i = found + MARKER_BYTES.length; i < end && buffer[i] >= 0x30 && buffer[i] <= 0x39; i++) marker = marker * 10 + buffer[i] - 0x30;
    this.onArrival(this.index, marker, at);
    if (this.checkEveryMessage) this.check(buffer.toString('utf8', start + 2, end));
  }

  /** The full parse the bare path skips: the payload is the contract's `post:created`. */
  check(text) {
    const [event, payload] = JSON.parse(text);
    this.checked += 1;
    const problems = [];
    if (event !== 'post:created') problems.push(`event ${event}`);
    if (payload.threadId !== this.threadId) problems.push('threadId');
    if (!Number.isInteger(payload.eventId)) problems.push('eventId');
    if (payload.post?.threadId !== this.threadId || !Number.isInteger(payload.post?.seq)) problems.push('post');
    if (payload.post?.mine !== false) problems.push('post.mine is not false');
    if (problems.length > 0 && this.problems.length < 5) this.problems.push(problems.join(', '));
  }

  close() {
    this.closing = true;
    this.socket.destroy();
  }
}

async function runWorker() {
  const { url, threadId, cookies, first, count, maxPosts } = workerData;
  // arrivals[client * maxPosts + marker]: when the client received the post, 0 when it did not.
  const arrivals = new Float64Array(count * maxPosts);
  const clients = [];
  for (let i = 0; i < count; i++) {
    clients.push(
      new BareClient({
        url,
        threadId,
        cookie: cookies[(first + i) % cookies.length],
        index: i,
        checkEveryMessage: i === 0,
        onArrival: (client, marker, at) => {
          if (marker < maxPosts && arrivals[client * maxPosts + marker] === 0) arrivals[client * maxPosts + marker] = at;
        },
      }),
    );
  }
  const refusals = [];
  // In batches, as a crowd arriving over a few seconds would; all at once only measures the backlog.
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      clients.slice(i, i + 50).map(async (client) => {
        await client.open();
        const answer = await client.emitWithAck('thread:join', { threadId });
        if (!answer.ok) refusals.push(JSON.stringify(answer.error));
      }),
    );
  }
  parentPort.postMessage({ type: 'ready', refusals });
  parentPort.once('message', () => {
    const problems = clients.flatMap((client) => client.problems);
    const checked = clients.reduce((sum, client) => sum + client.checked, 0);
    for (const client of clients) client.close();
    parentPort.postMessage({ type: 'arrivals', arrivals, problems, checked }, [arrivals.buffer]);
  });
}

// ---- the bench (main thread) -------------------------------------------------------------------

function textParameter(name, envName, allowed) {
  const argument = process.argv.slice(2).find((arg) => arg.startsWith(`--${name}=`));
  const value = argument ? argument.slice(name.length + 3) : process.env[envName];
  if (value !== undefined && allowed && !allowed.includes(value)) throw new Error(`--${name} (${envName}) must be one of ${allowed.join(', ')}, not ${value}`);
  return value || undefined;
}



/**
 * The test support's own ways of starting things (TypeScript, compiled on load by the hook the
 * test services already run under): the services and the server start exactly as in the suites.
 * Loaded in the main thread only; the client workers need none of it.
 */

let addressCounter = 0;
/** A signed-in HTTP client; each gets its own address, as separate people would have. */
function client(base) {
  addressCounter += 1;
  return httpClient(base, `10.66.${addressCounter >> 8}.${addressCounter & 255}`);
}

async function account(base, label) {
  const me = client(base);
  const credentials = { email: `${label.toLowerCase().replace(/\W+/g, "-")}-${randomUUID()}@example.test`, password: 'a bench password for threads' };
  await me.post('/api/auth/register', { ...credentials, displayName: label });
  const { id } = await me.post('/api/auth/login', credentials);
  return { client: me, id };
}

async function liveDelivery({ base, threadId, cookies, posters, parameters }) {
  const { clients, postsPerSecond, seconds, workers: workerCount } = parameters;
  const maxPosts = Math.ceil(postsPerSecond * seconds);
  const workers = [];
  const perWorker = Math.ceil(clients / workerCount);
  const connectStarted = performance.now();
  for (let first = 0; first < clients; first += perWorker) {
    const count = Math.min(perWorker, clients - first);
    const worker = new Worker(new URL(import.meta.url), { workerData: { url: base, threadId, cookies, first, count, maxPosts } });
    const ready = new Promise((resolveReady, reject) => {
      worker.once('message', resolveReady);
      worker.once('error', reject);
    });
    workers.push({ worker, count, ready });
  }
  const refusals = (await Promise.all(workers.map((w) => w.ready))).flatMap((message) => message.refusals);
  if (refusals.length > 0) throw new Error(`joins refused: ${refusals.slice(0, 3).join('; ')}`);
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  await sleep(1500); // the "reading now" recounts of the crowd settle

  const sent = new Float64Array(maxPosts);
  const postMs = [];
  const failures = [];
  const interval = 1000 / postsPerSecond;
  const began = performance.now();
  const inFlight = [];
  for (let marker = 0; marker < maxPosts; marker++) {
    const due = began + marker * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const poster = posters[marker % posters.length];
    sent[marker] = now();
    const startedAt = performance.now();
    inFlight.push(
      poster.client
        .post(`/api/threads/${threadId}/posts`, { body: `Follow-up calls, week ${marker}: ${MARKER}${marker}-end` })
        .then(() => postMs.push(performance.now() - startedAt))
        .catch((error) => {
          sent[marker] = 0;
          if (failures.length < 5) failures.push(error.message);
          failures.count = (failures.count ?? 0) + 1;
        }),
    );
  }
  await Promise.all(inFlight);
  await sleep(3000); // stragglers

  const latencies = [];
  let expected = 0;
  let delivered = 0;
  const problems = [];
  let checked = 0;
  for (const { worker, count } of workers) {
    const report = await new Promise((resolveReport) => {
      worker.once('message', resolveReport);
      worker.postMessage('report');
    });
    problems.push(...report.problems);
    checked += report.checked;
    for (let client = 0; client < count; client++) {
      for (let marker = 0; marker < maxPosts; marker++) {
        if (sent[marker] === 0) continue;
        expected += 1;
        const at = report.arrivals[client * maxPosts + marker];
        if (at === 0) continue;
        delivered += 1;
        latencies.push(at - sent[marker]);
      }
    }
    await worker.terminate();
  }
  return {
    clients,
    postsPerSecond,
    seconds,
    workers: workers.length,
    connectAndJoinSeconds: round(connectSeconds),
    postsSent: maxPosts - (failures.count ?? 0),
    postsRefused: failures.count ?? 0,
    postFailures: failures,
    postRoundTripMs: summary(postMs),
    deliveryMs: summary(latencies),
    delivered: expected === 0 ? 0 : round(delivered / expected, 5),
    fullyCheckedMessages: checked,
    protocolProblems: problems.slice(0, 10),
  };
}

/**
 * A thread of `count` posts written straight into the tables (REST posting is rate limited, as
 * it should be): authors alternate between two members, every tenth post is a reply.
 */
async function seedLongThread(db, { threadId, authorIds, count }) {
  await db.query('BEGIN');
  const { rows } = await db.query('SELECT last_post_seq AS seq FROM discussion_threads WHERE id = $1 FOR UPDATE', [threadId]);
  const first = rows[0].seq + 1;
  await db.query(
    `INSERT INTO discussion_posts (thread_id, seq, author_id, body_source, body_html, created_at)
     SELECT $1, s, ($3::uuid[])[1 + s % array_length($3::uuid[], 1)],
            'Week ' || s || ': we called ' || (s % 17) || ' patients back within a week.',
            '<p>Week ' || s || ': we called ' || (s % 17) || ' patients back within a week.</p>',
            now() - make_interval(secs => ($2 + $4 - s))
       FROM generate_series($4::int, $2::int + $4::int - 1) AS s`,
    [threadId, count, authorIds, first],
  );
  await db.query('UPDATE discussion_threads SET post_count = post_count + $2, last_post_seq = last_post_seq + $2 WHERE id = $1', [threadId, count]);
  await db.query('COMMIT');
  await db.query('VACUUM ANALYZE discussion_posts');
}

/** CPU seconds (user + system) used so far by a process and, with `descendants`, every process under it (Linux /proc). */
function cpuSeconds(pid, { descendants = false } = {}) {
  const ticks = 100; // USER_HZ: 100 on every Linux this runs on
  const stats = new Map();
  for (const entry of descendants ? readdirSync('/proc').filter((name) => /^\d+$/.test(name)) : [String(pid)]) {
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may hold spaces; the fields after its closing bracket do not.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / ticks });
    } catch {
      // the process ended meanwhile
    }
  }
  const included = new Set([pid]);
  let total = 0;
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, stat] of stats) {
      if (!included.has(id) && included.has(stat.ppid)) {
        included.add(id);
        grew = true;
      }
    }
  }
  for (const id of included) total += stats.get(id)?.cpu ?? 0;
  return total;
}

async function firstPage({ reader, threadId, parameters, serverPid, servicesPid }) {
  const { concurrency, pageRequests } = parameters;
  const path = `/api/threads/${threadId}/posts`;
  const page = await reader.get(path);
  for (let i = 0; i < 100; i++) await reader.get(path); // warm up
  const times = [];
  let issued = 0;
  // What each request costs the server and the database in CPU: on a machine shared with the
  // clients (and whatever else runs), latency alone says little about the server.
  const cpuBefore = { server: cpuSeconds(serverPid), services: cpuSeconds(servicesPid, { descendants: true }) };
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < pageRequests) {
        issued += 1;
        const startedAt = performance.now();
        await reader.get(path);
        times.push(performance.now() - startedAt);
      }
    }),
  );
  const cpuMsPerRequest = (before, after) => round(((after - before) * 1000) / times.length, 2);
  return {
    concurrency,
    requests: times.length,
    itemsPerPage: page.items.length,
    serverCpuMsPerRequest: cpuMsPerRequest(cpuBefore.server, cpuSeconds(serverPid)),
    servicesCpuMsPerRequest: cpuMsPerRequest(cpuBefore.services, cpuSeconds(servicesPid, { descendants: true })),
    requestsPerSecond: round(times.length / ((performance.now() - began) / 1000)),
    ms: summary(times),
  };
}

async function main() {
  const parameters = {
    clients: parameter('clients', 'BENCH_CLIENTS', 2000),
    postsPerSecond: parameter('posts-per-second', 'BENCH_POSTS_PER_SECOND', 50),
    seconds: parameter('seconds', 'BENCH_SECONDS', 20),
    workers: parameter('workers', 'BENCH_WORKERS', 2),
    users: parameter('users', 'BENCH_USERS', 20),
    posters: parameter('posters', 'BENCH_POSTERS', 0),
    threadPosts: parameter('thread-posts', 'BENCH_THREAD_POSTS', 10_000),
    concurrency: parameter('concurrency', 'BENCH_CONCURRENCY', 32),
    pageRequests: parameter('page-requests', 'BENCH_PAGE_REQUESTS', 3200),
    only: textParameter('only', 'BENCH_ONLY', ['live', 'first-page']),
  };
  const profileDir = textParameter('profile-dir', 'BENCH_PROFILE_DIR');
  const runLive = parameters.only !== 'first-page';
  const runFirstPage = parameters.only !== 'live';
  const require = createRequire(join(root, 'server/dist/main.js'));
  const { Client } = require('pg');
  const { spawnTestServices, servicesReady, startServer } = testSupport();
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-bench-threads-'));
  const services = spawnTestServices(dataDir);
  if (profileDir) mkdirSync(resolve(profileDir), { recursive: true });
  const server = await startServer(
    {
      // The per-person limits on posting and on joining threads are not what is measured here:
      // a few readers hold all the sockets, and a few posters write every post.
      POSTS_PER_MINUTE: '1000000',
      THREAD_JOINS_PER_MINUTE: '1000000',
    },
    {
      services: JSON.parse(await servicesReady(services)),
      nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [],
    },
  ).catch((error) => {
    services.stdin.end();
    throw error;
  });
  const databaseUrl = server.databaseUrl;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const results = { parameters };
  try {
    const owner = await account(server.url, 'Coach');
    const network = await owner.client.post('/api/networks', { name: `Threads bench ${randomUUID()}`, level: 'national', visibility: 'public' });
    // Readers: the people whose sockets watch the thread (several sockets each, as tabs would).
    const readers = [];
    for (let i = 0; i < parameters.users; i++) {
      const reader = await account(server.url, `Reader ${i}`);
      await reader.client.post(`/api/networks/${network.id}/join`);
      readers.push(reader);
    }
    // Posters: a few members taking turns (the server runs with the posting limit out of the way).
    const posterCount = parameters.posters || 10;
    const posters = [];
    for (let i = 0; i < posterCount; i++) {
      const poster = await account(server.url, `Poster ${i}`);
      await poster.client.post(`/api/networks/${network.id}/join`);
      posters.push(poster);
    }
    const thread = await owner.client.post(`/api/networks/${network.id}/threads`, { title: 'Follow-up calls after a positive screen', body: 'How do your teams do them?' });

    if (runLive) {
      console.log(`live delivery: ${parameters.clients} clients, ${parameters.postsPerSecond} posts/s for ${parameters.seconds} s…`);
      results.live = await liveDelivery({
        base: server.url,
        threadId: thread.id,
        cookies: readers.map((reader) => reader.client.cookie),
        posters,
        parameters,
      });
    }

    if (runFirstPage) {
      console.log(`first page: a thread of ${parameters.threadPosts.toLocaleString('en')} posts, ${parameters.concurrency} requests at a time…`);
      const long = await owner.client.post(`/api/networks/${network.id}/threads`, { title: 'A long thread', body: 'Everything about follow-up calls.' });
      await seedLongThread(db, { threadId: long.id, authorIds: [owner.id, readers[0].id], count: parameters.threadPosts - 1 });
      results.firstPage = await firstPage({ reader: readers[0].client, threadId: long.id, parameters, serverPid: server.process.pid, servicesPid: services.pid });
    }
  } finally {
    await db.end();
    const exitCode = await server.stop();
    if (exitCode !== 0) console.error(`the server stopped with ${exitCode}; what it printed:\n${server.output().slice(-4000)}`);
    services.stdin.end();
    await new Promise((r) => services.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }

  const { live, firstPage: page } = results;
  results.targets = {
    ...(live && { deliveryP99Under50ms: live.deliveryMs.p99 !== null && live.deliveryMs.p99 < 50, allDelivered: live.delivered === 1 }),
    ...(page && { firstPageP99Under20ms: page.ms.p99 < 20 }),
  };
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results/threads.json'), JSON.stringify({ bench: 'threads', at: new Date().toISOString(), ...results }, null, 2) + '\n');
  const line = (cells) => '| ' + cells.join(' | ') + ' |';
  console.log('');
  console.log(line(['measure', 'value', 'target']));
  console.log(line(['---', '---', '---']));
  if (live) {
    console.log(line([`clients connected and joined`, `${live.clients} in ${live.connectAndJoinSeconds} s (${live.workers} client threads)`, '']));
    console.log(line(['posts sent (refused)', `${live.postsSent} (${live.postsRefused}) at ${live.postsPerSecond}/s`, '']));
    console.log(line(['POST round trip p50 / p99 (ms)', `${live.postRoundTripMs.p50} / ${live.postRoundTripMs.p99}`, '']));
    console.log(line(['delivery p50 / p95 / p99 (ms)', `${live.deliveryMs.p50} / ${live.deliveryMs.p95} / ${live.deliveryMs.p99}`, 'p99 < 50']));
    console.log(line(['delivered', `${round(live.delivered * 100, 3)} %`, '100 %']));
    console.log(line(['messages fully checked (problems)', `${live.fullyCheckedMessages} (${live.protocolProblems.length})`, '']));
  }
  if (page) {
    console.log(line([`first page, ${page.concurrency} concurrent: p50 / p95 / p99 (ms)`, `${page.ms.p50} / ${page.ms.p95} / ${page.ms.p99}`, 'p99 < 20']));
    console.log(line(['first page throughput', `${page.requestsPerSecond} requests/s, ${page.itemsPerPage} posts a page`, '']));
    console.log(line(['first page CPU per request: server / PostgreSQL + Meilisearch (ms)', `${page.serverCpuMsPerRequest} / ${page.servicesCpuMsPerRequest}`, '']));
  }
  console.log('\nwritten to bench-results/threads.json');
  if (profileDir) console.log(`server CPU profile in ${resolve(profileDir)}`);
  if (live && live.protocolProblems.length > 0) console.error(`protocol problems: ${live.protocolProblems.join('; ')}`);
  const missed = Object.entries(results.targets).filter(([, met]) => !met);
  if (missed.length > 0) console.error(`targets missed: ${missed.map(([name]) => name).join(', ')}`);
  process.exit(0);
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runWorker().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
