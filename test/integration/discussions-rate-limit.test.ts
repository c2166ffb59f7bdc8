import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { liveAs, type LiveClient } from '../support/live';
import { serverForSuite } from '../support/server';

/** Posting is limited per person: a small burst here, so that the test reaches it quickly. */

jest.setTimeout(60_000);

const server = serverForSuite({ POSTS_PER_MINUTE: '3', THREADS_PER_HOUR: '2', THREAD_JOINS_PER_MINUTE: '5', REPORTS_PER_HOUR: '2' });
let admin: TestUser;
let member: TestUser;
let networkId: string;

beforeAll(async () => {
  admin = await newUser(server.url);
  member = await newUser(server.url);
  networkId = (await newNetwork(admin)).id;
  await addMember(admin, networkId, member, 'member');
});

/**
 * The limiter counts in fixed windows aligned to the clock (the minute, the hour): a test that
 * straddles the turn of a minute would find its counter reset half-way. Start well inside one.
 */
async function wellInsideAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((wake) => setTimeout(wake, 60_000 - intoMinute + 100));
}

describe('rate limit', () => {
  it('answers 429 with Retry-After after a burst of posts', async () => {
    await wellInsideAMinute();
    const poster = await newUser(server.url);
    await addMember(admin, networkId, poster, 'member');
    const thread = await newThread(poster, networkId); // one post of the three a minute allows here
    await newPost(poster, thread.id);
    await newPost(poster, thread.id);
    const refused = await poster.client.post(`/api/threads/${thread.id}/posts`, { body: 'One too many' });
    expectErrorShape(refused, 429, 'discussions.posts_rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Someone else is not held back by it.
    expect((await member.client.post(`/api/threads/${thread.id}/posts`, { body: 'Fine' })).status).toBe(201);
  });
});

it('limits starting threads more strictly than posting', async () => {
  await wellInsideAMinute();
  const starter = await newUser(server.url);
  await addMember(admin, networkId, starter, 'member');
  await newThread(starter, networkId);
  await newThread(starter, networkId);
  const refused = await starter.client.post(`/api/networks/${networkId}/threads`, { title: 'Third', body: 'B' });
  expectErrorShape(refused, 429, 'discussions.threads_rate_limited');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  // A refused attempt does not count: posting in a thread still works.
  expect((await starter.client.post(`/api/threads/${(await newThread(admin, networkId)).id}/posts`, { body: 'Reply' })).status).toBe(201);
});

it('limits edits: each keeps a revision for ever, so a loop of edits must not fill the database', async () => {
  await wellInsideAMinute();
  const editor = await newUser(server.url);
  await addMember(admin, networkId, editor, 'member');
  const post = (await newThread(editor, networkId)).firstPost;
  const own = await newPost(editor, post.threadId);
  // The allowance here is the posting one: three a minute.
  for (let edit = 1; edit <= 3; edit++) expect((await editor.client.patch(`/api/posts/${own.id}`, { body: `Take ${edit}` })).status).toBe(200);
  const refused = await editor.client.patch(`/api/posts/${own.id}`, { body: 'Take 4' });
  expectErrorShape(refused, 429, 'discussions.edits_rate_limited');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await editor.client.get(`/api/posts/${own.id}/revisions`)).body.items).toHaveLength(4);
  // Editing does not use up posting, nor the other way round.
  expect((await editor.client.post(`/api/threads/${post.threadId}/posts`, { body: 'Still here' })).status).toBe(201);
});

it('limits reactions: each toggle is an event every reader of the thread receives', async () => {
  await wellInsideAMinute();
  const fidget = await newUser(server.url);
  await addMember(admin, networkId, fidget, 'member');
  const post = (await newThread(fidget, networkId)).firstPost;
  const before = (await admin.client.get(`/api/threads/${post.threadId}`)).body.lastEventId;
  let refused = null;
  // Six times the posting allowance (18 a minute here): plenty for people, not for a loop.
  for (let toggle = 0; toggle < 30 && !refused; toggle++) {
    const response = await fidget.client.request(toggle % 2 ? 'DELETE' : 'PUT', `/api/posts/${post.id}/reactions/heart`);
    if (response.status === 429) refused = response;
    else expect(response.status).toBe(200);
  }
  expect(refused).not.toBeNull();
  expectErrorShape(refused!, 429, 'discussions.reactions_rate_limited');
  expect((await admin.client.get(`/api/threads/${post.threadId}`)).body.lastEventId - before).toBe(18);
  // Someone else is not held back by it.
  expect((await admin.client.request('PUT', `/api/posts/${post.id}/reactions/heart`)).status).toBe(200);
});

