import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { eventually, sql } from '../support/jobs';
import { indexDocuments, indexOf, search, searchable } from '../support/search';
import { serverForSuite } from '../support/server';

/**
 * Renames reach the index: when a person changes their display name or a team is renamed, the
 * lessons, threads and replies that show the name are found by the new name (and no longer by the
 * old one), through the real server and the real Meilisearch. Anonymous content never gains a name.
 */

jest.setTimeout(240_000);

const server = serverForSuite({ POSTS_PER_MINUTE: '100000', THREADS_PER_HOUR: '100000', NETWORKS_PER_HOUR: '100000', LESSONS_PER_HOUR: '100000' });

let admin: TestUser;
let writer: TestUser;
let networkId: string;
let teamId: string;

const LESSON = {
  context: { setting: 'General practice' },
  tried: 'Evening phone calls',
  happened: 'More people answered',
  outcome: 'worked',
  why: 'People are home after work',
  status: 'published',
};

const hitIds = async (user: TestUser, q: string): Promise<string[]> => {
  const response = await search(user, { q, limit: 50 });
  expect(response.status).toBe(200);
  return (response.body.hits as { id: string }[]).map((hit) => hit.id);
};

beforeAll(async () => {
  admin = await newUser(server.url, { displayName: 'Ada Admin' });
  writer = await newUser(server.url, { displayName: 'Quokka Original' });
  networkId = (await newNetwork(admin)).id;
  expect((await admin.client.patch(`/api/networks/${networkId}`, { allowAnonymousPosts: true })).status).toBe(200);
  await addMember(admin, networkId, writer, 'member');
  teamId = (await admin.client.post(`/api/networks/${networkId}/teams`, { name: 'Wombat ward' })).body.id;
  expect((await admin.client.patch(`/api/networks/${networkId}/members/${writer.id}`, { teamId })).status).toBe(200);
});

it('finds lessons, threads and replies by a new display name and a new team name, and never names anonymous ones', async () => {
  const lesson = (await writer.client.post(`/api/networks/${networkId}/lessons`, { ...LESSON, title: 'Evening calls' })).body;
  const hidden = (await writer.client.post(`/api/networks/${networkId}/lessons`, { ...LESSON, title: 'Evening texts', anonymous: true, anonymousAs: 'team' })).body;
  const thread = await newThread(writer, networkId, { title: 'Who calls in the evening?' });
  const other = await newThread(admin, networkId, { title: 'Rota questions' });
  const reply = await newPost(writer, other.id, { body: 'We share it across the week.' });
  const anonymousReply = await newPost(writer, other.id, { body: 'We do not have a rota.', anonymous: true });
  expect([lesson.id, hidden.id, thread.id, reply.id, anonymousReply.id].every(Boolean)).toBe(true);

  const named = [lesson.id, thread.id, reply.id];
  for (const id of named) await searchable(admin, 'quokka', (hit) => hit.id === id);

  // The person renames themselves: the new name finds what they wrote under their name, the old one nothing.
  expect((await writer.client.patch('/api/users/me', { displayName: 'Numbat Renamed' })).status).toBe(200);
  for (const id of named) await searchable(admin, 'numbat', (hit) => hit.id === id);
  await eventually(async () => (await hitIds(admin, 'quokka')).length === 0, 'the old name to find nothing');

  // The team is renamed: the same, for the team's name.
  await searchable(admin, 'wombat', (hit) => hit.id === lesson.id);
  expect((await admin.client.patch(`/api/networks/${networkId}/teams/${teamId}`, { name: 'Platypus ward' })).status).toBe(200);
  for (const id of named) await searchable(admin, 'platypus', (hit) => hit.id === id);
  await eventually(async () => (await hitIds(admin, 'wombat')).length === 0, 'the old team name to find nothing');

  // Anonymous content was never queued with a name and never carries one.
  for (const q of ['numbat', 'platypus', 'quokka', 'wombat']) {
    const ids = await hitIds(admin, q);
    expect(ids).not.toContain(hidden.id);
    expect(ids).not.toContain(anonymousReply.id);
  }
  const documents = await indexDocuments(indexOf(server.databaseUrl));
  for (const id of [hidden.id, anonymousReply.id]) {
    const document = documents.find((candidate) => candidate.id === id);
    expect(document).toMatchObject({ authorName: null, teamName: null });
  }
  const pending = await sql<{ count: number }>(server.databaseUrl, `SELECT count(*)::int AS count FROM search_outbox WHERE doc_id = ANY($1::text[])`, [[hidden.id, anonymousReply.id]]);
  expect(pending[0].count).toBe(0);
});
