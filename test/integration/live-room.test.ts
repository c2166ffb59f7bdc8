import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { queueIdle, sql } from '../support/jobs';
import { scheduleSession } from '../support/learning-sessions';
import { liveAs, type LiveClient } from '../support/live';
import { freePort, serverForSuite, startServer, type RunningServer } from '../support/server';

jest.setTimeout(120_000);

const server = serverForSuite();
const clients: LiveClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

async function listen(user: TestUser, url = server.url): Promise<LiveClient> {
  const client = await liveAs(url, user);
  clients.push(client);
  return client;
}

/** A private network with a coach and `memberCount` members, and a session with a two-item agenda. */
async function room(memberCount: number, options: { visibility?: 'public' | 'private' } = {}) {
  const admin = await newUser(server.url);
  const coach = await newUser(server.url, { displayName: `Coach ${randomBytes(2).toString('hex')}` });
  const network = await newNetwork(admin, { visibility: options.visibility ?? 'private' });
  await addMember(admin, network.id, coach, 'coach');
  const members: TestUser[] = [];
  for (let i = 0; i < memberCount; i++) {
    const member = await newUser(server.url, { displayName: `Member ${i} ${randomBytes(2).toString('hex')}` });
    await addMember(admin, network.id, member, 'member');
    members.push(member);
  }
  const session = await scheduleSession(coach, network.id);
  return { admin, coach, network, members, session };
}

/** Joins the session as `user` and returns the socket and the acknowledged state. */
async function join(user: TestUser, sessionId: string, url = server.url) {
  const client = await listen(user, url);
  const ack = await client.socket.emitWithAck('session:join', { sessionId });
  if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
  return { client, state: ack.state };
}

const emit = (client: LiveClient, event: string, payload: unknown = {}) => client.socket.emitWithAck(event, payload);

async function livePoll(coach: TestUser, sessionId: string, body: Record<string, unknown> = {}) {
  const response = await coach.client.post(`/api/learning-sessions/${sessionId}/polls`, { question: 'Which change first?', options: ['Calls', 'Texts', 'Letters'], ...body });
  expect(response.status).toBe(201);
  return response.body;
}

describe('who may do what', () => {
  it('refuses every coach control to a member on the acknowledgement, in the one error shape', async () => {
    const { coach, members, session } = await room(1);
    const host = await join(coach, session.id);
    const member = await join(members[0], session.id);
    expect(await emit(member.client, 'session:start')).toMatchObject({ ok: false, error: { statusCode: 403, code: 'live_room.forbidden' } });
    expect(await emit(host.client, 'session:start')).toEqual({ ok: true });
    const poll = await livePoll(coach, session.id);
    expect(await emit(member.client, 'hand:raise')).toMatchObject({ ok: true });
    const { question } = await emit(member.client, 'question:ask', { text: 'How do we start?' });

    const refusals = await Promise.all([
      emit(member.client, 'session:end'),
      emit(member.client, 'agenda:advance', { index: 1 }),
      emit(member.client, 'poll:close', { pollId: poll.id }),
      emit(member.client, 'poll:reveal', { pollId: poll.id }),
      emit(member.client, 'hand:acknowledge', { userId: members[0].id }),
      emit(member.client, 'question:answered', { questionId: question.id }),
      emit(member.client, 'room:broadcast', { text: 'Hello all' }),
      emit(member.client, 'breakout:create', { count: 2, mode: 'mixed' }),
      emit(member.client, 'breakout:start', { minutes: 5 }),
      emit(member.client, 'breakout:end'),
      emit(member.client, 'breakout:move', { userId: members[0].id, groupId: '00000000-0000-4000-8000-000000000000' }),
      emit(member.client, 'question:hide', { questionId: question.id, reason: 'mine to hide?' }),
      emit(member.client, 'question:reveal', { questionId: question.id }),
    ]);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ ok: false, error: { statusCode: 403, error: 'Forbidden', code: 'live_room.forbidden' } });
      expect(Object.keys(refusal.error).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
    }
    const restPoll = await members[0].client.post(`/api/learning-sessions/${session.id}/polls`, { question: 'Mine?', options: ['a', 'b'] });
    expectErrorShape(restPoll, 403, 'live_room.forbidden');
    expectErrorShape(await members[0].client.get(`/api/learning-sessions/${session.id}/attendance`), 403, 'live_room.forbidden');
    // Nothing a refusal touched moved: the session is live, the hand still up, the question open.
    const again = await emit(member.client, 'session:join', { sessionId: session.id });
    expect(again.state.session.status).toBe('live');
    expect(again.state.hands.map((hand: { userId: string }) => hand.userId)).toEqual([members[0].id]);
    expect(again.state.questions[0]).toMatchObject({ id: question.id, answered: false });
    expect(again.state.polls[0]).toMatchObject({ status: 'open', revealed: false });
  });

  it('answers a private session to a stranger exactly as a missing one, and a reader of a public network watches but cannot act', async () => {
    const { session } = await room(0);
    const stranger = await newUser(server.url);
    const rest = await stranger.client.get(`/api/learning-sessions/${session.id}`);
    expect(rest.status).toBe(404);
    const socket = await listen(stranger);
    const refused = await emit(socket, 'session:join', { sessionId: session.id });
    expect(refused).toEqual({ ok: false, error: rest.body });
    expect(await emit(socket, 'session:join', { sessionId: '00000000-0000-4000-8000-000000000000' })).toEqual(refused);
    expect(await emit(socket, 'hand:raise', { sessionId: session.id })).toMatchObject({ ok: false, error: { code: 'live_room.not_joined' } });

    const open = await room(0, { visibility: 'public' });
    const host = await join(open.coach, open.session.id);
    await emit(host.client, 'session:start');
    const watcher = await join(stranger, open.session.id);
    expect(watcher.state.me).toEqual({ userId: stranger.id, role: null, hosts: false, contributes: false });
    expect(await emit(watcher.client, 'hand:raise')).toMatchObject({ ok: false, error: { statusCode: 403, code: 'live_room.members_only' } });
    expect(await emit(watcher.client, 'chat:send', { text: 'hi' })).toMatchObject({ ok: false, error: { statusCode: 403, code: 'live_room.members_only' } });
  });

  it('a member removed mid-session loses the room at once: no more votes, no more of what is said', async () => {
    const { admin, coach, network, members, session } = await room(2);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const leaving = await join(members[0], session.id);
    const staying = await join(members[1], session.id);
    const poll = await livePoll(coach, session.id);
    expect(await emit(leaving.client, 'poll:vote', { pollId: poll.id, choices: [0] })).toMatchObject({ ok: true });

    const lost = leaving.client.next('session:access-lost');
    expect((await admin.client.delete(`/api/networks/${network.id}/members/${members[0].id}`)).status).toBe(204);
    expect(await lost).toEqual({ sessionId: session.id });
    const refused = await emit(leaving.client, 'poll:vote', { pollId: poll.id, choices: [1] });
    expect(refused).toMatchObject({ ok: false, error: { statusCode: 404 } });
    const heardBefore = leaving.client.heard.length;
    const chat = staying.client.next('chat:message');
    await emit(staying.client, 'chat:send', { text: 'After the removal' });
    await chat;
    expect(leaving.client.heard.slice(heardBefore).filter(({ event }) => event === 'chat:message')).toEqual([]);
    expect((await emit(host.client, 'poll:close', { pollId: poll.id })).results).toEqual({ counts: [1, 0, 0], total: 1 });
  });

  it('a start and an end reach members’ very next messages: before the start they may not chat, after the end no more', async () => {
    const { coach, members, session } = await room(1);
    const host = await join(coach, session.id);
    const member = await join(members[0], session.id);
    expect(await emit(member.client, 'chat:send', { text: 'too early' })).toMatchObject({ ok: false, error: { code: 'live_room.not_live' } });
    await emit(host.client, 'session:start');
    expect(await emit(member.client, 'chat:send', { text: 'hello' })).toMatchObject({ ok: true });
    expect(await emit(host.client, 'session:end')).toMatchObject({ ok: true });
    expect(await emit(member.client, 'chat:send', { text: 'after the end' })).toMatchObject({ ok: false, error: { code: 'live_room.not_live' } });
    expect(await emit(member.client, 'hand:raise')).toMatchObject({ ok: false, error: { code: 'live_room.not_live' } });
  });

  it('names the field at fault in bad messages and bad poll bodies', async () => {
    const { coach, members, session } = await room(1);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const member = await join(members[0], session.id);
    const poll = await livePoll(coach, session.id);
    for (const [choices, word] of [[[], 'at least one'], [[0, 1], 'single choice'], [[7], 'from 0 to 2']] as const) {
      const answer = await emit(member.client, 'poll:vote', { pollId: poll.id, choices });
      expect(answer).toMatchObject({ ok: false, error: { statusCode: 400, code: 'live_room.bad_choices', fields: [{ field: 'choices' }] } });
      expect(answer.error.message).toContain(word);
    }
    expect(await emit(member.client, 'poll:vote', { pollId: poll.id, choices: 'one' })).toMatchObject({ ok: false, error: { statusCode: 400, fields: [{ field: 'choices' }] } });
    expect(await emit(host.client, 'agenda:advance', { index: 2 })).toMatchObject({ ok: false, error: { statusCode: 400, code: 'live_room.agenda_index', fields: [{ field: 'index' }] } });
    expect(await emit(member.client, 'question:ask', { text: '   ' })).toMatchObject({ ok: false, error: { statusCode: 400, fields: [{ field: 'text' }] } });
    for (const body of [{ question: 'Q', options: ['only one'] }, { question: 'Q', options: ['a', ''] }, { question: '', options: ['a', 'b'] }, { question: 'Q', options: ['a', 'b'], multiple: 'yes' }]) {
      const response = await coach.client.post(`/api/learning-sessions/${session.id}/polls`, body);
      expectErrorShape(response, 400);
    }
    // Nothing half-written: the one poll made is the only one.
    expect((await emit(member.client, 'session:join', { sessionId: session.id })).state.polls).toHaveLength(1);
  });
});

