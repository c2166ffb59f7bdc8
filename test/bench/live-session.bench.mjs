// `npm run bench -- live-session`: the live room of a learning session with many people in it.
//
//   join            BENCH_PARTICIPANTS (500) members connect and send `session:join`, in batches of
//                   50 as a crowd arriving would: connect + join acknowledgement time (p50 / p99).
//   poll            the coach opens a poll and reveals it (so that everyone hears results); every
//                   participant votes once, at a random moment within one second. The final count
//                   must be exact (every vote counted once: total = participants, counts as cast),
//                   checked from the last `poll:results` and from the rows.
//                   "results broadcast": for each vote, the time from sending it until the voter
//                   hears a `poll:results` counting at least as many voters as had been acknowledged
//                   when its own acknowledgement came (p50 / p99). Target: p99 < 100 ms. Also how
//                   many `poll:results` went out (coalesced: far fewer than votes), the server
//                   process's CPU time over the phase (from /proc, per vote too), the benchmark's
//                   own (its client threads: a busy client would show here) and the load average.
//   chat            BENCH_CHATS (40) messages from different members, BENCH_CHATS_PER_SECOND (20)
//                   a second: the time from sending each until each participant hears it (p50 /
//                   p99 over every (message, participant) pair). Target: p99 < 100 ms.
//
// Every parameter can also be an argument: `npm run bench -- live-session --participants=200`.
// BENCH_PROFILE_DIR: the server runs with --cpu-prof and writes its .cpuprofile there when it stops.
// The server runs in its own process (server/dist/main.js), started as the integration suites start
// it (test/support/server.ts); the participants are socket.io-client instances spread over
// BENCH_WORKERS (2) worker threads, so that the clients' parsing is not the server's latency.
// The participants' accounts are written straight into the database (with sessions signed by the
// server's secret): 500 argon2 sign-ins would measure password hashing, not the room.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { httpClient, parameter, round, sleep, summary, testSupport } from './bench-kit.mjs';

const root = resolve(import.meta.dirname, '../..');
const now = () => performance.timeOrigin + performance.now();

/** CPU time (ms, user + system) a process has used so far, from /proc: the server's own, not the clients'. */
function processCpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

// ---- participants (worker side) -----------------------------------------------------------------

async function runWorker() {
  const { io } = await import('socket.io-client');
  const { url, sessionId, cookies } = workerData;
  const participants = cookies.map((cookie) => ({ cookie, socket: null, results: [], chats: new Map() }));

  const commands = {
    async join() {
      const joinMs = [];
      const refusals = [];
      for (let i = 0; i < participants.length; i += 50) {
        await Promise.all(
          participants.slice(i, i + 50).map(async (participant) => {
            const started = now();
            const socket = io(url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: participant.cookie }, reconnection: false, forceNew: true });
            participant.socket = socket;
            socket.on('poll:results', (results) => participant.results.push({ at: now(), total: results.total, counts: results.counts }));
            socket.on('chat:message', ({ message }) => {
              const marker = /^bench-chat-(\d+)$/.exec(message.text);
              if (marker && !participant.chats.has(Number(marker[1]))) participant.chats.set(Number(marker[1]), now());
            });
            await new Promise((resolveConnect, reject) => {
              socket.once('connect', resolveConnect);
              socket.once('connect_error', reject);
            });
            const answer = await socket.emitWithAck('session:join', { sessionId });
            if (!answer.ok) refusals.push(JSON.stringify(answer.error));
            joinMs.push(now() - started);
          }),
        );
      }
      return { joinMs, refusals };
    },

    async vote({ pollId, startAt, windowMs }) {
      const votes = await Promise.all(
        participants.map(async (participant, index) => {
          const choice = (workerData.first + index) % 3;
          await sleep(Math.max(0, startAt + Math.random() * windowMs - now()));
          const sentAt = now();
          const answer = await participant.socket.emitWithAck('poll:vote', { pollId, choices: [choice] });
          return { index, choice, sentAt, ackedAt: now(), ok: answer.ok === true, error: answer.ok ? null : JSON.stringify(answer.error) };
        }),
      );
      return { votes };
    },

    async results() {
      return { results: participants.map((participant) => participant.results) };
    },

    async chat({ senders, startAt, everyMs }) {
      const sent = await Promise.all(
        senders.map(async ({ index, marker }) => {
          await sleep(Math.max(0, startAt + marker * everyMs - now()));
          const sentAt = now();
          const answer = await participants[index].socket.emitWithAck('chat:send', { text: `bench-chat-${marker}` });
          return { marker, sentAt, ok: answer.ok === true, error: answer.ok ? null : JSON.stringify(answer.error) };
        }),
      );
      return { sent };
    },

    async heard() {
      return { heard: participants.map((participant) => Object.fromEntries(participant.chats)) };
    },

    async close() {
      for (const participant of participants) participant.socket?.disconnect();
      return {};
    },
  };

  parentPort.on('message', async ({ id, command, args }) => {
    try {
      parentPort.postMessage({ id, ok: true, value: await commands[command](args) });
    } catch (error) {
      parentPort.postMessage({ id, ok: false, error: String(error?.stack ?? error) });
    }
  });
  parentPort.postMessage({ ready: true });
}

