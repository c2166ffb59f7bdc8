import { Client } from 'pg';
import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { liveAs, type LiveClient } from '../support/live';
import { serverForSuite } from '../support/server';

jest.setTimeout(60_000);

const server = serverForSuite();
const clients: LiveClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

/** A signed-in socket that records everything the server sends it, closed after each test. */
async function listen(user: TestUser): Promise<LiveClient> {
  const client = await liveAs(server.url, user);
  clients.push(client);
  return client;
}

/** A private network with an admin and a member. */
async function privateNetworkWithMember() {
  const admin = await newUser(server.url);
  const member = await newUser(server.url);
  const network = await newNetwork(admin, { visibility: 'private' });
  await addMember(admin, network.id, member, 'member');
  return { admin, member, network };
}

it('delivers created, edited, hidden and deleted posts to a second member, as a peer sees them', async () => {
  const { admin, member, network } = await privateNetworkWithMember();
  const thread = await newThread(admin, network.id);
  const watcher = await listen(member);
  const joined = await watcher.socket.emitWithAck('thread:join', { threadId: thread.id });
  expect(joined).toEqual({ ok: true, lastEventId: thread.lastEventId, readingNow: 1 });

  const created = watcher.next('post:created');
  const post = await newPost(admin, thread.id, { body: 'We call **within a week**.' });
  const heardCreated = await created;
  expect(heardCreated).toMatchObject({ threadId: thread.id, eventId: thread.lastEventId + 1, post: { id: post.id, seq: 2, mine: false, bodySource: 'We call **within a week**.' } });
  expect(heardCreated.post.bodyHtml).toContain('<strong>within a week</strong>');
  expect(heardCreated.post.eventId).toBe(heardCreated.eventId);
  expect(heardCreated.post.can).toMatchObject({ edit: false, delete: false, hide: false });

  const updated = watcher.next('post:updated');
  expect((await admin.client.patch(`/api/posts/${post.id}`, { body: 'We call within five days.' })).status).toBe(200);
  expect(await updated).toMatchObject({ eventId: heardCreated.eventId + 1, post: { id: post.id, bodySource: 'We call within five days.', revisionCount: 1 } });

  const hidden = watcher.next('post:updated');
  expect((await admin.client.post(`/api/posts/${post.id}/hide`, { reason: 'Names a patient' })).status).toBe(200);
  expect(await hidden).toMatchObject({ eventId: heardCreated.eventId + 2, post: { id: post.id, hidden: { reason: 'Names a patient' }, bodySource: '', bodyHtml: '' } });

  const deleted = watcher.next('post:deleted');
  expect((await admin.client.delete(`/api/posts/${post.id}`)).status).toBe(200);
  expect(await deleted).toMatchObject({ eventId: heardCreated.eventId + 3, post: { id: post.id, removed: 'author', bodySource: '', bodyHtml: '' } });

  const threadUpdated = watcher.next('thread:updated');
  expect((await admin.client.patch(`/api/threads/${thread.id}`, { title: 'Follow-up calls, revisited' })).status).toBe(200);
  expect(await threadUpdated).toMatchObject({ threadId: thread.id, eventId: heardCreated.eventId + 4, thread: { id: thread.id, title: 'Follow-up calls, revisited' } });
});

it('refuses a thread of a private network, and one that does not exist, with the same answer, and delivers nothing of it', async () => {
  const { admin, member, network } = await privateNetworkWithMember();
  const outsider = await newUser(server.url);
  const thread = await newThread(admin, network.id);
  const rest = await outsider.client.get(`/api/threads/${thread.id}`);
  expect(rest.status).toBe(404);

  const stranger = await listen(outsider);
  const refused = await stranger.socket.emitWithAck('thread:join', { threadId: thread.id });
  expect(refused).toEqual({ ok: false, error: rest.body });
  const missing = await stranger.socket.emitWithAck('thread:join', { threadId: '00000000-0000-4000-8000-000000000000', lastEventId: 0 });
  expect(missing).toEqual(refused);
  expect(await stranger.socket.emitWithAck('thread:typing', { threadId: thread.id })).toMatchObject({ ok: false, error: { code: 'discussions.live.not_joined' } });

  // The member hears the post; by then the outsider would have too.
  const watcher = await listen(member);
  await watcher.socket.emitWithAck('thread:join', { threadId: thread.id });
  const heard = watcher.next('post:created');
  await newPost(admin, thread.id, { body: 'Only for members.' });
  await heard;
  expect(stranger.heard).toEqual([]);
});