describe('the state a joiner gets', () => {
  it('a late joiner and a reconnecting member are complete at once: agenda, people, hands, questions, polls with their own vote', async () => {
    const { admin, coach, network, members, session } = await room(2);
    const team = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Riverside Clinic' });
    await admin.client.patch(`/api/networks/${network.id}/members/${members[0].id}`, { teamId: team.body.id });
    const host = await join(coach, session.id);
    expect(host.state.session).toEqual({ id: session.id, status: 'scheduled', title: session.title });
    const status = host.client.next('session:status');
    await emit(host.client, 'session:start');
    expect(await status).toMatchObject({ sessionId: session.id, status: 'live', agenda: { currentIndex: 0 } });
    const advanced = await emit(host.client, 'agenda:advance', { index: 1 });
    expect(advanced).toMatchObject({ ok: true, currentIndex: 1 });

    const early = await join(members[0], session.id);
    const poll = await livePoll(coach, session.id);
    expect(await emit(early.client, 'poll:vote', { pollId: poll.id, choices: [1] })).toEqual({ ok: true, pollId: poll.id, myChoices: [1] });
    await emit(early.client, 'hand:raise');
    const { question } = await emit(early.client, 'question:ask', { text: 'Who calls on weekends?' });
    expect(question).toMatchObject({ mine: true, authorName: members[0].displayName, votes: 0 });
    await emit(early.client, 'chat:send', { text: 'Hello from Riverside' });

    const late = await join(members[1], session.id);
    expect(late.state).toMatchObject({
      session: { id: session.id, status: 'live' },
      me: { userId: members[1].id, role: 'member', hosts: false, contributes: true },
      agenda: { items: [{ title: 'Welcome' }, { title: 'Team stories' }], currentIndex: 1, itemStartedAt: advanced.itemStartedAt },
      hands: [{ userId: members[0].id, name: members[0].displayName }],
      questions: [{ id: question.id, text: 'Who calls on weekends?', authorName: members[0].displayName, votes: 0, votedByMe: false, answered: false, answer: null, mine: false }],
      polls: [{ id: poll.id, status: 'open', myChoices: null, anonymous: false, multiple: false }],
      breakout: null,
      messages: [{ kind: 'chat', text: 'Hello from Riverside', authorName: members[0].displayName }],
    });
    expect(late.state.polls[0].results).toBeUndefined(); // not revealed: members see no results yet
    const participants = late.state.participants.map((person: { userId: string }) => person.userId).sort();
    expect(participants).toEqual([coach.id, members[0].id, members[1].id].sort());
    expect(late.state.participants.find((person: { userId: string }) => person.userId === members[0].id)).toEqual({
      userId: members[0].id,
      name: members[0].displayName,
      role: 'member',
      teamName: 'Riverside Clinic',
    });
    expect(late.state.participants.find((person: { userId: string }) => person.userId === coach.id)).toMatchObject({ role: 'coach' });
    // The coach sees the results as they come.
    expect((await emit(host.client, 'session:join', { sessionId: session.id })).state.polls[0].results).toEqual({ counts: [0, 1, 0], total: 1 });

    // A reconnect: the same person, their own vote and question, and no second attendee.
    early.client.close();
    const back = await join(members[0], session.id);
    expect(back.state.polls[0].myChoices).toEqual([1]);
    expect(back.state.questions[0]).toMatchObject({ mine: true });
    const attendance = (await coach.client.get(`/api/learning-sessions/${session.id}/attendance`)).body;
    expect(attendance.total).toBe(3);
    expect(attendance.byTeam).toEqual(expect.arrayContaining([{ teamName: 'Riverside Clinic', people: 1 }, { teamName: null, people: 2 }]));
    const returning = attendance.people.find((person: { userId: string }) => person.userId === members[0].id);
    expect(returning).toMatchObject({ teamName: 'Riverside Clinic', present: true, lastLeftAt: null });
    expect(returning.visits).toBeGreaterThanOrEqual(1);
  });

  it('tells the room who arrives and who leaves, and records when they left', async () => {
    const { coach, members, session } = await room(1);
    const host = await join(coach, session.id);
    const arrived = host.client.next('presence:changed', (change) => change.joined.some((person: { userId: string }) => person.userId === members[0].id));
    const member = await join(members[0], session.id);
    // Arrivals go out together (the coach's own may share the message), each person once.
    const joined = (await arrived).joined;
    expect(joined).toEqual(expect.arrayContaining([expect.objectContaining({ userId: members[0].id, role: 'member' })]));
    expect(new Set(joined.map((person: { userId: string }) => person.userId)).size).toBe(joined.length);
    const gone = host.client.next('presence:changed', (change) => change.left.includes(members[0].id));
    member.client.close();
    await gone;
    const attendance = (await coach.client.get(`/api/learning-sessions/${session.id}/attendance`)).body;
    const left = attendance.people.find((person: { userId: string }) => person.userId === members[0].id);
    expect(left.present).toBe(false);
    expect(new Date(left.lastLeftAt).getTime()).toBeGreaterThanOrEqual(new Date(left.firstJoinedAt).getTime());
  });
});

