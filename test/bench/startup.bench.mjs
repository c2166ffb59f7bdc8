// How long `npm start` takes to be ready: a first start on an empty DATA_DIR (creates the
// PostgreSQL cluster, starts Meilisearch, migrates, seeds the demo) and warm restarts on the same
// data. Both with the embedded services, as a new user runs it. Target: ready in under 15 s.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '../..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const freePort = () =>
  new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });

async function timeStart(dataDir) {
  const port = await freePort();
  const began = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(root, 'server/dist/main.js')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, KNOTWORK_READY_LINE: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolveReady, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line.startsWith('KNOTWORK_READY') && resolveReady());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const readyMs = Number(process.hrtime.bigint() - began) / 1e6;
  const response = await fetch(`http://127.0.0.1:${port}/api/ready`);
  if (!response.ok) throw new Error(`not ready: ${response.status}`);
  const stopBegan = process.hrtime.bigint();
  await new Promise((resolveExit) => {
    child.once('exit', resolveExit);
    child.kill('SIGTERM');
  });
  return { readyMs, stopMs: Number(process.hrtime.bigint() - stopBegan) / 1e6 };
}

const rows = [];
for (let round = 1; round <= rounds; round++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-bench-'));
  try {
    const first = await timeStart(dataDir);
    const warm = await timeStart(dataDir);
    rows.push({ round, firstStartMs: Math.round(first.readyMs), warmStartMs: Math.round(warm.readyMs), stopMs: Math.round(warm.stopMs) });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = {
  firstStartMedianMs: median(rows.map((row) => row.firstStartMs)),
  warmStartMedianMs: median(rows.map((row) => row.warmStartMs)),
  stopMedianMs: median(rows.map((row) => row.stopMs)),
  targetMs: 15_000,
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(
  join(root, 'bench-results/startup.json'),
  JSON.stringify({ bench: 'startup', at: new Date().toISOString(), node: process.version, rounds: rows, summary }, null, 2) + '\n',
);
console.table(rows);
console.table([summary]);
console.log(summary.firstStartMedianMs < summary.targetMs ? 'First start is within the 15 s target.' : 'First start MISSES the 15 s target.');