it('a member removed from the network loses the thread at once and hears nothing more', async () => {
  const { admin, member, network } = await privateNetworkWithMember();
  const thread = await newThread(admin, network.id);
  const leaving = await listen(member);
  const staying = await listen(admin);
  expect((await leaving.socket.emitWithAck('thread:join', { threadId: thread.id })).ok).toBe(true);
  expect((await staying.socket.emitWithAck('thread:join', { threadId: thread.id })).ok).toBe(true);

  const lost = leaving.next('thread:access-lost');
  expect((await admin.client.delete(`/api/networks/${network.id}/members/${member.id}`)).status).toBe(204);
  expect(await lost).toEqual({ threadId: thread.id });
  const heardBefore = leaving.heard.length;

  const adminHears = staying.next('post:created');
  await newPost(admin, thread.id, { body: 'After the removal.' });
  await adminHears;
  expect(leaving.heard.slice(heardBefore).filter(({ event }) => event.startsWith('post:'))).toEqual([]);
});

it('a network made private drops the readers who are not members, and keeps its members', async () => {
  const admin = await newUser(server.url);
  const reader = await newUser(server.url);
  const network = await newNetwork(admin, { visibility: 'public' });
  const thread = await newThread(admin, network.id);
  const outsider = await listen(reader);
  const insider = await listen(admin);
  expect((await outsider.socket.emitWithAck('thread:join', { threadId: thread.id })).ok).toBe(true);
  expect((await insider.socket.emitWithAck('thread:join', { threadId: thread.id })).ok).toBe(true);
  // A reader of a public network reads, but is no member: typing is for those who can reply.
  expect(await outsider.socket.emitWithAck('thread:typing', { threadId: thread.id })).toMatchObject({ ok: false, error: { statusCode: 403, code: 'networks.contributors_only' } });

  const lost = outsider.next('thread:access-lost');
  expect((await admin.client.patch(`/api/networks/${network.id}`, { visibility: 'private' })).status).toBe(200);
  expect(await lost).toEqual({ threadId: thread.id });

  const adminHears = insider.next('post:created');
  await newPost(admin, thread.id, { body: 'Members only now.' });
  await adminHears;
  expect(outsider.heard.filter(({ event }) => event.startsWith('post:'))).toEqual([]);
});