it('counts a person with two tabs once, and they stay present until their last tab leaves', async () => {
  const { coach, members, session } = await room(1);
  const host = await join(coach, session.id);
  const firstTab = await join(members[0], session.id);
  const secondTab = await join(members[0], session.id);
  expect(secondTab.state.participants.filter((person: { userId: string }) => person.userId === members[0].id)).toHaveLength(1);
  firstTab.client.close();
  // The room hears nothing about them leaving; the coach's next view still has them.
  const marker = host.client.next('chat:message');
  await emit(host.client, 'session:start');
  await emit(secondTab.client, 'chat:send', { text: 'still here from the other tab' });
  await marker;
  expect(host.client.heard.some(({ event, payload }) => event === 'presence:changed' && payload.left.includes(members[0].id))).toBe(false);
  const attendance = (await coach.client.get(`/api/learning-sessions/${session.id}/attendance`)).body;
  expect(attendance.people.find((person: { userId: string }) => person.userId === members[0].id)).toMatchObject({ present: true, visits: 1 });
  expect(attendance.total).toBe(2);
});

describe('polls', () => {
  it('counts concurrent votes exactly, once per person, with changed votes replacing; members see results only once revealed', async () => {
    const voters = 12;
    const { coach, members, session } = await room(voters);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const sockets = await Promise.all(members.map(async (member) => (await join(member, session.id)).client));
    const poll = await livePoll(coach, session.id, { multiple: true });

    // Everyone votes at once; each member sends the same vote twice at once (a double click, a retry).
    const choicesOf = (i: number) => (i % 3 === 0 ? [0, 2] : [i % 3]);
    const answers = await Promise.all(sockets.flatMap((socket, i) => [emit(socket, 'poll:vote', { pollId: poll.id, choices: choicesOf(i) }), emit(socket, 'poll:vote', { pollId: poll.id, choices: choicesOf(i) })]));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    // The first four change their minds, all at once.
    await Promise.all(sockets.slice(0, 4).map((socket) => emit(socket, 'poll:vote', { pollId: poll.id, choices: [1] })));
    const expected = { counts: [0, 0, 0], total: voters };
    for (let i = 0; i < voters; i++) for (const choice of i < 4 ? [1] : choicesOf(i)) expected.counts[choice] += 1;

    const settled = await host.client.next('poll:results', (results) => results.pollId === poll.id && results.total === voters && results.counts[1] === expected.counts[1]);
    expect(settled).toEqual({ pollId: poll.id, ...expected });
    expect(sockets.every((socket) => socket.heard.every(({ event }) => event !== 'poll:results'))).toBe(true);
    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM live_room_poll_voters WHERE poll_id = $1', [poll.id])).rows[0].n).toBe(voters);
    } finally {
      await db.end();
    }

    const revealed = sockets[5].next('poll:revealed');
    expect(await emit(host.client, 'poll:reveal', { pollId: poll.id })).toEqual({ ok: true, results: expected });
    expect(await revealed).toEqual({ sessionId: session.id, pollId: poll.id, results: expected });
    const closed = sockets[5].next('poll:closed');
    expect(await emit(host.client, 'poll:close', { pollId: poll.id })).toEqual({ ok: true, results: expected });
    await closed;
    expect(await emit(sockets[5], 'poll:vote', { pollId: poll.id, choices: [0] })).toMatchObject({ ok: false, error: { statusCode: 409, code: 'live_room.poll_closed' } });
    const rejoined = await emit(sockets[0], 'session:join', { sessionId: session.id });
    expect(rejoined.state.polls[0]).toMatchObject({ status: 'closed', revealed: true, myChoices: [1], results: expected });

    // The coach's record of the room (for the export and the summary) carries the same count.
    const record = await coach.client.get(`/api/learning-sessions/${session.id}/room-record`);
    expect(record.status).toBe(200);
    expect(record.body.polls).toEqual([expect.objectContaining({ id: poll.id, status: 'closed', myChoices: null, results: expected })]);
    expect(record.body.attendance.total).toBe(voters + 1);
    expectErrorShape(await members[0].client.get(`/api/learning-sessions/${session.id}/room-record`), 403, 'live_room.forbidden');
  });

  it('votes racing the close: the last results anyone hears are the closed poll’s final count, never an earlier one', async () => {
    const voters = 16;
    const { coach, members, session } = await room(voters);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const sockets = await Promise.all(members.map(async (member) => (await join(member, session.id)).client));
    const poll = await livePoll(coach, session.id);
    await emit(host.client, 'poll:reveal', { pollId: poll.id });

    // Half vote first (their results go out spaced), then the rest vote while the coach closes.
    await Promise.all(sockets.slice(0, voters / 2).map((socket, i) => emit(socket, 'poll:vote', { pollId: poll.id, choices: [i % 3] })));
    const [closing, ...late] = await Promise.all([
      emit(host.client, 'poll:close', { pollId: poll.id }),
      ...sockets.slice(voters / 2).map((socket, i) => emit(socket, 'poll:vote', { pollId: poll.id, choices: [i % 3] })),
    ]);
    expect(closing.ok).toBe(true);
    const final = closing.results;
    expect(final.total).toBe(voters / 2 + late.filter((answer) => answer.ok).length);
    // Whatever was planned or under way when the poll closed has had time to go out by now.
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (const listener of [host.client, ...sockets]) {
      const heard = listener.heard.filter(({ event, payload }) => event === 'poll:results' && (payload as { pollId: string }).pollId === poll.id);
      expect(heard.at(-1)?.payload).toEqual({ pollId: poll.id, ...final });
    }
  });

  it('an anonymous poll keeps no link between a person and their choice, yet a changed vote replaces their own', async () => {
    const { coach, members, session } = await room(3);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const sockets = await Promise.all(members.map(async (member) => (await join(member, session.id)).client));
    const poll = await livePoll(coach, session.id, { anonymous: true });
    await Promise.all(sockets.map((socket, i) => emit(socket, 'poll:vote', { pollId: poll.id, choices: [i === 2 ? 1 : 0] })));
    expect(await emit(sockets[0], 'poll:vote', { pollId: poll.id, choices: [2] })).toEqual({ ok: true, pollId: poll.id, myChoices: [2] });
    // While it is open nobody sees counts, the coach included: they would move as one person votes.
    expect(await emit(host.client, 'poll:reveal', { pollId: poll.id })).toEqual({ ok: true, results: null });
    expect((await emit(host.client, 'session:join', { sessionId: session.id })).state.polls[0].results).toBeUndefined();
    expect(host.client.heard.filter(({ event }) => event === 'poll:results')).toEqual([]);
    const everyoneHears = sockets[1].next('poll:results');
    expect(await emit(host.client, 'poll:close', { pollId: poll.id })).toEqual({ ok: true, results: { counts: [1, 1, 1], total: 3 } });
    expect(await everyoneHears).toEqual({ pollId: poll.id, counts: [1, 1, 1], total: 3 });

    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      const voters = await db.query('SELECT * FROM live_room_poll_voters WHERE poll_id = $1', [poll.id]);
      expect(voters.rows).toHaveLength(3);
      expect(voters.rows.every((row) => row.choices === null)).toBe(true);
      const ballots = await db.query('SELECT * FROM live_room_poll_ballots WHERE poll_id = $1', [poll.id]);
      expect(ballots.rows).toHaveLength(3);
      expect(Object.keys(ballots.rows[0]).sort()).toEqual(['ballot_key', 'choices', 'poll_id']);
      const text = JSON.stringify(ballots.rows);
      for (const member of members) expect(text).not.toContain(member.id);
    } finally {
      await db.end();
    }
    // Each person still sees their own choice, and only that.
    const again = await emit(sockets[0], 'session:join', { sessionId: session.id });
    expect(again.state.polls[0]).toMatchObject({ anonymous: true, myChoices: [2], results: { counts: [1, 1, 1], total: 3 } });
    // No payload anyone heard pairs a person with a choice.
    for (const socket of [host.client, ...sockets]) {
      for (const { event, payload } of socket.heard) if (event.startsWith('poll:')) expect(JSON.stringify(payload)).not.toMatch(new RegExp(members.map((member) => member.id).join('|')));
    }
  });
});

