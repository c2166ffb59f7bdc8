// `npm run bench -- collab`: Knotwork's /collab against the stock y-websocket server
// (y-websocket@1.5.4 bin/server.js, in memory, no auth) under the same load in the same run,
// both through the stock client protocol (the y-websocket WebsocketProvider).
//
// Load: BENCH_DOCS documents × BENCH_CLIENTS clients each, BENCH_WRITES writes per second per
// document (spread over its clients), for BENCH_SECONDS. Every write carries its send time;
// every other client of the document records when it arrives.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { connect as netConnect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');
const Y = require('yjs');
const { WebsocketProvider } = require('y-websocket');

const root = resolve(import.meta.dirname, '../..');
const DOCS = Number(process.env.BENCH_DOCS ?? 50);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const WRITES_PER_DOC = Number(process.env.BENCH_WRITES ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const JOINERS = Number(process.env.BENCH_JOINERS ?? 500);
const IDLE = Number(process.env.BENCH_IDLE ?? 1000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value, digits = 1) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

// ---- the two servers ------------------------------------------------------------------------

/**
 * Both servers run with --inspect on a free port, so that memory can be read the same way for
 * both: a full garbage collection, then the V8 heap in use (what is really kept, not garbage
 * waiting to be collected, which makes RSS deltas noisy).
 */
function inspectorOf(child) {
  return new Promise((resolveUrl) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      const match = /Debugger listening on (ws:\/\/\S+)/.exec(line);
      if (match) resolveUrl(match[1]);
      else if (!line.includes('For help, see') && !line.includes('Debugger attached')) process.stderr.write(line + '\n');
    });
  });
}

async function heapUsedAfterGc(inspectorUrl) {
  const socket = new WebSocket(inspectorUrl);
  await new Promise((r) => socket.once('open', r));
  let id = 0;
  const call = (method) =>
    new Promise((resolveCall) => {
      const mine = ++id;
      const onMessage = (data) => {
        const message = JSON.parse(data.toString());
        if (message.id !== mine) return;
        socket.off('message', onMessage);
        resolveCall(message.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id: mine, method }));
    });
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.collectGarbage');
  const { usedSize } = await call('Runtime.getHeapUsage');
  socket.close();
  return usedSize;
}