// ---- the bench (main thread) --------------------------------------------------------------------




/** A signed-in HTTP client (the coach), with its own address as a separate person would have. */
const client = (base) => httpClient(base, '10.77.0.1');

/** Workers, each with a share of the participants, answering numbered commands. */
async function startWorkers({ url, sessionId, cookies, count }) {
  const workers = [];
  const perWorker = Math.ceil(cookies.length / count);
  for (let first = 0; first < cookies.length; first += perWorker) {
    const worker = new Worker(new URL(import.meta.url), { workerData: { url, sessionId, cookies: cookies.slice(first, first + perWorker), first } });
    let nextId = 0;
    const waiting = new Map();
    await new Promise((resolveReady, reject) => {
      worker.once('error', reject);
      worker.on('message', (message) => {
        if (message.ready) return resolveReady();
        const { resolve: settle, reject: fail } = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.ok) settle(message.value);
        else fail(new Error(message.error));
      });
    });
    workers.push({
      first,
      worker,
      call: (command, args) =>
        new Promise((resolveCall, rejectCall) => {
          const id = nextId++;
          waiting.set(id, { resolve: resolveCall, reject: rejectCall });
          worker.postMessage({ id, command, args });
        }),
    });
  }
  const all = (command, args) => Promise.all(workers.map((worker) => worker.call(command, typeof args === 'function' ? args(worker) : args)));
  return { workers, all, stop: () => Promise.all(workers.map((worker) => worker.worker.terminate())) };
}

/** The participants: members of the network with a signed-in session each, written in a few statements. */
async function seedParticipants(db, { networkId, count, secret }) {
  const ids = Array.from({ length: count }, () => randomUUID());
  const tokens = ids.map(() => randomBytes(32).toString('base64url'));
  await db.query(
    `INSERT INTO users (id, email, display_name, password_hash)
     SELECT id, 'bench-' || id || '@example.test', 'Participant ' || n, 'no password: signed in by the bench'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
    [ids],
  );
  await db.query(`INSERT INTO memberships (network_id, user_id, role) SELECT $1, unnest($2::uuid[]), 'member'`, [networkId, ids]);
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at) SELECT unnest($1::text[]), unnest($2::uuid[]), now() + interval '1 day'`,
    [tokens.map((token) => createHmac('sha256', secret).update(token).digest('base64url')), ids],
  );
  return tokens.map((token) => `knotwork_session=${token}`);
}