describe('hands and questions', () => {
  it('queues hands in the order raised and acknowledges them only in that order', async () => {
    const { coach, members, session } = await room(3);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const sockets = await Promise.all(members.map(async (member) => (await join(member, session.id)).client));
    for (const index of [2, 0, 1]) await emit(sockets[index], 'hand:raise');
    await emit(sockets[2], 'hand:raise'); // raising again keeps the place
    const queue = [members[2].id, members[0].id, members[1].id];
    expect((await emit(sockets[1], 'session:join', { sessionId: session.id })).state.hands.map((hand: { userId: string }) => hand.userId)).toEqual(queue);
    expect(await emit(host.client, 'hand:acknowledge', { userId: members[0].id })).toMatchObject({ ok: false, error: { code: 'live_room.hand_not_next', fields: [{ field: 'userId' }] } });
    const heard = sockets[2].next('hand:acknowledged');
    const acknowledged = await emit(host.client, 'hand:acknowledge', { userId: members[2].id });
    expect(acknowledged.hands.map((hand: { userId: string }) => hand.userId)).toEqual(queue.slice(1));
    expect(await heard).toEqual({ sessionId: session.id, userId: members[2].id });
    const lowered = await emit(sockets[0], 'hand:lower');
    expect(lowered.hands.map((hand: { userId: string }) => hand.userId)).toEqual([members[1].id]);
  });

  it('hides an anonymous asker from everyone, counts one upvote per person, and lets members report a question to the coaches', async () => {
    const { admin, coach, network, members, session } = await room(3);
    const askedAnonymously = async () => emit(asker, 'question:ask', { text: 'What if a call fails twice?', anonymous: true });
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const [asker, peer, third] = await Promise.all(members.map(async (member) => (await join(member, session.id)).client));
    expect(await askedAnonymously()).toMatchObject({ ok: false, error: { statusCode: 403, code: 'live_room.anonymous_not_allowed', fields: [{ field: 'anonymous' }] } });
    expect((await admin.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true })).status).toBe(200);
    const team = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Hilltop Team' });
    await admin.client.patch(`/api/networks/${network.id}/members/${members[0].id}`, { teamId: team.body.id });

    const heard = peer.next('question:asked');
    const asked = await askedAnonymously();
    expect(asked.question).toMatchObject({ anonymous: true, authorName: null, authorLabel: 'a member of Hilltop Team', mine: true });
    const broadcast = await heard;
    expect(broadcast.question).toMatchObject({ id: asked.question.id, authorName: null, authorLabel: 'a member of Hilltop Team', mine: false });
    const hostView = (await emit(host.client, 'session:join', { sessionId: session.id })).state.questions[0];
    expect(hostView).toMatchObject({ authorName: null, mine: false, reports: 0 });
    // (The asker is in the room, so the participants list names them; no question payload may.)
    for (const payload of [broadcast, hostView, (await emit(peer, 'session:join', { sessionId: session.id })).state.questions]) {
      expect(JSON.stringify(payload)).not.toContain(members[0].id);
      expect(JSON.stringify(payload)).not.toContain(members[0].displayName);
    }

    const questionId = asked.question.id;
    const upvotes = await Promise.all([emit(peer, 'question:upvote', { questionId }), emit(peer, 'question:upvote', { questionId }), emit(third, 'question:upvote', { questionId })]);
    expect(upvotes.every((answer) => answer.ok)).toBe(true);
    expect((await emit(peer, 'question:upvote', { questionId })).votes).toBe(2);
    expect(await emit(asker, 'question:upvote', { questionId })).toMatchObject({ ok: false, error: { code: 'live_room.own_question' } });
    expect((await emit(peer, 'session:join', { sessionId: session.id })).state.questions[0]).toMatchObject({ votes: 2, votedByMe: true });

    const reported = host.client.next('question:reported');
    expect(await emit(peer, 'question:report', { questionId, reason: 'Names a patient' })).toEqual({ ok: true, questionId });
    expect(await reported).toEqual({ sessionId: session.id, questionId, reports: 1 });
    expect(await emit(peer, 'question:report', { questionId })).toMatchObject({ ok: false, error: { code: 'live_room.already_reported' } });
    expect(peer.heard.some(({ event }) => event === 'question:reported')).toBe(false);

    // The host's written answer: checked, kept, heard by everyone and given to late joiners.
    const tooLong = await emit(host.client, 'question:answered', { questionId, answer: 'x'.repeat(2001) });
    expect(tooLong).toMatchObject({ ok: false, error: { statusCode: 400, fields: [{ field: 'answer' }] } });
    expect(await emit(host.client, 'question:answered', { questionId, answer: { nested: ['deep'] } })).toMatchObject({ ok: false, error: { statusCode: 400, fields: [{ field: 'answer' }] } });
    expect(await emit(peer, 'question:answered', { questionId, answer: 'Mine' })).toMatchObject({ ok: false, error: { statusCode: 403 } });
    expect((await emit(peer, 'session:join', { sessionId: session.id })).state.questions[0]).toMatchObject({ answered: false, answer: null });
    const answered = third.next('question:answered');
    expect(await emit(host.client, 'question:answered', { questionId, answer: '  Try a text message, then a letter.  ' })).toEqual({ ok: true, questionId, answered: true, answer: 'Try a text message, then a letter.' });
    expect(await answered).toEqual({ sessionId: session.id, questionId, answered: true, answer: 'Try a text message, then a letter.' });
    // Marking it again without an answer keeps the written one.
    expect(await emit(host.client, 'question:answered', { questionId })).toEqual({ ok: true, questionId, answered: true, answer: 'Try a text message, then a letter.' });
    expect((await emit(peer, 'session:join', { sessionId: session.id })).state.questions[0]).toMatchObject({ answered: true, answer: 'Try a text message, then a letter.' });
    // The record for the export and the summary keeps the asker unnamed too.
    const record = (await coach.client.get(`/api/learning-sessions/${session.id}/room-record`)).body;
    expect(record.questions).toEqual([{ id: questionId, text: 'What if a call fails twice?', authorName: null, authorLabel: 'a member of Hilltop Team', votes: 2, answered: true, answer: 'Try a text message, then a letter.' }]);
    // Taking the mark back takes the answer with it.
    expect(await emit(host.client, 'question:answered', { questionId, answered: false })).toEqual({ ok: true, questionId, answered: false, answer: null });
  });
});