it('catches up after a disconnect with no gap and no duplicate, and asks for a reload when the gap is too old', async () => {
  const { admin, member, network } = await privateNetworkWithMember();
  const thread = await newThread(admin, network.id);
  const first = await listen(member);
  const joined = await first.socket.emitWithAck('thread:join', { threadId: thread.id });
  const heard = first.next('post:created');
  const early = await newPost(admin, thread.id, { body: 'Before the tunnel.' });
  const lastSeen: number = (await heard).eventId;
  first.socket.disconnect();

  // Meanwhile: two posts, an edit of the early one, a deletion.
  const second = await newPost(admin, thread.id, { body: 'In the tunnel, one.' });
  await newPost(member, thread.id, { body: 'In the tunnel, two (from my phone).' });
  await admin.client.patch(`/api/posts/${early.id}`, { body: 'Before the tunnel, edited.' });
  await admin.client.delete(`/api/posts/${second.id}`);

  const back = await listen(member);
  const caughtUp = await back.socket.emitWithAck('thread:join', { threadId: thread.id, lastEventId: lastSeen });
  expect(caughtUp.ok).toBe(true);
  const seqs = caughtUp.missed.map((missed: any) => missed.payload.eventId);
  expect(seqs).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4]);
  expect(caughtUp.lastEventId).toBe(lastSeen + 4);
  expect(caughtUp.missed.map((missed: any) => missed.event)).toEqual(['post:created', 'post:created', 'post:updated', 'post:deleted']);
  // Built from the current state: the post deleted since shows as removed, even in its creation.
  expect(caughtUp.missed[0].payload.post).toMatchObject({ id: second.id, removed: 'author', bodySource: '' });
  expect(caughtUp.missed[2].payload.post).toMatchObject({ id: early.id, bodySource: 'Before the tunnel, edited.' });
  expect(caughtUp.missed.every((missed: any) => missed.payload.post.mine === false)).toBe(true);

  // Live again: the next event follows the last one caught up, once.
  const live = back.next('post:created');
  await newPost(admin, thread.id, { body: 'Out of the tunnel.' });
  expect((await live).eventId).toBe(lastSeen + 5);
  expect(back.heard.filter(({ event }) => event.startsWith('post:')).map(({ payload }) => payload.eventId)).toEqual([lastSeen + 5]);

  // Caught up already: nothing missed.
  expect(await back.socket.emitWithAck('thread:join', { threadId: thread.id, lastEventId: lastSeen + 5 })).toMatchObject({ ok: true, lastEventId: lastSeen + 5, missed: [] });
  // An event the thread never reached: reload.
  const ahead = await back.socket.emitWithAck('thread:join', { threadId: thread.id, lastEventId: lastSeen + 50 });
  expect(ahead).toMatchObject({ ok: true, reload: true, lastEventId: lastSeen + 5 });
  expect(ahead.missed).toBeUndefined();

  // A long history (written straight into the log: REST posting is rate limited): reload, no replay.
  const db = new Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    await db.query(
      `WITH bumped AS (UPDATE discussion_threads SET last_event_seq = last_event_seq + 250 WHERE id = $1 RETURNING last_event_seq)
       INSERT INTO discussion_events (thread_id, seq, kind) SELECT $1, s, 'thread:updated' FROM bumped, generate_series(last_event_seq - 249, last_event_seq) AS s`,
      [thread.id],
    );
  } finally {
    await db.end();
  }
  const old = await back.socket.emitWithAck('thread:join', { threadId: thread.id, lastEventId: joined.lastEventId });
  expect(old).toMatchObject({ ok: true, reload: true });
  expect(old.missed).toBeUndefined();
});

it('never lets an anonymous author through to a peer, live, typing or caught up', async () => {
  const { admin, member, network } = await privateNetworkWithMember();
  const writer = await newUser(server.url, { displayName: 'Wilhelmina Quarrington' });
  await addMember(admin, network.id, writer, 'member');
  const team = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Riverside clinic' });
  expect(team.status).toBe(201);
  expect((await admin.client.patch(`/api/networks/${network.id}/members/${writer.id}`, { teamId: team.body.id })).status).toBe(200);
  expect((await admin.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true })).status).toBe(200);
  const thread = await newThread(admin, network.id);

  const peer = await listen(member);
  const joined = await peer.socket.emitWithAck('thread:join', { threadId: thread.id });
  const writerLive = await listen(writer);
  await writerLive.socket.emitWithAck('thread:join', { threadId: thread.id });

  const typing = peer.next('thread:typing');
  expect(await writerLive.socket.emitWithAck('thread:typing', { threadId: thread.id, anonymous: true })).toEqual({ ok: true });
  expect(await typing).toEqual({ threadId: thread.id, who: { kind: 'anonymous', label: 'a member of Riverside clinic' } });
  const created = peer.next('post:created');
  const post = await newPost(writer, thread.id, { body: 'Our screening test failed twice last month.', anonymous: true, anonymousAs: 'team' });
  expect((await created).post.author).toEqual({ kind: 'anonymous', label: 'a member of Riverside clinic' });
  const updated = peer.next('post:updated');
  await writer.client.patch(`/api/posts/${post.id}`, { body: 'Our screening test failed three times last month.' });
  await updated;
  const deleted = peer.next('post:deleted');
  await writer.client.delete(`/api/posts/${post.id}`);
  await deleted;
  const caughtUp = await peer.socket.emitWithAck('thread:join', { threadId: thread.id, lastEventId: joined.lastEventId });
  expect(caughtUp.missed).toHaveLength(3);

  const everything = JSON.stringify([peer.heard, caughtUp]);
  expect(peer.heard.map(({ event }) => event)).toEqual(expect.arrayContaining(['thread:typing', 'post:created', 'post:updated', 'post:deleted']));
  for (const secret of [writer.id, writer.displayName, 'Wilhelmina', 'Quarrington', writer.email]) expect(everything).not.toContain(secret);
});