async function main() {
  const parameters = {
    participants: parameter('participants', 'BENCH_PARTICIPANTS', 500),
    voteWindowMs: parameter('vote-window-ms', 'BENCH_VOTE_WINDOW_MS', 1000),
    chats: parameter('chats', 'BENCH_CHATS', 40),
    chatsPerSecond: parameter('chats-per-second', 'BENCH_CHATS_PER_SECOND', 20),
    workers: parameter('workers', 'BENCH_WORKERS', 2),
  };
  const require = createRequire(join(root, 'server/dist/main.js'));
  const { Client } = require('pg');
  const { spawnTestServices, servicesReady, startServer } = testSupport();
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-bench-live-'));
  const services = spawnTestServices(dataDir);
  const secret = randomBytes(32).toString('base64url');
  const profileDir = process.env.BENCH_PROFILE_DIR;
  if (profileDir) mkdirSync(resolve(profileDir), { recursive: true });
  const server = await startServer(
    { SESSION_SECRET: secret },
    { services: JSON.parse(await servicesReady(services)), nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [] },
  ).catch((error) => {
    services.stdin.end();
    throw error;
  });
  const db = new Client({ connectionString: server.databaseUrl });
  await db.connect();
  const results = { parameters, machine: { loadAverageAtStart: loadavg().map((x) => round(x, 2)) } };
  let crowd = null;
  try {
    const coach = client(server.url);
    const credentials = { email: `coach-${randomUUID()}@example.test`, password: 'a bench password for the live room' };
    await coach.post('/api/auth/register', { ...credentials, displayName: 'Bench Coach' });
    await coach.post('/api/auth/login', credentials);
    const network = await coach.post('/api/networks', { name: `Live bench ${randomUUID().slice(0, 8)}`, level: 'national', visibility: 'private' });
    const at = (minutes) => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + minutes * 60_000).toISOString();
    const session = await coach.post(`/api/networks/${network.id}/learning-sessions`, {
      title: 'Bench learning session',
      startsAt: at(60),
      endsAt: at(120),
      timeZone: 'Europe/London',
      agenda: [{ title: 'Welcome', minutes: 10 }],
    });
    const cookies = await seedParticipants(db, { networkId: network.id, count: parameters.participants, secret });

    const { io } = await import('socket.io-client');

    crowd = await startWorkers({ url: server.url, sessionId: session.id, cookies, count: parameters.workers });
    console.log(`join: ${parameters.participants} participants…`);
    const joinStarted = performance.now();
    const joined = await crowd.all('join');
    const joinMs = joined.flatMap((part) => part.joinMs);
    const refusals = joined.flatMap((part) => part.refusals);
    results.join = { participants: joinMs.length, seconds: round((performance.now() - joinStarted) / 1000, 2), ms: summary(joinMs), refusals: refusals.length };
    if (refusals.length > 0) throw new Error(`joins refused: ${refusals.slice(0, 3).join('; ')}`);

    // The coach starts the session, opens a poll and reveals it, over a socket of their own.
    const coachSocket = await coachSocketFor(io, server.url, coach, session.id);
    await ack(coachSocket, 'session:start', {});
    const poll = await coach.post(`/api/learning-sessions/${session.id}/polls`, { question: 'Which change first?', options: ['Calls', 'Texts', 'Letters'] });
    await ack(coachSocket, 'poll:reveal', { pollId: poll.id });
    await sleep(300);

    console.log(`poll: ${parameters.participants} votes within ${parameters.voteWindowMs} ms…`);
    const startAt = now() + 200;
    const serverCpuBefore = processCpuMs(server.process.pid);
    const benchCpuBefore = process.cpuUsage();
    const voted = await crowd.all('vote', { pollId: poll.id, startAt, windowMs: parameters.voteWindowMs });
    const votes = voted.flatMap((part, w) => part.votes.map((vote) => ({ ...vote, participant: crowd.workers[w].first + vote.index })));
    const failedVotes = votes.filter((vote) => !vote.ok);
    await sleep(500); // the last coalesced results go out
    // Over the vote phase: the server's CPU (every vote, commit, count and broadcast) and the
    // benchmark's own (its worker threads' clients), so that a slow client shows as such.
    const serverCpuMs = processCpuMs(server.process.pid) - serverCpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const heardResults = (await crowd.all('results')).flatMap((part) => part.results);
    const expectedCounts = [0, 0, 0];
    for (const vote of votes) if (vote.ok) expectedCounts[vote.choice] += 1;
    const acked = votes.filter((vote) => vote.ok).map((vote) => vote.ackedAt).sort((a, b) => a - b);
    const ackedBy = (time) => {
      let low = 0;
      let high = acked.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (acked[middle] <= time) low = middle + 1;
        else high = middle;
      }
      return low;
    };
    const voteToResults = [];
    let unheard = 0;
    for (const vote of votes.filter((candidate) => candidate.ok)) {
      const needed = ackedBy(vote.ackedAt);
      const heard = heardResults[vote.participant].find((results) => results.at >= vote.sentAt && results.total >= needed);
      if (heard) voteToResults.push(heard.at - vote.sentAt);
      else unheard += 1;
    }
    const finals = heardResults.map((list) => list.at(-1));
    const exactEverywhere = finals.every((last) => last && last.total === parameters.participants && last.counts.every((count, i) => count === expectedCounts[i]));
    const rows = await db.query(`SELECT count(*)::int AS voters FROM live_room_poll_voters WHERE poll_id = $1`, [poll.id]);
    const broadcasts = new Set(heardResults[0].map((results) => results.total)).size;
    results.poll = {
      votes: votes.length,
      failedVotes: failedVotes.length,
      voteAckMs: summary(votes.map((vote) => vote.ackedAt - vote.sentAt)),
      expectedCounts,
      finalHeardByEveryone: exactEverywhere,
      votersInRows: rows.rows[0].voters,
      resultsBroadcastMs: summary(voteToResults),
      votesWithoutResults: unheard,
      resultsMessagesPerParticipant: heardResults[0].length,
      distinctTotalsBroadcast: broadcasts,
      serverCpuMs: round(serverCpuMs, 0),
      serverCpuMsPerVote: round(serverCpuMs / votes.length, 2),
      benchClientsCpuMs: round((benchCpu.user + benchCpu.system) / 1000, 0),
    };
    if (failedVotes.length > 0) console.error(`refused votes: ${failedVotes.slice(0, 3).map((vote) => vote.error).join('; ')}`);

    console.log(`chat: ${parameters.chats} messages at ${parameters.chatsPerSecond}/s to ${parameters.participants} participants…`);
    const everyMs = 1000 / parameters.chatsPerSecond;
    const chatStart = now() + 200;
    const chatSent = (
      await crowd.all('chat', (worker) => ({
        // Senders spread over the workers; marker m is sent by participant m (different people: the chat limit is per person).
        senders: Array.from({ length: parameters.chats }, (_, marker) => ({ index: marker - worker.first, marker })).filter(
          ({ index }) => index >= 0 && index < Math.ceil(parameters.participants / parameters.workers),
        ),
        startAt: chatStart,
        everyMs,
      }))
    ).flatMap((part) => part.sent);
    await sleep(1000);
    const heardChats = (await crowd.all('heard')).flatMap((part) => part.heard);
    const sentAt = new Map(chatSent.filter((sent) => sent.ok).map((sent) => [sent.marker, sent.sentAt]));
    const fanOut = [];
    let missing = 0;
    for (const heard of heardChats) {
      for (const [marker, sent] of sentAt) {
        const at = heard[marker];
        if (at === undefined) missing += 1;
        else fanOut.push(at - sent);
      }
    }
    results.chat = {
      messages: chatSent.length,
      refused: chatSent.filter((sent) => !sent.ok).length,
      deliveries: fanOut.length,
      missing,
      fanOutMs: summary(fanOut),
    };
    coachSocket.disconnect();
  } finally {
    await crowd?.all('close').catch(() => undefined);
    await crowd?.stop();
    await db.end();
    const exitCode = await server.stop();
    if (exitCode !== 0) console.error(`the server stopped with ${exitCode}; what it printed:\n${server.output().slice(-4000)}`);
    services.stdin.end();
    await new Promise((resolveExit) => services.once('exit', resolveExit));
    rmSync(dataDir, { recursive: true, force: true });
  }

  results.machine.loadAverageAtEnd = loadavg().map((x) => round(x, 2));
  const { join: joinResults, poll, chat } = results;
  results.targets = {
    exactCount: poll.failedVotes === 0 && poll.finalHeardByEveryone && poll.votersInRows === parameters.participants,
    resultsBroadcastP99Under100ms: poll.resultsBroadcastMs.p99 !== null && poll.resultsBroadcastMs.p99 < 100 && poll.votesWithoutResults === 0,
    chatFanOutP99Under100ms: chat.fanOutMs.p99 !== null && chat.fanOutMs.p99 < 100 && chat.missing === 0,
  };
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results/live-session.json'), JSON.stringify({ bench: 'live-session', at: new Date().toISOString(), ...results }, null, 2) + '\n');
  const line = (cells) => '| ' + cells.join(' | ') + ' |';
  console.log('');
  console.log(line(['measure', 'value', 'target']));
  console.log(line(['---', '---', '---']));
  console.log(line(['participants joined', `${joinResults.participants} in ${joinResults.seconds} s`, '']));
  console.log(line(['connect + join p50 / p99 (ms)', `${joinResults.ms.p50} / ${joinResults.ms.p99}`, '']));
  console.log(line(['votes (refused)', `${poll.votes} (${poll.failedVotes}) within ${parameters.voteWindowMs} ms`, '']));
  console.log(line(['count', `${poll.expectedCounts.join(' / ')}; rows ${poll.votersInRows}; everyone heard the exact final: ${poll.finalHeardByEveryone}`, 'exact']));
  console.log(line(['vote acknowledgement p50 / p99 (ms)', `${poll.voteAckMs.p50} / ${poll.voteAckMs.p99}`, '']));
  console.log(line(['results broadcast p50 / p99 (ms)', `${poll.resultsBroadcastMs.p50} / ${poll.resultsBroadcastMs.p99}`, 'p99 < 100']));
  console.log(line(['server CPU over the vote phase (ms; per vote)', `${poll.serverCpuMs}; ${poll.serverCpuMsPerVote}`, '']));
  console.log(line(['bench clients CPU over the vote phase (ms)', `${poll.benchClientsCpuMs}`, '']));
  console.log(line(['load average at start / end', `${results.machine.loadAverageAtStart.join(' ')} / ${results.machine.loadAverageAtEnd.join(' ')}`, '']));
  console.log(line(['poll:results messages per participant', `${poll.resultsMessagesPerParticipant} for ${poll.votes} votes`, '']));
  console.log(line(['chat fan-out p50 / p99 (ms)', `${chat.fanOutMs.p50} / ${chat.fanOutMs.p99} (${chat.deliveries} deliveries, ${chat.missing} missing)`, 'p99 < 100']));
  console.log('\nwritten to bench-results/live-session.json');
  const missed = Object.entries(results.targets).filter(([, met]) => !met);
  if (missed.length > 0) console.error(`targets missed: ${missed.map(([name]) => name).join(', ')}`);
  process.exit(0);
}

/** The coach's socket: signed in with the coach's cookie, joined to the session. */
async function coachSocketFor(io, url, coach, sessionId) {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: coach.cookie }, reconnection: false, forceNew: true });
  await new Promise((resolveConnect, reject) => {
    socket.once('connect', resolveConnect);
    socket.once('connect_error', reject);
  });
  await ack(socket, 'session:join', { sessionId });
  return socket;
}

async function ack(socket, event, payload) {
  const answer = await socket.emitWithAck(event, payload);
  if (!answer.ok) throw new Error(`${event}: ${JSON.stringify(answer.error)}`);
  return answer;
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