describe('chat, broadcasts and breakouts', () => {
  it('keeps each breakout group’s chat to itself; the coach visits a group and broadcasts to all', async () => {
    const { admin, coach, network, members, session } = await room(4);
    const red = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Red Team' });
    const blue = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Blue Team' });
    for (const [index, team] of [red, red, blue, blue].entries()) await admin.client.patch(`/api/networks/${network.id}/members/${members[index].id}`, { teamId: team.body.id });
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const sockets = await Promise.all(members.map(async (member) => (await join(member, session.id)).client));

    const created = await emit(host.client, 'breakout:create', { count: 2, mode: 'by-team' });
    expect(created.ok).toBe(true);
    const groupOf = (userId: string) => created.breakouts.groups.find((group: { members: { userId: string }[] }) => group.members.some((member) => member.userId === userId));
    expect(groupOf(members[0].id).id).toBe(groupOf(members[1].id).id);
    expect(groupOf(members[2].id).id).toBe(groupOf(members[3].id).id);
    expect(groupOf(members[0].id).id).not.toBe(groupOf(members[2].id).id);
    expect(groupOf(coach.id)).toBeUndefined();

    const started = sockets[0].next('breakout:started');
    expect(await emit(host.client, 'breakout:start', { minutes: 10 })).toMatchObject({ ok: true });
    expect((await started).breakout).toMatchObject({ groupId: groupOf(members[0].id).id, name: groupOf(members[0].id).name });

    const redHears = sockets[1].next('chat:message');
    const sent = await emit(sockets[0], 'chat:send', { text: 'Red only: our call script' });
    expect(sent.message).toMatchObject({ groupId: groupOf(members[0].id).id, text: 'Red only: our call script', authorName: members[0].displayName });
    expect((await redHears).message.id).toBe(sent.message.id);

    // The coach visits Blue and hears Blue's chat, which Red does not.
    const visit = await emit(host.client, 'breakout:visit', { groupId: groupOf(members[2].id).id });
    expect(visit).toMatchObject({ ok: true, group: { id: groupOf(members[2].id).id }, messages: [] });
    const coachHearsBlue = host.client.next('chat:message');
    const blueHears = sockets[3].next('chat:message');
    await emit(sockets[2], 'chat:send', { text: 'Blue only: our rota' });
    expect((await coachHearsBlue).message.text).toBe('Blue only: our rota');
    await blueHears;
    // Visiting Red instead hands the coach Red's chat so far.
    const redVisit = await emit(host.client, 'breakout:visit', { groupId: groupOf(members[0].id).id });
    expect(redVisit.messages.map((message: { text: string }) => message.text)).toEqual(['Red only: our call script']);
    expect((await emit(host.client, 'breakout:visit', { groupId: groupOf(members[2].id).id })).messages.map((message: { text: string }) => message.text)).toEqual(['Blue only: our rota']);
    const toAll = sockets[0].next('room:broadcast');
    const toBlue = sockets[2].next('room:broadcast');
    await emit(host.client, 'breakout:broadcast', { text: 'Two minutes left' });
    expect([(await toAll).message.text, (await toBlue).message.text]).toEqual(['Two minutes left', 'Two minutes left']);

    const chats = (socket: LiveClient) => socket.heard.filter(({ event }) => event === 'chat:message').map(({ payload }) => payload.message.text);
    expect(chats(sockets[0])).toEqual(['Red only: our call script']);
    expect(chats(sockets[2])).toEqual(['Blue only: our rota']);
    expect(chats(sockets[3])).toEqual(['Blue only: our rota']);
    // A late joiner of a group gets its own chat only.
    const rejoined = await emit(sockets[3], 'session:join', { sessionId: session.id });
    expect(rejoined.state.breakout).toMatchObject({ groupId: groupOf(members[3].id).id });
    expect(rejoined.state.messages.map((message: { text: string }) => message.text)).toEqual(['Blue only: our rota', 'Two minutes left']);

    const back = sockets[0].next('breakout:ended');
    expect(await emit(host.client, 'breakout:end')).toEqual({ ok: true });
    await back;
    const mainHears = sockets[2].next('chat:message');
    await emit(sockets[0], 'chat:send', { text: 'Back together' });
    expect((await mainHears).message).toMatchObject({ groupId: null, text: 'Back together' });
  });

  it('moves one person to another group while groups run: their chat follows them, the old group no longer hears them', async () => {
    const { coach, members, session } = await room(3);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const sockets = await Promise.all(members.map(async (member) => (await join(member, session.id)).client));
    const created = await emit(host.client, 'breakout:create', {
      count: 2,
      mode: 'manual',
      assignments: [{ userId: members[0].id, group: 0 }, { userId: members[1].id, group: 0 }, { userId: members[2].id, group: 1 }],
    });
    const [first, second] = created.breakouts.groups;
    await emit(host.client, 'breakout:start', { minutes: 10 });

    expect(await emit(sockets[0], 'breakout:move', { userId: members[1].id, groupId: second.id })).toMatchObject({ ok: false, error: { statusCode: 403, code: 'live_room.forbidden' } });
    const moved = sockets[1].next('breakout:moved');
    const updated = sockets[2].next('breakout:updated');
    const answer = await emit(host.client, 'breakout:move', { userId: members[1].id, groupId: second.id });
    expect(answer.ok).toBe(true);
    const membersOf = (breakouts: { groups: { members: { userId: string }[] }[] }) => breakouts.groups.map((group) => group.members.map((member) => member.userId).sort());
    expect(membersOf(answer.breakouts)).toEqual([[members[0].id], [members[1].id, members[2].id].sort()]);
    expect((await moved).breakout).toMatchObject({ groupId: second.id, name: second.name });
    expect(membersOf((await updated).breakouts)).toEqual(membersOf(answer.breakouts));

    const secondHears = sockets[2].next('chat:message');
    const sent = await emit(sockets[1], 'chat:send', { text: 'Hello, new group' });
    expect(sent.message.groupId).toBe(second.id);
    expect((await secondHears).message.id).toBe(sent.message.id);
    const firstChat = sockets[0].next('chat:message');
    await emit(sockets[0], 'chat:send', { text: 'Alone in the first group' });
    await firstChat;
    expect(sockets[1].heard.filter(({ event }) => event === 'chat:message').map(({ payload }) => payload.message.text)).toEqual(['Hello, new group']);
    expect(sockets[0].heard.filter(({ event }) => event === 'chat:message').map(({ payload }) => payload.message.text)).toEqual(['Alone in the first group']);
    // Rejoining puts them in the new group, with its chat.
    const rejoined = await emit(sockets[1], 'session:join', { sessionId: session.id });
    expect(rejoined.state.breakout).toMatchObject({ groupId: second.id });

    for (const [payload, field] of [
      [{ userId: members[1].id, groupId: '00000000-0000-4000-8000-000000000000' }, 'groupId'],
      [{ userId: (await newUser(server.url)).id, groupId: first.id }, 'userId'],
      [{ userId: 'me', groupId: first.id }, 'userId'],
      [{ userId: members[1].id }, 'groupId'],
    ] as const) {
      expect(await emit(host.client, 'breakout:move', payload)).toMatchObject({ ok: false, error: { fields: [{ field }] } });
    }

    // New groups replace these: the old groups' chat stays theirs and never falls into the main room.
    await emit(host.client, 'breakout:end');
    expect(await emit(host.client, 'breakout:create', { count: 2, mode: 'mixed' })).toMatchObject({ ok: true });
    expect((await emit(sockets[0], 'session:join', { sessionId: session.id })).state.messages).toEqual([]);
    expect(await emit(host.client, 'breakout:move', { userId: members[1].id, groupId: second.id })).toMatchObject({ ok: false, error: { code: 'live_room.group_not_found' } });
  });

  it('limits how fast one person chats and asks, with the wait on the acknowledgement', async () => {
    const { coach, members, session } = await room(2);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const chatty = await join(members[0], session.id);
    const other = await join(members[1], session.id);
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await emit(chatty.client, 'chat:send', { text: `message ${i}` }));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    const refused = await emit(chatty.client, 'chat:send', { text: 'one too many' });
    expect(refused).toMatchObject({ ok: false, error: { statusCode: 429, code: 'live_room.chat_rate_limited' } });
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 10; i++) expect(await emit(chatty.client, 'question:ask', { text: `question ${i}` })).toMatchObject({ ok: true });
    expect(await emit(chatty.client, 'question:ask', { text: 'one question too many' })).toMatchObject({
      ok: false,
      error: { statusCode: 429, code: 'live_room.questions_rate_limited' },
    });
    // Someone else is not slowed down by it, and the refused message was never kept.
    expect(await emit(other.client, 'chat:send', { text: 'still here' })).toMatchObject({ ok: true });
    const texts = (await emit(other.client, 'session:join', { sessionId: session.id })).state.messages.map((message: { text: string }) => message.text);
    expect(texts).not.toContain('one too many');
    expect(texts.at(-1)).toBe('still here');
  });

  it('mixes teams across groups when asked, and assigns by hand', async () => {
    const { admin, coach, network, members, session } = await room(4);
    const red = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Red' });
    for (const member of members.slice(0, 2)) await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: red.body.id });
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    await Promise.all(members.map((member) => join(member, session.id)));
    const mixed = await emit(host.client, 'breakout:create', { count: 2, mode: 'mixed' });
    const withRed = mixed.breakouts.groups.filter((group: { members: { userId: string }[] }) => group.members.some((member) => [members[0].id, members[1].id].includes(member.userId)));
    expect(withRed).toHaveLength(2);
    const manual = await emit(host.client, 'breakout:create', { count: 2, mode: 'manual', assignments: [{ userId: members[0].id, group: 1 }, { userId: members[3].id, group: 0 }] });
    expect(manual.breakouts.groups.map((group: { members: { userId: string }[] }) => group.members.map((member) => member.userId))).toEqual([[members[3].id], [members[0].id]]);
    const stranger = await newUser(server.url);
    expect(await emit(host.client, 'breakout:create', { count: 2, mode: 'manual', assignments: [{ userId: stranger.id, group: 0 }] })).toMatchObject({
      ok: false,
      error: { code: 'live_room.bad_assignments', fields: [{ field: 'assignments' }] },
    });
  });
});

