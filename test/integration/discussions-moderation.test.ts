import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { serverForSuite } from '../support/server';

/** Moderation per role, anonymity that never leaks, and recorded reveals. */

jest.setTimeout(120_000);

const server = serverForSuite({ THREADS_PER_HOUR: '1000', POSTS_PER_MINUTE: '1000', NETWORKS_PER_HOUR: '100' });

type Who = 'admin' | 'coach' | 'member' | 'reader';
const people = {} as Record<Who | 'writer' | 'stranger', TestUser>;
let publicId: string;
let privateId: string;

beforeAll(async () => {
  for (const who of ['admin', 'coach', 'member', 'reader', 'writer', 'stranger'] as const) people[who] = await newUser(server.url, { displayName: `Person ${who}` });
  publicId = (await newNetwork(people.admin, { visibility: 'public' })).id;
  privateId = (await newNetwork(people.admin, { visibility: 'private' })).id;
  for (const networkId of [publicId, privateId]) {
    await addMember(people.admin, networkId, people.coach, 'coach');
    await addMember(people.admin, networkId, people.member, 'member');
    await addMember(people.admin, networkId, people.writer, 'member');
  }
  const team = await people.admin.client.post(`/api/networks/${publicId}/teams`, { name: 'Harbour Clinic' });
  await people.admin.client.patch(`/api/networks/${publicId}/members/${people.writer.id}`, { teamId: team.body.id });
});

describe('anonymity', () => {
  it('is refused until the admins allow it, then never shows the author to anyone but them, on reveal, which is recorded', async () => {
    const refused = await people.writer.client.post(`/api/networks/${publicId}/threads`, { title: 'Failed test', body: 'It did not work', anonymous: true });
    expectErrorShape(refused, 403, 'discussions.anonymous_not_allowed');
    expect((await people.member.client.patch(`/api/networks/${publicId}`, { allowAnonymousPosts: true })).status).toBe(403);
    const allowed = await people.admin.client.patch(`/api/networks/${publicId}`, { allowAnonymousPosts: true });
    expect(allowed.body.allowAnonymousPosts).toBe(true);

    const thread = await newThread(people.writer, publicId, { title: 'Our test failed', body: 'We tried calls and it did not work', anonymous: true });
    expect(thread).toMatchObject({ anonymous: true, mine: true, author: { kind: 'anonymous', label: 'a member of Harbour Clinic' } });
    const reply = await newPost(people.writer, thread.id, { body: 'More detail', anonymous: true, anonymousAs: 'member' });
    expect(reply.author).toEqual({ kind: 'anonymous', label: 'a member' });
    const edited = await people.writer.client.patch(`/api/posts/${reply.id}`, { body: 'More detail, edited' });
    expect(edited.status).toBe(200);
    await people.member.client.request('PUT', `/api/posts/${reply.id}/reactions/heart`);
    expect((await people.member.client.post(`/api/posts/${reply.id}/reports`, { reason: 'Too vague' })).status).toBe(201);

    // Everything a peer, a reader and a moderator receive about it.
    const secrets = [people.writer.id, people.writer.displayName, people.writer.email];
    for (const viewer of [people.member, people.reader, people.coach, people.admin]) {
      const answers = [
        await viewer.client.get(`/api/threads/${thread.id}`),
        await viewer.client.get(`/api/networks/${publicId}/threads`),
        await viewer.client.get(`/api/threads/${thread.id}/posts`),
        await viewer.client.get(`/api/posts/${reply.id}/revisions`),
      ];
      if (viewer === people.coach || viewer === people.admin) answers.push(await viewer.client.get(`/api/networks/${publicId}/moderation/reports`));
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        for (const secret of secrets) expect(JSON.stringify(answer.body)).not.toContain(secret);
      }
    }
    const queue = await people.coach.client.get(`/api/networks/${publicId}/moderation/reports`);
    expect(queue.body.items[0].post.author).toEqual({ kind: 'anonymous', label: 'a member' });

    // Only admins reveal; the reveal is logged and listed to admins.
    expectErrorShape(await people.coach.client.post(`/api/posts/${reply.id}/reveal`), 403, 'networks.admins_only');
    expect((await people.member.client.get(`/api/threads/${thread.id}`)).body.can.reveal).toBe(false);
    expect((await people.admin.client.get(`/api/threads/${thread.id}`)).body.can.reveal).toBe(true);
    const revealed = await people.admin.client.post(`/api/posts/${reply.id}/reveal`);
    expect(revealed.body).toEqual({ author: { userId: people.writer.id, name: people.writer.displayName, teamName: 'Harbour Clinic' } });
    const log = await people.admin.client.get(`/api/networks/${publicId}/reveals`);
    expect(log.body.items[0]).toMatchObject({ postId: reply.id, threadId: thread.id, revealedBy: { userId: people.admin.id }, author: { userId: people.writer.id } });
    expectErrorShape(await people.coach.client.get(`/api/networks/${publicId}/reveals`), 403, 'networks.admins_only');
    expectErrorShape(await people.admin.client.post(`/api/posts/${(await newPost(people.member, thread.id)).id}/reveal`), 409, 'discussions.not_anonymous');
  });
});