it('answers bad payloads with the error shape and stays usable', async () => {
  const { admin, member, network } = await privateNetworkWithMember();
  const thread = await newThread(admin, network.id);
  const { socket } = await listen(member);
  expect(await socket.emitWithAck('thread:join', 'not an object')).toMatchObject({ ok: false, error: { statusCode: 400, code: 'request.not_an_object' } });
  expect(await socket.emitWithAck('thread:join', [thread.id])).toMatchObject({ ok: false, error: { statusCode: 400 } });
  const bad = await socket.emitWithAck('thread:join', { threadId: 'x', lastEventId: -1, extra: true });
  expect(bad.ok).toBe(false);
  expect(bad.error.fields).toEqual(
    expect.arrayContaining([
      { field: 'threadId', message: 'threadId must be a UUID' },
      { field: 'lastEventId', message: 'lastEventId must be 0 or more' },
      { field: 'extra', message: 'extra is not a field this request accepts' },
    ]),
  );
  for (const lastEventId of [1.5, '3', null, 2 ** 40]) {
    const answer = await socket.emitWithAck('thread:join', { threadId: thread.id, lastEventId });
    expect(answer).toMatchObject({ ok: false, error: { statusCode: 400, fields: [expect.objectContaining({ field: 'lastEventId' })] } });
  }
  const huge = await socket.emitWithAck('thread:join', { threadId: 'a'.repeat(500_000) });
  expect(huge).toMatchObject({ ok: false, error: { statusCode: 400, fields: [{ field: 'threadId', message: 'threadId must be a UUID' }] } });
  expect(await socket.emitWithAck('thread:typing', { threadId: thread.id, anonymous: 'yes' })).toMatchObject({ ok: false, error: { statusCode: 400 } });
  expect(await socket.emitWithAck('thread:leave', {})).toMatchObject({ ok: false, error: { statusCode: 400, fields: [{ field: 'threadId', message: 'threadId must be a UUID' }] } });

  expect(socket.connected).toBe(true);
  expect(await socket.emitWithAck('thread:join', { threadId: thread.id.toUpperCase() })).toMatchObject({ ok: true });
  expect(await socket.emitWithAck('thread:leave', { threadId: thread.id })).toEqual({ ok: true });
});

it('says who is typing (at most every few seconds) and how many people are reading now', async () => {
  const { admin, member, network } = await privateNetworkWithMember();
  const thread = await newThread(admin, network.id);
  const reading = await listen(member);
  expect(await reading.socket.emitWithAck('thread:join', { threadId: thread.id })).toMatchObject({ readingNow: 1 });

  // The admin with two tabs is one person reading.
  const laptop = await listen(admin);
  const phone = await listen(admin);
  const two = reading.next('thread:reading', (payload) => payload.readingNow === 2);
  expect(await laptop.socket.emitWithAck('thread:join', { threadId: thread.id })).toMatchObject({ readingNow: 2 });
  expect(await phone.socket.emitWithAck('thread:join', { threadId: thread.id })).toMatchObject({ readingNow: 2 });
  expect(await two).toEqual({ threadId: thread.id, readingNow: 2 });

  const typing = reading.next('thread:typing');
  expect(await laptop.socket.emitWithAck('thread:typing', { threadId: thread.id })).toEqual({ ok: true });
  expect(await laptop.socket.emitWithAck('thread:typing', { threadId: thread.id })).toEqual({ ok: true });
  expect(await typing).toEqual({ threadId: thread.id, who: { kind: 'user', userId: admin.id, name: admin.displayName, teamName: null } });
  // Everything sent to the room after the typing arrives after it: a second indicator would be here by now.
  const after = reading.next('post:created');
  await newPost(admin, thread.id, { body: 'Typed.' });
  await after;
  expect(reading.heard.filter(({ event }) => event === 'thread:typing')).toHaveLength(1);
  expect(laptop.heard.filter(({ event }) => event === 'thread:typing')).toEqual([]);

  const one = reading.next('thread:reading', (payload) => payload.readingNow === 1);
  await laptop.socket.emitWithAck('thread:leave', { threadId: thread.id });
  phone.socket.disconnect();
  expect(await one).toEqual({ threadId: thread.id, readingNow: 1 });
});