const timerJob = async (sessionId: string, databaseUrl = server.databaseUrl) =>
  (await sql<{ runAt: Date; payload: { sessionId: string; round: number } }>(databaseUrl, `SELECT run_at AS "runAt", payload FROM graphile_worker._private_jobs WHERE key = $1`, [`learning-sessions:breakout-end:${sessionId}`]))[0];
/** Time passes: the timer's job (here, one with this payload) becomes due now, and the real queue runs it. */
const timeUp = (sessionId: string, payload: { sessionId: string; round: number }, databaseUrl = server.databaseUrl) =>
  sql(databaseUrl, `SELECT graphile_worker.add_job('learning-sessions:breakout-end', $1::json, run_at => now(), job_key => $2)`, [JSON.stringify(payload), `learning-sessions:breakout-end:${sessionId}`]);

describe('the breakout timer', () => {
  it('ends the groups by itself when their time is up, as the coach’s end would, and only the round it was set for', async () => {
    const { coach, members, session } = await room(2);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const sockets = await Promise.all(members.map(async (member) => (await join(member, session.id)).client));
    await emit(host.client, 'breakout:create', { count: 2, mode: 'mixed' });
    const started = await emit(host.client, 'breakout:start', { minutes: 5 });
    const job = await timerJob(session.id);
    expect(new Date(job.runAt).toISOString()).toBe(started.endsAt);
    expect(job.payload).toEqual({ sessionId: session.id, round: 1 });

    const memberBack = sockets[0].next('breakout:ended');
    const hostBack = host.client.next('breakout:ended');
    await timeUp(session.id, job.payload);
    expect(await memberBack).toEqual({ sessionId: session.id });
    await hostBack;
    const after = await emit(sockets[0], 'session:join', { sessionId: session.id });
    expect(after.state.breakout).toBeNull();
    expect(after.state.breakouts).toMatchObject({ running: false, endsAt: null });
    // Back in the main room: the other member hears them.
    const heard = sockets[1].next('chat:message');
    await emit(sockets[0], 'chat:send', { text: 'Back from the group' });
    expect((await heard).message).toMatchObject({ groupId: null });

    // The coach ends round 2 early: its job goes with it. Round 3's timer is not ended by round 2's.
    await emit(host.client, 'breakout:start', { minutes: 5 });
    expect(await emit(host.client, 'breakout:end')).toEqual({ ok: true });
    expect(await timerJob(session.id)).toBeUndefined();
    await emit(host.client, 'breakout:start', { minutes: 5 });
    expect((await timerJob(session.id)).payload.round).toBe(3);
    await timeUp(session.id, { sessionId: session.id, round: 2 });
    await queueIdle(server.databaseUrl);
    expect((await emit(sockets[0], 'session:join', { sessionId: session.id })).state.breakouts).toMatchObject({ running: true });
    expect(sockets[0].heard.filter(({ event }) => event === 'breakout:ended')).toHaveLength(2);
    // Ending the session brings everyone back too, with the same event.
    const endedWithSession = sockets[1].next('breakout:ended');
    await emit(host.client, 'session:end');
    await endedWithSession;
    expect(await timerJob(session.id)).toBeUndefined();
  });
});

