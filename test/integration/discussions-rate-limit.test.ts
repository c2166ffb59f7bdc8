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