async function startKnotwork() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-bench-collab-'));
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', '--disable-warning=ExperimentalWarning', join(root, 'server/dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      TRUST_PROXY: 'loopback',
      KNOTWORK_READY_LINE: '1',
      COLLAB_UNLOAD_AFTER_MS: '300',
      WEB_BUILD_DIR: 'none',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const inspector = inspectorOf(child);
  await new Promise((resolveReady, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line.startsWith('KNOTWORK_READY') && resolveReady());
    child.on('exit', (code) => reject(new Error(`knotwork exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  let counter = 0;
  const api = async (method, path, body, cookie) => {
    counter += 1;
    const response = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${counter >> 8}.${counter & 255}`, ...(cookie ? { cookie } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return { body: text ? JSON.parse(text) : null, cookie: response.headers.get('set-cookie')?.split(';')[0] };
  };
  // One account per client position, all members of one network holding every benchmark document.
  const cookies = [];
  for (let i = 0; i < CLIENTS; i++) {
    const credentials = { email: `bench${i}-${port}@example.test`, password: 'benchmark password' };
    await api('POST', '/api/auth/register', { ...credentials, displayName: `Bench ${i}` });
    const { cookie } = await api('POST', '/api/auth/login', credentials);
    cookies.push(cookie);
  }
  const network = (await api('POST', '/api/networks', { name: 'Benchmark', level: 'national', visibility: 'private' }, cookies[0])).body;
  for (let i = 1; i < CLIENTS; i++) {
    const invitation = (await api('POST', `/api/networks/${network.id}/invitations`, { role: 'member' }, cookies[0])).body;
    await api('POST', `/api/invitations/${invitation.token}/accept`, {}, cookies[i]);
  }
  const newDocument = async (title) => (await api('POST', `/api/networks/${network.id}/change-packages`, { title }, cookies[0])).body.documentName;
  return {
    name: 'knotwork',
    pid: child.pid,
    inspector: await inspector,
    url: `ws://127.0.0.1:${port}/collab`,
    headersFor: (i) => ({ cookie: cookies[i % cookies.length] }),
    newDocument,
    stop: async () => {
      await new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startStock() {
  const port = await freePort();
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(root, 'node_modules/y-websocket-stock/bin/server.js')], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const inspector = inspectorOf(child);
  await new Promise((resolveReady) => createInterface({ input: child.stdout }).on('line', (line) => line.includes('running') && resolveReady()));
  let documents = 0;
  return {
    name: 'stock y-websocket',
    pid: child.pid,
    inspector: await inspector,
    url: `ws://127.0.0.1:${port}`,
    headersFor: () => ({}),
    newDocument: async () => `bench-${(documents += 1)}`,
    stop: async () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

// ---- clients ------------------------------------------------------------------------------------

function provider(server, documentName, index) {
  const headers = server.headersFor(index);
  class HeaderedWebSocket extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols, { headers });
    }
  }
  const doc = new Y.Doc();
  return new WebsocketProvider(server.url, documentName, doc, { WebSocketPolyfill: HeaderedWebSocket, disableBc: true, resyncInterval: -1 });
}

const synced = (p) => (p.synced ? Promise.resolve() : new Promise((r) => p.on('sync', (s) => s && r())));

function close(p) {
  p.destroy();
  p.awareness.destroy();
  p.doc.destroy();
}

/**
 * A bare protocol client on a raw TCP socket: the WebSocket handshake, then a sync step 1 saying
 * "I have nothing", then it reads frame headers and counts payload bytes until the sync step 2
 * (the whole document) has fully arrived. It parses nothing else, so that 500 of them in this one
 * process measure the server's join time rather than this process's buffer copying.
 */
function joinBare(url, headers) {
  return new Promise((resolveJoin, reject) => {
    const began = performance.now();
    const { hostname, port, pathname } = new URL(url);
    const socket = netConnect(Number(port), hostname);
    const key = randomBytes(16).toString('base64');
    socket.on('connect', () => {
      const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
      );
    });
    let handshaken = false;
    let pending = Buffer.alloc(0);
    // The current frame: bytes of payload still to skip, and whether it is the sync step 2.
    let remaining = 0;
    let isState = false;
    const maskedFrame = (payload) => {
      const mask = randomBytes(4);
      const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
      return Buffer.concat([Buffer.from([0x82, 0x80 | payload.length]), mask, masked]);
    };
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      if (!handshaken) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!pending.subarray(0, 12).toString().includes('101')) return reject(new Error(pending.subarray(0, end).toString()));
        handshaken = true;
        pending = pending.subarray(end + 4);
        socket.write(maskedFrame([0, 0, 1, 0]));
      }
      while (pending.length > 0) {
        if (remaining > 0) {
          const take = Math.min(remaining, pending.length);
          remaining -= take;
          pending = pending.subarray(take);
          if (remaining === 0 && isState) return resolveJoin({ ms: performance.now() - began, socket });
          continue;
        }
        if (pending.length < 2) return;
        let length = pending[1] & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (pending.length < 4) return;
          length = pending.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (pending.length < 10) return;
          length = Number(pending.readBigUInt64BE(2));
          offset = 10;
        }
        if (pending.length < offset + Math.min(length, 2)) return;
        isState = (pending[0] & 0x0f) === 2 && pending[offset] === 0 && pending[offset + 1] === 1;
        remaining = length;
        pending = pending.subarray(offset);
        if (remaining === 0 && isState) return resolveJoin({ ms: performance.now() - began, socket });
      }
    });
    socket.on('error', reject);
  });
}

// ---- scenarios ---------------------------------------------------------------------------------