describe('live joins', () => {
  const sockets: LiveClient[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.close();
  });
  const live = async (user: TestUser) => {
    const client = await liveAs(server.url, user);
    sockets.push(client);
    return client;
  };

  it('refuse thread:join past the per-person allowance, over all their sockets, with the 429 error and its wait', async () => {
    // Fresh people for everything written here: the posting and thread limits of this suite are small too.
    const [joiner, author, bystanderUser] = [await newUser(server.url), await newUser(server.url), await newUser(server.url)];
    for (const user of [joiner, author, bystanderUser]) await addMember(admin, networkId, user, 'member');
    const seen = (await newThread(author, networkId)).id;
    const unseen = (await newThread(author, networkId)).id;
    await wellInsideAMinute();
    const [tab, otherTab] = [await live(joiner), await live(joiner)];

    // Five a minute here, however they are spread over tabs; a join of a thread that does not exist counts too (it probes ids).
    expect((await tab.socket.emitWithAck('thread:join', { threadId: seen })).ok).toBe(true);
    expect((await otherTab.socket.emitWithAck('thread:join', { threadId: seen })).ok).toBe(true);
    expect((await tab.socket.emitWithAck('thread:join', { threadId: '00000000-0000-4000-8000-000000000000' })).error.code).toBe('discussions.thread_not_found');
    expect((await otherTab.socket.emitWithAck('thread:join', { threadId: seen, lastEventId: 0 })).ok).toBe(true);
    expect((await tab.socket.emitWithAck('thread:leave', { threadId: seen })).ok).toBe(true);
    expect((await tab.socket.emitWithAck('thread:join', { threadId: seen })).ok).toBe(true);

    const refused = await tab.socket.emitWithAck('thread:join', { threadId: unseen });
    expect(refused).toEqual({
      ok: false,
      error: { statusCode: 429, error: 'Too Many Requests', code: 'discussions.live.joins_rate_limited', message: expect.stringContaining('Please wait') },
      retryAfterSeconds: expect.any(Number),
    });
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);

    // Refused means not in the room: a post there reaches someone else who joined it, and not this socket.
    const bystander = await live(bystanderUser);
    expect((await bystander.socket.emitWithAck('thread:join', { threadId: unseen })).ok).toBe(true);
    const delivered = bystander.next('post:created');
    const post = await newPost(author, unseen, { body: 'Only for those in the room' });
    expect((await delivered).post.id).toBe(post.id);
    expect(tab.heard.filter(({ event, payload }) => event === 'post:created' && payload.threadId === unseen)).toEqual([]);
    // The rooms joined before the limit keep working.
    const stillLive = otherTab.next('post:created');
    await newPost(joiner, seen, { body: 'Still reaching the open tabs' });
    expect((await stillLive).threadId).toBe(seen);
  });
});

describe('reports', () => {
  it('answer 429 with Retry-After past the per-person allowance; a repeated report costs nothing and the refused one is not queued', async () => {
    const [reporter, other, author] = [await newUser(server.url), await newUser(server.url), await newUser(server.url)];
    for (const user of [reporter, other, author]) await addMember(admin, networkId, user, 'member');
    const thread = await newThread(author, networkId);
    const posts = [thread.firstPost, await newPost(author, thread.id, { body: 'Second' }), await newPost(author, thread.id, { body: 'Third' })];
    await wellInsideAMinute();
    const report = (user: TestUser, postId: string) => user.client.post(`/api/posts/${postId}/reports`, { reason: 'Names a patient' });

    expect((await report(reporter, posts[0].id)).status).toBe(201);
    expectErrorShape(await report(reporter, posts[0].id), 409, 'discussions.already_reported');
    expect((await report(reporter, posts[1].id)).status).toBe(201);
    const refused = await report(reporter, posts[2].id);
    expectErrorShape(refused, 429, 'discussions.reports_rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3600);

    const queued = (await admin.client.get(`/api/networks/${networkId}/moderation/reports`)).body.items.filter((item: any) => item.reporter.userId === reporter.id);
    expect(queued.map((item: any) => item.post.id).sort()).toEqual([posts[0].id, posts[1].id].sort());
    // Someone else is not held back by it.
    expect((await report(other, posts[2].id)).status).toBe(201);
  });
});