describe('question moderation', () => {
  it('hosts hide a question from everyone but its asker; only a network admin reveals an anonymous asker, and the reveal is logged', async () => {
    const { admin, coach, network, members, session } = await room(2);
    expect((await admin.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true })).status).toBe(200);
    const host = await join(coach, session.id);
    await emit(host.client, 'session:start');
    const [asker, peer] = await Promise.all(members.map(async (member) => (await join(member, session.id)).client));
    const { question } = await emit(asker, 'question:ask', { text: 'Who was the patient in bed 4?', anonymous: true });
    const questionId = question.id;
    expect(await emit(peer, 'question:report', { questionId, reason: 'Names a patient' })).toMatchObject({ ok: true });

    expect(await emit(peer, 'question:hide', { questionId, reason: 'no' })).toMatchObject({ ok: false, error: { statusCode: 403, code: 'live_room.forbidden' } });
    const peerHears = peer.next('question:hidden');
    const askerHears = asker.next('question:hidden');
    const hidden = await emit(host.client, 'question:hide', { questionId, reason: 'It could identify a patient.' });
    expect(hidden).toMatchObject({ ok: true, question: { id: questionId, hidden: true, hiddenReason: 'It could identify a patient.', reports: 1 } });
    expect(await peerHears).toEqual({ sessionId: session.id, questionId });
    expect(await askerHears).toEqual({ sessionId: session.id, questionId, reason: 'It could identify a patient.' });
    expect(asker.heard.filter(({ event }) => event === 'question:hidden')).toHaveLength(1);
    // Gone for peers (in the state and for every action), kept for the asker and the hosts.
    expect((await emit(peer, 'session:join', { sessionId: session.id })).state.questions).toEqual([]);
    expect(await emit(peer, 'question:upvote', { questionId })).toMatchObject({ ok: false, error: { statusCode: 404, code: 'live_room.question_not_found' } });
    expect((await emit(asker, 'session:join', { sessionId: session.id })).state.questions).toEqual([expect.objectContaining({ id: questionId, mine: true, hidden: true, hiddenReason: 'It could identify a patient.' })]);
    expect((await emit(host.client, 'session:join', { sessionId: session.id })).state.questions).toEqual([expect.objectContaining({ id: questionId, hidden: true })]);
    expect((await coach.client.get(`/api/learning-sessions/${session.id}/room-record`)).body.questions).toEqual([]);

    // Shown again: everyone has it back.
    const shown = peer.next('question:shown');
    expect(await emit(host.client, 'question:hide', { questionId, hidden: false })).toMatchObject({ ok: true, question: { hidden: false } });
    expect((await shown).question).toMatchObject({ id: questionId, hidden: false, authorName: null });
    expect(await emit(host.client, 'question:hide', { questionId, hidden: false })).toMatchObject({ ok: false, error: { code: 'live_room.question_not_hidden', fields: [{ field: 'hidden' }] } });

    // Reveal: a coach moderates but does not unmask; a member neither; an admin does, and it is logged.
    expect(await emit(peer, 'question:reveal', { questionId })).toMatchObject({ ok: false, error: { statusCode: 403, code: 'live_room.forbidden' } });
    expect(await emit(host.client, 'question:reveal', { questionId })).toMatchObject({ ok: false, error: { statusCode: 403, code: 'live_room.admins_only' } });
    expect((await admin.client.get(`/api/networks/${network.id}/reveals`)).body.items).toEqual([]);
    const adminSocket = await join(admin, session.id);
    const revealed = await emit(adminSocket.client, 'question:reveal', { questionId });
    expect(revealed).toEqual({ ok: true, questionId, author: { userId: members[0].id, name: members[0].displayName, teamName: null } });
    const log = (await admin.client.get(`/api/networks/${network.id}/reveals`)).body.items;
    expect(log).toEqual([
      expect.objectContaining({ questionId, sessionId: session.id, sessionTitle: session.title, postId: null, lessonId: null, revealedBy: expect.objectContaining({ userId: admin.id }), author: expect.objectContaining({ userId: members[0].id }) }),
    ]);
    expectErrorShape(await coach.client.get(`/api/networks/${network.id}/reveals`), 403);
    // Nothing leaked to the room.
    const questionEvents = (client: LiveClient) => client.heard.filter(({ event }) => event.startsWith('question:'));
    for (const client of [peer, host.client]) expect(JSON.stringify(questionEvents(client))).not.toContain(members[0].id);
    const named = await emit(peer, 'question:ask', { text: 'Asked with my name' });
    expect(await emit(adminSocket.client, 'question:reveal', { questionId: named.question.id })).toMatchObject({ ok: false, error: { statusCode: 409, code: 'live_room.not_anonymous' } });
    expect((await admin.client.get(`/api/networks/${network.id}/reveals`)).body.items).toHaveLength(1);
    for (const payload of [{}, { questionId: 'x' }, { questionId, reason: 7 }, { questionId, hidden: 'yes' }]) {
      expect(await emit(host.client, 'question:hide', payload)).toMatchObject({ ok: false, error: { statusCode: 400 } });
    }
  });
});