async function fanOut(server) {
  const documents = [];
  for (let d = 0; d < DOCS; d++) documents.push(await server.newDocument(`Fan-out ${d}`));
  const syncMs = [];
  const clients = [];
  for (const [d, name] of documents.entries()) {
    const group = [];
    for (let c = 0; c < CLIENTS; c++) {
      const began = performance.now();
      const p = provider(server, name, c);
      group.push(synced(p).then(() => syncMs.push(performance.now() - began)));
      clients.push({ d, c, p });
    }
    await Promise.all(group);
  }

  const latencies = [];
  let received = 0;
  for (const { c, p } of clients) {
    p.doc.getMap('bench').observe((event) => {
      const now = Date.now();
      for (const key of event.keysChanged) {
        if (key === `c${c}`) continue;
        const value = p.doc.getMap('bench').get(key);
        if (value) {
          received += 1;
          latencies.push(now - value.t);
        }
      }
    });
  }
  const byDocument = new Map();
  for (const client of clients) byDocument.set(client.d, [...(byDocument.get(client.d) ?? []), client]);

  let writes = 0;
  const sequence = new Map();
  const interval = 1000 / WRITES_PER_DOC;
  const ends = Date.now() + SECONDS * 1000;
  const timers = [...byDocument.values()].map((group, index) =>
    setTimeout(() => {
      const tick = setInterval(() => {
        if (Date.now() >= ends) return clearInterval(tick);
        const writer = group[Math.floor(Math.random() * group.length)];
        const seq = (sequence.get(writer) ?? 0) + 1;
        sequence.set(writer, seq);
        writer.p.doc.getMap('bench').set(`c${writer.c}`, { s: seq, t: Date.now() });
        writes += 1;
      }, interval);
      timers.push(tick);
    }, (index * interval) / byDocument.size),
  );
  await sleep(SECONDS * 1000 + 200);
  const expected = writes * (CLIENTS - 1);
  for (let waited = 0; waited < 10_000 && received < expected; waited += 100) await sleep(100);
  timers.forEach(clearTimeout);

  let diverged = 0;
  for (const group of byDocument.values()) {
    const states = new Set(group.map(({ p }) => JSON.stringify(p.doc.getMap('bench').toJSON())));
    if (states.size > 1) diverged += 1;
  }
  for (const { p } of clients) close(p);
  return {
    connectAndSyncMs: { p50: round(percentile(syncMs, 50)), p95: round(percentile(syncMs, 95)), p99: round(percentile(syncMs, 99)) },
    fanOutMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
    writes,
    delivered: round(received / expected, 4),
    diverged,
  };
}

async function idleMemory(server) {
  await sleep(1000);
  const name = await server.newDocument('Idle');
  const connectAll = async () => {
    const sockets = [];
    for (let i = 0; i < IDLE; i += 100) {
      const batch = [];
      for (let j = i; j < Math.min(IDLE, i + 100); j++) batch.push(joinBare(`${server.url}/${name}`, server.headersFor(j)));
      sockets.push(...(await Promise.all(batch)).map((r) => r.socket));
    }
    return sockets;
  };
  // A first round warms the heap up (sign-in queries, buffers) and is thrown away; what the second
  // round adds is what an idle connection keeps.
  for (const socket of await connectAll()) socket.destroy();
  await sleep(2000);
  const heapBefore = await heapUsedAfterGc(server.inspector);
  const sockets = await connectAll();
  await sleep(1000);
  const heapPerIdleConnectionKb = (await heapUsedAfterGc(server.inspector)) - heapBefore;
  for (const socket of sockets) socket.destroy();

  // Documents: 200 small ones open at once, one bare connection each, less that connection's share.
  await sleep(1000);
  const names = [];
  for (let i = 0; i < 200; i++) names.push(await server.newDocument(`Memory ${i}`));
  const heapDocsBefore = await heapUsedAfterGc(server.inspector);
  const docSockets = [];
  for (let i = 0; i < names.length; i += 50) {
    docSockets.push(...(await Promise.all(names.slice(i, i + 50).map((n, k) => joinBare(`${server.url}/${n}`, server.headersFor(i + k))))).map((r) => r.socket));
  }
  await sleep(500);
  const perDocumentKb = ((await heapUsedAfterGc(server.inspector)) - heapDocsBefore) / 1024 / names.length - heapPerIdleConnectionKb / 1024 / IDLE;
  for (const socket of docSockets) socket.destroy();
  return {
    heapPerIdleConnectionKb: round(heapPerIdleConnectionKb / 1024 / IDLE, 2),
    heapPerDocumentKb: round(perDocumentKb, 1),
  };
}

/** A document of about `megabytes` MB written by one client; returns it still connected. */
async function bigDocument(server, megabytes) {
  const name = await server.newDocument(`${megabytes} MB`);
  const writer = provider(server, name, 0);
  await synced(writer);
  const text = writer.doc.getText('big');
  const chunk = 'Every patient with a positive screen gets a call within a week. '.repeat(8000); // ~512 KB
  for (let written = 0; written < megabytes * 1024 * 1024; written += chunk.length) {
    text.insert(text.length, chunk);
    await sleep(50);
  }
  // Round-trip through a second client to be sure the server holds all of it.
  const check = provider(server, name, 1);
  await synced(check);
  while (check.doc.getText('big').length < text.length) await sleep(50);
  close(check);
  return { name, writer, bytes: Y.encodeStateAsUpdate(writer.doc).length };
}

async function loadTime(server) {
  const { name, writer, bytes } = await bigDocument(server, 1);
  close(writer);
  const times = [];
  for (let i = 0; i < 5; i++) {
    await sleep(1500); // unloaded after 300 ms without peers
    const began = performance.now();
    const p = provider(server, name, 2);
    await synced(p);
    times.push(performance.now() - began);
    close(p);
  }
  return { documentBytes: bytes, loadMs: { p50: round(percentile(times, 50)), max: round(Math.max(...times)) } };
}

