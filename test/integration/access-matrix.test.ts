import { addMember, newNetwork, newUser, type ApiResponse, type TestUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { scheduleSession, sessionBody } from '../support/learning-sessions';
import { serverForSuite } from '../support/server';

/**
 * Every network route, and every route reached through a discussion's thread or post, ×
 * {non-member, member, coach, admin} × {public, private}. The expected
 * statuses are written out here on purpose rather than derived from the policy under test. Each
 * case also reads, before the call, what the API says the caller may do (`can` on the network or
 * on the member concerned) and checks that it agrees with what the server then allows.
 */

jest.setTimeout(120_000);

type Who = 'non-member' | 'member' | 'coach' | 'admin';
type Visibility = 'public' | 'private';

interface Fixture {
  networkId: string;
  targetId: string;
  teamId: string;
  invitationId: string;
  /** For discussion routes: a thread the target member started, its first post (the target's)… */
  threadId: string;
  postId: string;
  /** …and a post of the caller's own (a non-member's was written while they were a member, before they left). */
  ownPostId: string;
  /** A published lesson written by the target member. */
  lessonId: string;
  /** A learning session the admin scheduled. */
  sessionId: string;
}

/** What the API tells the caller beforehand about this route: whether they may use it. */
type MayUse = (caller: TestUser, fixture: Fixture) => Promise<boolean>;

/** The network as the caller sees it (nothing when they cannot see it), and one of its `can` flags. */
const networkCan =
  (flag: 'contribute' | 'moderate' | 'administer' | 'join' | 'leave'): MayUse =>
  async (caller, fixture) => {
    const network = await caller.client.get(`/api/networks/${fixture.networkId}`);
    return network.status === 200 && network.body.can[flag] === true;
  };

/** The target member as the caller sees them in the member list, and one of its `can` flags. */
const memberCan =
  (flag: 'changeRole' | 'changeTeam' | 'changePartnerFlag' | 'remove'): MayUse =>
  async (caller, fixture) => {
    const members = await caller.client.get(`/api/networks/${fixture.networkId}/members`);
    return members.status === 200 && members.body.find((member: { userId: string }) => member.userId === fixture.targetId).can[flag] === true;
  };

/** Reading: whoever gets the network may read what is in it. */
const canRead: MayUse = async (caller, fixture) => (await caller.client.get(`/api/networks/${fixture.networkId}`)).status === 200;

/** The thread as the caller sees it (nothing when they cannot see it), and one of its `can` flags, or just whether they can read it. */
const threadCan =
  (flag: 'reply' | 'edit' | 'moderate' | 'read'): MayUse =>
  async (caller, fixture) => {
    const thread = await caller.client.get(`/api/threads/${fixture.threadId}`);
    return thread.status === 200 && (flag === 'read' || thread.body.can[flag] === true);
  };

/** A post (the target's, or the caller's own) as the caller sees it in the thread's first page, and one of its `can` flags. */
const postCan =
  (flag: 'edit' | 'delete' | 'hide' | 'react' | 'report', whose: 'target' | 'own'): MayUse =>
  async (caller, fixture) => {
    const posts = await caller.client.get(`/api/threads/${fixture.threadId}/posts`);
    const postId = whose === 'own' ? fixture.ownPostId : fixture.postId;
    return posts.status === 200 && posts.body.items.find((post: { id: string }) => post.id === postId).can[flag] === true;
  };

interface RouteCase {
  name: string;
  call: (caller: TestUser, fixture: Fixture) => Promise<ApiResponse>;
  /** What the API says beforehand; a 2xx answer must follow exactly when it says yes. */
  allowedWhen: MayUse;
  /** Expected status on a public network, by caller; a private network answers the same except 404 to non-members. */
  expected: Record<Who, number>;
  /** Overrides for private networks (where the non-member answer is not a plain 404). */
  privateExpected?: Partial<Record<Who, number>>;
  /** The route is about a discussion: the fixture starts a thread and gives the caller a post of their own. */
  discussion?: true;
}

/** The fixture's lesson as the caller sees it (nothing when they cannot see it), and one of its `can` flags. */
const lessonCan =
  (flag: 'edit' | 'delete'): MayUse =>
  async (caller, fixture) => {
    const lesson = await caller.client.get(`/api/lessons/${fixture.lessonId}`);
    return lesson.status === 200 && lesson.body.can[flag] === true;
  };

/** The fixture's learning session as the caller sees it (nothing when they cannot see it), and one of its `can` flags. */
const sessionCan =
  (flag: 'edit' | 'cancel' | 'rsvp'): MayUse =>
  async (caller, fixture) => {
    const session = await caller.client.get(`/api/learning-sessions/${fixture.sessionId}`);
    return session.status === 200 && session.body.can[flag] === true;
  };

/** The network's list of learning sessions says whether the caller may schedule one. */
/** The summary says whether the caller may export (hosts); others are not shown a summary before it is published. */
const summaryCanExport: MayUse = async (caller, fixture) => {
  const summary = await caller.client.get(`/api/learning-sessions/${fixture.sessionId}/summary`);
  return summary.status === 200 && summary.body.can.export === true;
};

const mayScheduleSession: MayUse = async (caller, fixture) => {
  const list = await caller.client.get(`/api/networks/${fixture.networkId}/learning-sessions`);
  return list.status === 200 && list.body.can.schedule === true;
};

const readRoute = { 'non-member': 200, member: 200, coach: 200, admin: 200 };
const adminRoute = (success: number) => ({ 'non-member': 403, member: 403, coach: 403, admin: success });
/** Members and up write; a reader of a public network (the non-member) cannot. */
const contributeRoute = (success: number) => ({ 'non-member': 403, member: success, coach: success, admin: success });
const moderateRoute = (success: number) => ({ 'non-member': 403, member: 403, coach: success, admin: success });

/**
 * The routes reached through a thread or a post: the network is found from them, and a private
 * one's thread or post is a plain 404 to a non-member (the route's own not-found, not the
 * network's). The target member started the thread and wrote its first post.
 */
const DISCUSSION_ROUTES: RouteCase[] = [
  { name: 'GET /threads/:id', call: (c, f) => c.client.get(`/api/threads/${f.threadId}`), allowedWhen: threadCan('read'), expected: readRoute },
  {
    name: "PATCH /threads/:id (title of another's thread)",
    call: (c, f) => c.client.patch(`/api/threads/${f.threadId}`, { title: 'Renamed' }),
    allowedWhen: threadCan('edit'),
    expected: moderateRoute(200),
  },
  {
    name: 'PATCH /threads/:id (pin)',
    call: (c, f) => c.client.patch(`/api/threads/${f.threadId}`, { pinned: true }),
    allowedWhen: threadCan('moderate'),
    expected: moderateRoute(200),
  },
  { name: 'GET /threads/:id/posts', call: (c, f) => c.client.get(`/api/threads/${f.threadId}/posts`), allowedWhen: threadCan('read'), expected: readRoute },
  {
    name: 'POST /threads/:id/posts',
    call: (c, f) => c.client.post(`/api/threads/${f.threadId}/posts`, { body: 'A reply' }),
    allowedWhen: threadCan('reply'),
    expected: contributeRoute(201),
  },
  {
    name: 'POST /threads/:id/read',
    // A read marker is the reader's own: anyone who may read the thread keeps one.
    call: (c, f) => c.client.post(`/api/threads/${f.threadId}/read`, { seq: 1 }),
    allowedWhen: threadCan('read'),
    expected: readRoute,
  },
  {
    name: 'PUT /threads/:id/notification-level',
    call: (c, f) => c.client.request('PUT', `/api/threads/${f.threadId}/notification-level`, { level: 'watching' }),
    allowedWhen: threadCan('read'),
    expected: readRoute,
  },
  {
    name: "PATCH /posts/:id (another's post)",
    call: (c, f) => c.client.patch(`/api/posts/${f.postId}`, { body: 'Rewritten' }),
    allowedWhen: postCan('edit', 'target'),
    // Nobody edits another's words, not even an admin: moderators hide or remove instead.
    expected: { 'non-member': 403, member: 403, coach: 403, admin: 403 },
  },
  {
    name: 'PATCH /posts/:id (own post)',
    call: (c, f) => c.client.patch(`/api/posts/${f.ownPostId}`, { body: 'Rewritten' }),
    allowedWhen: postCan('edit', 'own'),
    // The non-member wrote theirs as a member: having left, they read it and no longer change it.
    expected: contributeRoute(200),
  },
  {
    name: "DELETE /posts/:id (another's post)",
    call: (c, f) => c.client.delete(`/api/posts/${f.postId}`),
    allowedWhen: postCan('delete', 'target'),
    expected: moderateRoute(200),
  },
  {
    name: 'DELETE /posts/:id (own post)',
    call: (c, f) => c.client.delete(`/api/posts/${f.ownPostId}`),
    allowedWhen: postCan('delete', 'own'),
    expected: contributeRoute(200),
  },
  { name: 'GET /posts/:id/revisions', call: (c, f) => c.client.get(`/api/posts/${f.postId}/revisions`), allowedWhen: threadCan('read'), expected: readRoute },
  {
    name: 'PUT /posts/:id/reactions/:reaction',
    call: (c, f) => c.client.request('PUT', `/api/posts/${f.postId}/reactions/heart`),
    allowedWhen: postCan('react', 'target'),
    expected: contributeRoute(200),
  },
  {
    name: 'DELETE /posts/:id/reactions/:reaction',
    call: (c, f) => c.client.delete(`/api/posts/${f.postId}/reactions/heart`),
    allowedWhen: postCan('react', 'target'),
    expected: contributeRoute(200),
  },
  {
    name: 'POST /posts/:id/reports',
    call: (c, f) => c.client.post(`/api/posts/${f.postId}/reports`, { reason: 'Names a patient' }),
    allowedWhen: postCan('report', 'target'),
    expected: contributeRoute(201),
  },
  {
    name: 'POST /posts/:id/hide',
    call: (c, f) => c.client.post(`/api/posts/${f.postId}/hide`, { reason: 'Names a patient' }),
    allowedWhen: postCan('hide', 'target'),
    expected: moderateRoute(200),
  },
];

const ROUTES: RouteCase[] = [
  { name: 'GET /networks/:id', call: (c, f) => c.client.get(`/api/networks/${f.networkId}`), allowedWhen: canRead, expected: readRoute },
  {
    name: 'PATCH /networks/:id',
    call: (c, f) => c.client.patch(`/api/networks/${f.networkId}`, { description: 'Changed' }),
    allowedWhen: networkCan('administer'),
    expected: adminRoute(200),
  },
  { name: 'GET /networks/:id/tree', call: (c, f) => c.client.get(`/api/networks/${f.networkId}/tree`), allowedWhen: canRead, expected: readRoute },
  {
    name: 'GET /networks/:id/parent-choices',
    call: (c, f) => c.client.get(`/api/networks/${f.networkId}/parent-choices`),
    allowedWhen: networkCan('administer'),
    expected: adminRoute(200),
  },
  {
    name: 'POST /networks/:id/join',
    call: (c, f) => c.client.post(`/api/networks/${f.networkId}/join`),
    allowedWhen: networkCan('join'),
    expected: { 'non-member': 201, member: 409, coach: 409, admin: 409 },
  },
  {
    name: 'POST /networks/:id/leave',
    call: (c, f) => c.client.post(`/api/networks/${f.networkId}/leave`),
    allowedWhen: networkCan('leave'),
    // The admin is the only admin, and a network keeps at least one.
    expected: { 'non-member': 403, member: 204, coach: 204, admin: 409 },
  },
  { name: 'GET /networks/:id/members', call: (c, f) => c.client.get(`/api/networks/${f.networkId}/members`), allowedWhen: canRead, expected: readRoute },
  {
    name: 'PATCH /networks/:id/members/:userId (role of another member)',
    call: (c, f) => c.client.patch(`/api/networks/${f.networkId}/members/${f.targetId}`, { role: 'coach' }),
    allowedWhen: memberCan('changeRole'),
    expected: adminRoute(200),
  },
  {
    name: 'DELETE /networks/:id/members/:userId',
    call: (c, f) => c.client.delete(`/api/networks/${f.networkId}/members/${f.targetId}`),
    allowedWhen: memberCan('remove'),
    expected: adminRoute(204),
  },
  { name: 'GET /networks/:id/teams', call: (c, f) => c.client.get(`/api/networks/${f.networkId}/teams`), allowedWhen: canRead, expected: readRoute },
  {
    name: 'GET /networks/:id/teams/:teamId/action-items',
    call: (c, f) => c.client.get(`/api/networks/${f.networkId}/teams/${f.teamId}/action-items`),
    allowedWhen: canRead,
    expected: readRoute,
  },
  { name: 'GET /networks/:id/barriers', call: (c, f) => c.client.get(`/api/networks/${f.networkId}/barriers`), allowedWhen: canRead, expected: readRoute },
  {
    name: 'POST /networks/:id/teams',
    call: (c, f) => c.client.post(`/api/networks/${f.networkId}/teams`, { name: 'New site' }),
    allowedWhen: networkCan('administer'),
    expected: adminRoute(201),
  },
  {
    name: 'PATCH /networks/:id/teams/:teamId',
    call: (c, f) => c.client.patch(`/api/networks/${f.networkId}/teams/${f.teamId}`, { name: 'Renamed site' }),
    allowedWhen: networkCan('administer'),
    expected: adminRoute(200),
  },
  {
    name: 'DELETE /networks/:id/teams/:teamId',
    call: (c, f) => c.client.delete(`/api/networks/${f.networkId}/teams/${f.teamId}`),
    allowedWhen: networkCan('administer'),
    expected: adminRoute(204),
  },
  {
    name: 'POST /networks/:id/invitations',
    call: (c, f) => c.client.post(`/api/networks/${f.networkId}/invitations`, { role: 'member' }),
    allowedWhen: networkCan('administer'),
    expected: adminRoute(201),
  },
  {
    name: 'GET /networks/:id/invitations',
    call: (c, f) => c.client.get(`/api/networks/${f.networkId}/invitations`),
    allowedWhen: networkCan('administer'),
    expected: adminRoute(200),
  },
  {
    name: 'DELETE /networks/:id/invitations/:invitationId',
    call: (c, f) => c.client.delete(`/api/networks/${f.networkId}/invitations/${f.invitationId}`),
    allowedWhen: networkCan('administer'),
    expected: adminRoute(204),
  },
  {
    name: 'POST /networks/:id/threads',
    call: (c, f) => c.client.post(`/api/networks/${f.networkId}/threads`, { title: 'A question', body: 'Hello' }),
    allowedWhen: networkCan('contribute'),
    expected: { 'non-member': 403, member: 201, coach: 201, admin: 201 },
  },
  { name: 'GET /networks/:id/threads', call: (c, f) => c.client.get(`/api/networks/${f.networkId}/threads`), allowedWhen: canRead, expected: readRoute },
  { name: 'GET /networks/:id/mentionable', call: (c, f) => c.client.get(`/api/networks/${f.networkId}/mentionable`), allowedWhen: canRead, expected: readRoute },
  {
    name: 'GET /networks/:id/moderation/reports',
    call: (c, f) => c.client.get(`/api/networks/${f.networkId}/moderation/reports`),
    allowedWhen: networkCan('moderate'),
    expected: { 'non-member': 403, member: 403, coach: 200, admin: 200 },
  },
  {
    name: 'GET /networks/:id/moderation/summary',
    call: (c, f) => c.client.get(`/api/networks/${f.networkId}/moderation/summary`),
    allowedWhen: networkCan('moderate'),
    expected: { 'non-member': 403, member: 403, coach: 200, admin: 200 },
  },
  {
    name: 'GET /networks/:id/reveals',
    call: (c, f) => c.client.get(`/api/networks/${f.networkId}/reveals`),
    allowedWhen: networkCan('administer'),
    expected: adminRoute(200),
  },
  {
    name: 'POST /networks/:id/lessons',
    call: (c, f) => c.client.post(`/api/networks/${f.networkId}/lessons`, { title: 'A draft lesson' }),
    allowedWhen: networkCan('contribute'),
    expected: { 'non-member': 403, member: 201, coach: 201, admin: 201 },
  },
  {
    name: 'GET /networks/:id/lesson-choices',
    call: (c, f) => c.client.get(`/api/networks/${f.networkId}/lesson-choices`),
    allowedWhen: networkCan('contribute'),
    expected: contributeRoute(200),
  },
  { name: 'GET /networks/:id/lessons', call: (c, f) => c.client.get(`/api/networks/${f.networkId}/lessons`), allowedWhen: canRead, expected: readRoute },
  { name: 'GET /lessons/:id', call: (c, f) => c.client.get(`/api/lessons/${f.lessonId}`), allowedWhen: canRead, expected: readRoute },
  {
    name: "PATCH /lessons/:id (another member's published lesson)",
    call: (c, f) => c.client.patch(`/api/lessons/${f.lessonId}`, { tags: ['curated'] }),
    // Coaches and admins curate the knowledge base; members change only their own lessons.
    allowedWhen: lessonCan('edit'),
    expected: { 'non-member': 403, member: 403, coach: 200, admin: 200 },
  },
  {
    name: "DELETE /lessons/:id (another member's published lesson)",
    call: (c, f) => c.client.delete(`/api/lessons/${f.lessonId}`),
    allowedWhen: lessonCan('delete'),
    expected: { 'non-member': 403, member: 403, coach: 204, admin: 204 },
  },
  {
    name: 'POST /networks/:id/learning-sessions',
    call: (c, f) => c.client.post(`/api/networks/${f.networkId}/learning-sessions`, sessionBody()),
    allowedWhen: mayScheduleSession,
    expected: moderateRoute(201),
  },
  { name: 'GET /networks/:id/learning-sessions', call: (c, f) => c.client.get(`/api/networks/${f.networkId}/learning-sessions`), allowedWhen: canRead, expected: readRoute },
  { name: 'GET /learning-sessions/:id', call: (c, f) => c.client.get(`/api/learning-sessions/${f.sessionId}`), allowedWhen: canRead, expected: readRoute },
  { name: 'GET /learning-sessions/:id/ics', call: (c, f) => c.client.get(`/api/learning-sessions/${f.sessionId}/ics`), allowedWhen: canRead, expected: readRoute },
  {
    name: 'PATCH /learning-sessions/:id',
    call: (c, f) => c.client.patch(`/api/learning-sessions/${f.sessionId}`, { title: 'Renamed session' }),
    allowedWhen: sessionCan('edit'),
    expected: moderateRoute(200),
  },
  {
    name: 'POST /learning-sessions/:id/cancel',
    call: (c, f) => c.client.post(`/api/learning-sessions/${f.sessionId}/cancel`, {}),
    allowedWhen: sessionCan('cancel'),
    expected: moderateRoute(200),
  },
  {
    name: 'PUT /learning-sessions/:id/rsvp',
    call: (c, f) => c.client.request('PUT', `/api/learning-sessions/${f.sessionId}/rsvp`, { status: 'going' }),
    allowedWhen: sessionCan('rsvp'),
    expected: contributeRoute(200),
  },
  // The harvest: on a session not yet ended, hosts see and export what it has produced so far; a
  // draft or in-progress summary does not exist for anyone else (404), the exports are refused (403).
  {
    name: 'GET /learning-sessions/:id/summary (not yet published)',
    call: (c, f) => c.client.get(`/api/learning-sessions/${f.sessionId}/summary`),
    allowedWhen: mayScheduleSession,
    expected: { 'non-member': 404, member: 404, coach: 200, admin: 200 },
  },
  ...(['summary.md', 'polls.csv', 'attendance.csv'] as const).map((file) => ({
    name: `GET /learning-sessions/:id/${file}`,
    call: (c: TestUser, f: Fixture) => c.client.get(`/api/learning-sessions/${f.sessionId}/${file}`),
    allowedWhen: summaryCanExport,
    expected: moderateRoute(200),
  })),
  {
    name: 'POST /learning-sessions/:id/thread',
    call: (c, f) => c.client.post(`/api/learning-sessions/${f.sessionId}/thread`),
    allowedWhen: networkCan('contribute'),
    expected: contributeRoute(200),
  },
  {
    name: 'POST /networks (parentId: this network)',
    call: (c, f) => c.client.post('/api/networks', { name: 'Child', level: 'organisation', visibility: 'public', parentId: f.networkId }),
    // Placing a network under another is a decision of that network's admins.
    allowedWhen: networkCan('administer'),
    expected: adminRoute(201),
    // The parent is named in the body, so an invisible one is a 400 on that field (not a 403 that would reveal it).
    privateExpected: { 'non-member': 400 },
  },
  ...DISCUSSION_ROUTES.map((route) => ({ ...route, discussion: true as const })),
];

// Every case gets a network of its own, all created by one admin, and the discussion cases a thread
// and posts by the same few people: far more than an hour's usual allowances.
const server = serverForSuite({ NETWORKS_PER_HOUR: '1000', THREADS_PER_HOUR: '1000', POSTS_PER_MINUTE: '1000', REPORTS_PER_HOUR: '1000', LESSONS_PER_HOUR: '100000' });
const people = {} as Record<Who | 'target', TestUser>;

beforeAll(async () => {
  for (const who of ['admin', 'member', 'coach', 'non-member', 'target'] as const) people[who] = await newUser(server.url);
});

async function fixture(visibility: Visibility, discussionFor?: Who): Promise<Fixture> {
  const owner = people.admin;
  const network = await newNetwork(owner, { visibility, level: 'subnational' });
  await addMember(owner, network.id, people.member, 'member');
  await addMember(owner, network.id, people.coach, 'coach');
  await addMember(owner, network.id, people.target, 'member');
  const team = await owner.client.post(`/api/networks/${network.id}/teams`, { name: 'Existing site' });
  const invitation = await owner.client.post(`/api/networks/${network.id}/invitations`, { role: 'member' });
  const lesson = await people.target.client.post(`/api/networks/${network.id}/lessons`, {
    title: 'Reminder letters did not bring people back',
    context: { setting: 'General practice' },
    tried: 'Letters',
    happened: 'Few replies',
    outcome: 'did_not_work',
    why: 'Letters are easy to ignore',
    status: 'published',
  });
  if (lesson.status !== 201) throw new Error(`create lesson failed: ${lesson.status} ${JSON.stringify(lesson.body)}`);
  const session = await scheduleSession(owner, network.id);
  const made = {
    networkId: network.id,
    targetId: people.target.id,
    teamId: team.body.id,
    invitationId: invitation.body.id,
    lessonId: lesson.body.id,
    sessionId: session.id,
    threadId: '',
    postId: '',
    ownPostId: '',
  };
  if (!discussionFor) return made;

  const thread = await newThread(people.target, network.id);
  const caller = people[discussionFor];
  if (discussionFor === 'non-member') await addMember(owner, network.id, caller, 'member');
  const own = await newPost(caller, thread.id, { body: 'My own words' });
  if (discussionFor === 'non-member') expect((await owner.client.delete(`/api/networks/${network.id}/members/${caller.id}`)).status).toBe(204);
  return { ...made, threadId: thread.id, postId: thread.firstPost.id, ownPostId: own.id };
}

const cases: [string, Visibility, Who, number, RouteCase][] = [];
for (const route of ROUTES) {
  for (const visibility of ['public', 'private'] as const) {
    for (const who of ['non-member', 'member', 'coach', 'admin'] as const) {
      const expected =
        visibility === 'private' && who === 'non-member' ? (route.privateExpected?.[who] ?? 404) : route.expected[who];
      cases.push([route.name, visibility, who, expected, route]);
    }
  }
}

it.each(cases)('%s on a %s network as %s → %i, as `can` said', async (_name, visibility, who, expected, route) => {
  const setUp = await fixture(visibility, route.discussion ? who : undefined);
  const said = await route.allowedWhen(people[who], setUp);
  const response = await route.call(people[who], setUp);
  expect({ status: response.status, body: response.status >= 400 ? response.body : 'ok', canSaid: said }).toEqual({
    status: expected,
    body: expected >= 400 ? expect.objectContaining({ statusCode: expected }) : 'ok',
    canSaid: expected < 300,
  });
});

it('`can` on a member follows the rule for each viewer: admins change anyone but the last admin, members only themselves', async () => {
  const { networkId } = await fixture('private');
  const canOf = async (viewer: TestUser, member: TestUser) =>
    (await viewer.client.get(`/api/networks/${networkId}/members`)).body.find((row: { userId: string }) => row.userId === member.id).can;
  expect(await canOf(people.admin, people.admin)).toEqual({ changeRole: false, changeTeam: true, changePartnerFlag: true, remove: false });
  expect(await canOf(people.admin, people.coach)).toEqual({ changeRole: true, changeTeam: true, changePartnerFlag: true, remove: true });
  expect(await canOf(people.member, people.member)).toEqual({ changeRole: false, changeTeam: true, changePartnerFlag: true, remove: false });
  expect(await canOf(people.member, people.coach)).toEqual({ changeRole: false, changeTeam: false, changePartnerFlag: false, remove: false });

  // What it says is what happens: a member changes their own team and partner flag, not another's.
  const team = await people.admin.client.post(`/api/networks/${networkId}/teams`, { name: 'Their own site' });
  expect((await people.member.client.patch(`/api/networks/${networkId}/members/${people.member.id}`, { teamId: team.body.id, isPatientPartner: true })).status).toBe(200);
  expect((await people.member.client.patch(`/api/networks/${networkId}/members/${people.coach.id}`, { teamId: team.body.id })).status).toBe(403);
  // And the last admin's role cannot change, as `can.changeRole` said.
  expect((await people.admin.client.patch(`/api/networks/${networkId}/members/${people.admin.id}`, { role: 'coach' })).status).toBe(409);
});

it('who is a patient partner, and where people work, is told to fellow members only, not to a public network\'s readers', async () => {
  const { networkId } = await fixture('public');
  expect((await people.member.client.patch(`/api/networks/${networkId}/members/${people.member.id}`, { isPatientPartner: true })).status).toBe(200);
  const rowOf = async (viewer: TestUser) =>
    (await viewer.client.get(`/api/networks/${networkId}/members`)).body.find((row: { userId: string }) => row.userId === people.member.id);
  expect(await rowOf(people.coach)).toMatchObject({ isPatientPartner: true });
  const outsiderView = await rowOf(people['non-member']);
  expect(outsiderView).toMatchObject({ displayName: people.member.displayName, role: 'member', isPatientPartner: null, organisation: null, email: null });
});

it('a private network is indistinguishable from a missing one for non-members', async () => {
  const { networkId } = await fixture('private');
  const missing = '00000000-0000-4000-8000-000000000000';
  const outsider = people['non-member'];
  for (const path of ['', '/tree', '/members', '/teams', '/invitations']) {
    const hidden = await outsider.client.get(`/api/networks/${networkId}${path}`);
    const absent = await outsider.client.get(`/api/networks/${missing}${path}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(absent.body);
  }
  const listed = await outsider.client.get('/api/networks?limit=200');
  expect(listed.body.items.map((n: { id: string }) => n.id)).not.toContain(networkId);
});