describe('a restart mid-session', () => {
  let own: RunningServer | undefined;
  afterAll(async () => {
    await own?.stop();
  });

  it('keeps the room: status, agenda, hands, questions, votes, chat, and each person’s own vote', async () => {
    const env = { SESSION_SECRET: randomBytes(32).toString('base64url'), PORT: String(await freePort()) };
    own = await startServer(env);
    const admin = await newUser(own.url);
    const coach = await newUser(own.url);
    const member = await newUser(own.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    await addMember(admin, network.id, coach, 'coach');
    await addMember(admin, network.id, member, 'member');
    const session = await scheduleSession(coach, network.id);
    const host = await join(coach, session.id, own.url);
    await emit(host.client, 'session:start');
    await emit(host.client, 'agenda:advance', { index: 1 });
    const peer = await join(member, session.id, own.url);
    const named = (await coach.client.post(`/api/learning-sessions/${session.id}/polls`, { question: 'Ready?', options: ['Yes', 'No'] })).body;
    const secret = (await coach.client.post(`/api/learning-sessions/${session.id}/polls`, { question: 'Honestly?', options: ['Yes', 'No'], anonymous: true })).body;
    await emit(peer.client, 'poll:vote', { pollId: named.id, choices: [0] });
    await emit(peer.client, 'poll:vote', { pollId: secret.id, choices: [1] });
    await emit(peer.client, 'hand:raise');
    await emit(peer.client, 'question:ask', { text: 'Will this be kept?' });
    await emit(peer.client, 'chat:send', { text: 'Before the restart' });
    const before = (await emit(peer.client, 'session:join', { sessionId: session.id })).state;
    host.client.close();
    peer.client.close();

    await own.stop();
    own = await startServer({ ...env, DATABASE_URL: own.databaseUrl });
    const after = await join(member, session.id, own.url);
    const { participants: _beforePeople, ...kept } = before;
    const { participants: afterPeople, ...restored } = after.state;
    expect(restored).toEqual(kept);
    expect(restored).toMatchObject({ session: { status: 'live' }, agenda: { currentIndex: 1 }, hands: [{ userId: member.id }], polls: [{ myChoices: [0] }, { myChoices: [1] }] });
    expect(afterPeople.map((person: { userId: string }) => person.userId)).toEqual([member.id]);
    // The anonymous vote can still be changed after the restart (same secret): it replaces, it does not add.
    await emit(after.client, 'poll:vote', { pollId: secret.id, choices: [0] });
    const coachBack = await join(coach, session.id, own.url);
    expect(coachBack.state.polls[0].results).toEqual({ counts: [1, 0], total: 1 });
    expect(await emit(coachBack.client, 'poll:close', { pollId: secret.id })).toEqual({ ok: true, results: { counts: [1, 0], total: 1 } });
    // The coach ends it: the status changes for everyone and open polls close.
    const ended = after.client.next('session:status');
    await emit(coachBack.client, 'session:end');
    expect(await ended).toMatchObject({ status: 'ended' });
    expect(await emit(after.client, 'chat:send', { text: 'after the end' })).toMatchObject({ ok: false, error: { code: 'live_room.not_live' } });
    expect((await emit(after.client, 'session:join', { sessionId: session.id })).state.polls.every((poll: { status: string }) => poll.status === 'closed')).toBe(true);
  });

  it('keeps a breakout timer: after a restart the groups still end when their time is up', async () => {
    await own?.stop();
    const env = { SESSION_SECRET: randomBytes(32).toString('base64url'), PORT: String(await freePort()) };
    own = await startServer(env);
    const admin = await newUser(own.url);
    const coach = await newUser(own.url);
    const member = await newUser(own.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    await addMember(admin, network.id, coach, 'coach');
    await addMember(admin, network.id, member, 'member');
    const session = await scheduleSession(coach, network.id);
    const host = await join(coach, session.id, own.url);
    await emit(host.client, 'session:start');
    await emit(host.client, 'breakout:create', { count: 1, mode: 'manual', assignments: [{ userId: member.id, group: 0 }] });
    const { endsAt } = await emit(host.client, 'breakout:start', { minutes: 5 });
    host.client.close();

    await own.stop();
    own = await startServer({ ...env, DATABASE_URL: own.databaseUrl });
    const peer = await join(member, session.id, own.url);
    expect(peer.state.breakout).toMatchObject({ endsAt });
    const job = await timerJob(session.id, own.databaseUrl);
    expect(new Date(job.runAt).toISOString()).toBe(endsAt);
    const back = peer.client.next('breakout:ended');
    await timeUp(session.id, job.payload, own.databaseUrl);
    await back;
    expect((await emit(peer.client, 'session:join', { sessionId: session.id })).state.breakout).toBeNull();
  });
});