async function manyJoin(server) {
  const { name, writer, bytes } = await bigDocument(server, 4);
  const results = await Promise.all(Array.from({ length: JOINERS }, (_, i) => joinBare(`${server.url}/${name}`, server.headersFor(i))));
  const times = results.map((r) => r.ms);
  for (const r of results) r.socket.destroy();
  close(writer);
  return { documentBytes: bytes, joiners: JOINERS, syncMs: { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), p99: round(percentile(times, 99)) } };
}

// ---- run ----------------------------------------------------------------------------------------

const results = {};
for (const start of [startStock, startKnotwork]) {
  const server = await start();
  console.log(`\n${server.name}: fan-out ${DOCS} documents × ${CLIENTS} clients × ${WRITES_PER_DOC} writes/s per document for ${SECONDS} s…`);
  const result = { fanOut: await fanOut(server) };
  console.log(`${server.name}: idle memory…`);
  result.memory = await idleMemory(server);
  if (server.name === 'knotwork') {
    console.log(`${server.name}: loading a 1 MB document…`);
    result.load1mb = await loadTime(server);
  }
  console.log(`${server.name}: ${JOINERS} clients joining a 4 MB document…`);
  result.join4mb = await manyJoin(server);
  results[server.name] = result;
  await server.stop();
}

const ours = results.knotwork;
const stock = results['stock y-websocket'];
const rows = [
  ['connect and sync p50 / p99 (ms)', `${stock.fanOut.connectAndSyncMs.p50} / ${stock.fanOut.connectAndSyncMs.p99}`, `${ours.fanOut.connectAndSyncMs.p50} / ${ours.fanOut.connectAndSyncMs.p99}`],
  ['fan-out p50 (ms)', stock.fanOut.fanOutMs.p50, ours.fanOut.fanOutMs.p50],
  ['fan-out p95 (ms)', stock.fanOut.fanOutMs.p95, ours.fanOut.fanOutMs.p95],
  ['fan-out p99 (ms)', stock.fanOut.fanOutMs.p99, ours.fanOut.fanOutMs.p99],
  ['writes', stock.fanOut.writes, ours.fanOut.writes],
  ['delivered ratio', stock.fanOut.delivered, ours.fanOut.delivered],
  ['documents diverged', stock.fanOut.diverged, ours.fanOut.diverged],
  ['heap per idle connection, after GC (KB)', stock.memory.heapPerIdleConnectionKb, ours.memory.heapPerIdleConnectionKb],
  ['heap per small document, after GC (KB)', stock.memory.heapPerDocumentKb, ours.memory.heapPerDocumentKb],
  ['load a 1 MB document p50 / max (ms)', 'n/a (memory only)', `${ours.load1mb.loadMs.p50} / ${ours.load1mb.loadMs.max}`],
  [`${JOINERS} join a 4 MB document p50 (ms)`, stock.join4mb.syncMs.p50, ours.join4mb.syncMs.p50],
  [`${JOINERS} join a 4 MB document p99 (ms)`, stock.join4mb.syncMs.p99, ours.join4mb.syncMs.p99],
];
const table = rows.map(([measure, stockValue, oursValue]) => ({ measure, 'stock y-websocket': stockValue, knotwork: oursValue }));
const summary = {
  fanOutP99Ratio: round(ours.fanOut.fanOutMs.p99 / Math.max(1, stock.fanOut.fanOutMs.p99), 2),
  targets: {
    allDelivered: ours.fanOut.delivered === 1,
    noneDiverged: ours.fanOut.diverged === 0,
    p99NoWorseThanStock: ours.fanOut.fanOutMs.p99 <= stock.fanOut.fanOutMs.p99,
    join4mbP99Under3s: ours.join4mb.syncMs.p99 < 3000,
    idleConnectionAtMost5Kb: ours.memory.heapPerIdleConnectionKb <= 5,
  },
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(
  join(root, 'bench-results/collab.json'),
  JSON.stringify({ bench: 'collab', at: new Date().toISOString(), load: { documents: DOCS, clients: CLIENTS, writesPerDocumentPerSecond: WRITES_PER_DOC, seconds: SECONDS }, results, summary }, null, 2) + '\n',
);
console.log('');
console.table(table);
console.log(`fan-out p99, knotwork ÷ stock: ${summary.fanOutP99Ratio}`);
console.table(summary.targets);
process.exit(0);