describe('moderation by role', () => {
  const can = async (who: TestUser, path: string) => (await who.client.get(path)).body.can;

  it('lets coaches and admins hide, pin, lock and answer reports; members report; readers only read', async () => {
    const thread = await newThread(people.writer, publicId);
    const post = await newPost(people.writer, thread.id, { body: 'Something off' });

    for (const who of ['member', 'reader'] as const) {
      expectErrorShape(await people[who].client.post(`/api/posts/${post.id}/hide`, { reason: 'No' }), 403, 'networks.moderators_only');
      expectErrorShape(await people[who].client.patch(`/api/threads/${thread.id}`, { pinned: true }), 403, 'discussions.moderators_only');
      expectErrorShape(await people[who].client.get(`/api/networks/${publicId}/moderation/summary`), 403, 'networks.moderators_only');
    }
    expect((await can(people.member, `/api/threads/${thread.id}`)).moderate).toBe(false);
    // A reader of a public network reads but cannot write, react or report.
    expect((await people.reader.client.get(`/api/threads/${thread.id}/posts`)).status).toBe(200);
    expectErrorShape(await people.reader.client.post(`/api/threads/${thread.id}/posts`, { body: 'hi' }), 403, 'networks.contributors_only');
    expectErrorShape(await people.reader.client.post(`/api/networks/${publicId}/threads`, { title: 'T', body: 'B' }), 403, 'networks.contributors_only');
    expectErrorShape(await people.reader.client.request('PUT', `/api/posts/${post.id}/reactions/heart`), 403, 'networks.contributors_only');
    expectErrorShape(await people.reader.client.post(`/api/posts/${post.id}/reports`, { reason: 'x' }), 403, 'networks.contributors_only');

    const report = await people.member.client.post(`/api/posts/${post.id}/reports`, { reason: 'Rude' });
    expect(report.status).toBe(201);
    expectErrorShape(await people.member.client.post(`/api/posts/${post.id}/reports`, { reason: 'Again' }), 409, 'discussions.already_reported');
    expectErrorShape(await people.writer.client.post(`/api/posts/${post.id}/reports`, { reason: 'Me' }), 403, 'discussions.own_post');
    const before = (await people.coach.client.get(`/api/networks/${publicId}/moderation/summary`)).body.openReports;
    expect(before).toBeGreaterThanOrEqual(1);

    const resolved = await people.coach.client.post(`/api/reports/${report.body.id}/resolve`, { action: 'hide', reason: 'Please keep it kind' });
    expect(resolved.body.openReports).toBe(before - 1);
    expectErrorShape(await people.coach.client.post(`/api/reports/${report.body.id}/resolve`, { action: 'dismiss' }), 409, 'discussions.report_resolved');
    const asMember = (await people.member.client.get(`/api/threads/${thread.id}/posts`)).body.items[1];
    expect(asMember).toMatchObject({ hidden: { reason: 'Please keep it kind' }, bodySource: '', bodyHtml: '' });
    const asCoach = (await people.coach.client.get(`/api/threads/${thread.id}/posts`)).body.items[1];
    expect(asCoach).toMatchObject({ hidden: { reason: 'Please keep it kind' }, bodySource: 'Something off', can: { hide: true } });
    const unhidden = await people.admin.client.delete(`/api/posts/${post.id}/hide`);
    expect(unhidden.body.hidden).toBeNull();

    for (const who of ['coach', 'admin'] as const) {
      const pinned = await people[who].client.patch(`/api/threads/${thread.id}`, { pinned: who === 'coach', locked: false });
      expect(pinned.status).toBe(200);
    }
    const hidden = await people.admin.client.post(`/api/posts/${post.id}/hide`, { reason: 'Off topic' });
    expect(hidden.body.hidden).toEqual({ reason: 'Off topic' });
  });

  it('moves a thread only to a network where the mover also moderates', async () => {
    const thread = await newThread(people.writer, publicId);
    const coachOwn = (await newNetwork(people.coach)).id;
    const adminOnly = (await newNetwork(people.admin, { visibility: 'private' })).id;
    const strangerOwn = (await newNetwork(people.stranger, { visibility: 'private' })).id;
    await addMember(people.admin, adminOnly, people.coach, 'member');
    expectErrorShape(await people.coach.client.patch(`/api/threads/${thread.id}`, { networkId: adminOnly }), 403, 'discussions.move_target_not_moderated');
    expectErrorShape(await people.coach.client.patch(`/api/threads/${thread.id}`, { networkId: strangerOwn }), 400, 'discussions.move_target_not_found');
    const moved = await people.coach.client.patch(`/api/threads/${thread.id}`, { networkId: coachOwn });
    expect(moved.body.networkId).toBe(coachOwn);
  });

  it('is a 404 to non-members of a private network through every door', async () => {
    const thread = await newThread(people.writer, privateId);
    const post = thread.firstPost.id;
    const outsider = people.stranger;
    const doors: [string, string, unknown?][] = [
      ['GET', `/api/threads/${thread.id}`],
      ['PATCH', `/api/threads/${thread.id}`, { title: 'x' }],
      ['GET', `/api/threads/${thread.id}/posts`],
      ['POST', `/api/threads/${thread.id}/posts`, { body: 'x' }],
      ['POST', `/api/threads/${thread.id}/read`, { seq: 1 }],
      ['PATCH', `/api/posts/${post}`, { body: 'x' }],
      ['GET', `/api/posts/${post}/revisions`],
      ['DELETE', `/api/posts/${post}`],
      ['PUT', `/api/posts/${post}/reactions/heart`],
      ['POST', `/api/posts/${post}/reports`, { reason: 'x' }],
      ['POST', `/api/posts/${post}/hide`, { reason: 'x' }],
      ['POST', `/api/posts/${post}/reveal`],
      ['GET', `/api/networks/${privateId}/threads`],
      ['GET', `/api/networks/${privateId}/mentionable`],
      ['GET', `/api/networks/${privateId}/moderation/reports`],
    ];
    for (const [method, path, body] of doors) {
      const response = await outsider.client.request(method, path, body);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
      expect(JSON.stringify(response.body)).not.toContain(thread.title);
    }
    const report = await people.member.client.post(`/api/posts/${post}/reports`, { reason: 'x' });
    expectErrorShape(await outsider.client.post(`/api/reports/${report.body.id}/resolve`, { action: 'dismiss' }), 404, 'discussions.report_not_found');
  });
});
