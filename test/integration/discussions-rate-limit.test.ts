import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { serverForSuite } from '../support/server';

/** Posting is limited per person: a small burst here, so that the test reaches it quickly. */

jest.setTimeout(60_000);

const server = serverForSuite({ POSTS_PER_MINUTE: '3', THREADS_PER_HOUR: '2' });
let admin: TestUser;
let member: TestUser;
let networkId: string;

beforeAll(async () => {
  admin = await newUser(server.url);
  member = await newUser(server.url);
  networkId = (await newNetwork(admin)).id;
  await addMember(admin, networkId, member, 'member');
});

describe('rate limit', () => {
  it('answers 429 with Retry-After after a burst of posts', async () => {
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
