import { join } from 'node:path';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { DEMO_CHANGE_PACKAGE } from '../../server/src/seed/demo-change-package';
import { DEMO_NETWORKS, DEMO_PASSWORD, DEMO_PEOPLE } from '../../server/src/seed/demo-content';
import { DEMO_THREADS } from '../../server/src/seed/demo-discussions';
import { DEMO_LEARNING_SESSIONS } from '../../server/src/seed/demo-learning-sessions';
import { DEMO_HARVEST } from '../../server/src/seed/demo-session-harvest';
import { ApiClient, type TestUser } from '../support/api';
import { searchable } from '../support/search';
import { freshDatabase, ROOT, startServer, type RunningServer } from '../support/server';

/**
 * The demo seed on a fresh database: every feature module writes its part through its own
 * repositories, orchestrated in one transaction, once. What lands in the database is read back
 * through the API and compared with the demo's declared content.
 */

jest.setTimeout(120_000);

const CREATED_NOW = 'The demo was created on this first start';

// The demo package's parts, with the defaults writeChangePackage gives to what it leaves out.
const demoDrivers = (DEMO_CHANGE_PACKAGE.drivers ?? []).map((driver) => ({ ...driver, secondary: driver.secondary ?? [] }));
const demoMeasures = DEMO_CHANGE_PACKAGE.measures ?? [];
const demoIdeas = (DEMO_CHANGE_PACKAGE.ideas ?? []).map((idea) => ({ ...idea, measureKeys: idea.measureKeys ?? [], evidence: idea.evidence ?? [] }));

async function signIn(url: string, email: string): Promise<ApiClient> {
  const client = new ApiClient(url);
  const response = await client.post('/api/auth/login', { email, password: DEMO_PASSWORD });
  if (response.status !== 200) throw new Error(`${email} cannot sign in: ${response.status} ${JSON.stringify(response.body)}`);
  return client;
}

async function countRows(databaseUrl: string, sql: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return Number((await db.query(sql)).rows[0].count);
  } finally {
    await db.end();
  }
}

describe('on a fresh database', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // With the web app, to read a thread's page as the demo member sees it.
    server = await startServer({ SEED_DEMO: 'true', WEB_BUILD_DIR: join(ROOT, 'web/build') });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints every demo sign-in, and every demo person can sign in with the demo password', async () => {
    expect(server.output()).toContain(CREATED_NOW);
    expect(server.output()).toContain(`password for all: ${DEMO_PASSWORD}`);
    for (const person of DEMO_PEOPLE) {
      expect(server.output()).toContain(person.email);
      const me = (await (await signIn(server.url, person.email)).get('/api/auth/me')).body;
      expect(me).toMatchObject({ email: person.email, displayName: person.displayName, organisation: person.organisation });
    }
  });

  it('holds every demo network in its place in the hierarchy, with its teams and members', async () => {
    const nadia = await signIn(server.url, 'nadia.okafor@example.org');
    const visible = (await nadia.get('/api/networks?limit=200')).body.items as { id: string; name: string; level: string; visibility: string; parentId: string | null }[];
    expect(visible).toHaveLength(DEMO_NETWORKS.length);
    const idOf = new Map(DEMO_NETWORKS.map((demo) => [demo.key, visible.find((network) => network.name === demo.name)?.id]));

    for (const demo of DEMO_NETWORKS) {
      const network = visible.find((candidate) => candidate.name === demo.name);
      expect(network).toMatchObject({ level: demo.level, visibility: demo.visibility, parentId: demo.parent ? idOf.get(demo.parent) : null });

      // Its first member is its admin, who sees everyone's email.
      const admin = await signIn(server.url, DEMO_PEOPLE.find((person) => person.key === demo.members[0][0])!.email);
      const teams = (await admin.get(`/api/networks/${network!.id}/teams`)).body as { name: string }[];
      expect(teams.map((team) => team.name).sort()).toEqual([...demo.teams].sort());
      const members = (await admin.get(`/api/networks/${network!.id}/members`)).body as { email: string; role: string; teamName: string | null; isPatientPartner: boolean }[];
      const expected = demo.members.map(([personKey, role, team, isPatientPartner]) => ({
        email: DEMO_PEOPLE.find((person) => person.key === personKey)!.email,
        role,
        teamName: team,
        isPatientPartner: isPatientPartner ?? false,
      }));
      const byEmail = (a: { email: string }, b: { email: string }) => a.email.localeCompare(b.email);
      expect(members.map(({ email, role, teamName, isPatientPartner }) => ({ email, role, teamName, isPatientPartner })).sort(byEmail)).toEqual(
        expected.sort(byEmail),
      );
    }
  });

  it('names teams as care teams, never after a network, and shows people outside a private network nothing of it in team names', async () => {
    const networkNames = DEMO_NETWORKS.map((demo) => demo.name.toLowerCase());
    // The distinctive word of each private network's name ("Millbrook").
    const privateWords = DEMO_NETWORKS.filter((demo) => demo.visibility === 'private').map((demo) => demo.name.split(' ')[0].toLowerCase());
    expect(privateWords.length).toBeGreaterThan(0);
    // Someone who belongs to no demo network sees what anyone signed in sees.
    const outsider = new ApiClient(server.url);
    await outsider.post('/api/auth/register', { email: 'outsider@example.test', password: 'an outsider with a long password', displayName: 'Olu Outsider' });
    expect((await outsider.post('/api/auth/login', { email: 'outsider@example.test', password: 'an outsider with a long password' })).status).toBe(200);
    const visible = (await outsider.get('/api/networks?limit=200')).body.items as { id: string; name: string }[];
    expect(visible.map((network) => network.name).sort()).toEqual(DEMO_NETWORKS.filter((demo) => demo.visibility === 'public').map((demo) => demo.name).sort());

    for (const network of visible) {
      const teams = ((await outsider.get(`/api/networks/${network.id}/teams`)).body as { name: string }[]).map((team) => team.name.toLowerCase());
      expect(teams.length).toBeGreaterThan(0);
      for (const team of teams) {
        expect({ network: network.name, team, isANetwork: networkNames.includes(team) }).toEqual({ network: network.name, team, isANetwork: false });
        expect({ network: network.name, team, namesAPrivateNetwork: privateWords.some((word) => team.includes(word)) }).toEqual({
          network: network.name,
          team,
          namesAPrivateNetwork: false,
        });
      }
    }
  });

  it('holds lessons of every outcome across teams, failures among them, linked to the ideas they tried, with a systemic barrier from a region', async () => {
    const grace = await signIn(server.url, 'grace.mwangi@example.org');
    const national = (await grace.get('/api/networks?level=national')).body.items[0];
    const lessons = (await grace.get(`/api/networks/${national.id}/lessons`)).body.items;
    expect(new Set(lessons.map((lesson: { outcome: string }) => lesson.outcome))).toEqual(new Set(['worked', 'partly_worked', 'did_not_work', 'abandoned']));
    expect(lessons.filter((lesson: { outcome: string }) => lesson.outcome === 'did_not_work' || lesson.outcome === 'abandoned').length).toBeGreaterThanOrEqual(3);
    expect(new Set(lessons.map((lesson: { teamName: string | null }) => lesson.teamName).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
    // The anonymous one names its writer's team only through its label.
    const anonymous = lessons.find((lesson: { anonymous: boolean }) => lesson.anonymous);
    expect(anonymous.author).toEqual({ kind: 'anonymous', label: 'a member of Harbourview care team' });
    const packageId = (await grace.get(`/api/networks/${national.id}/change-packages`)).body[0].id;
    const linked = Object.values((await grace.get(`/api/change-packages/${packageId}/lessons`)).body.ideas).flat();
    expect(linked.length).toBe(lessons.length);
    const northern = (await grace.get('/api/networks?level=subnational')).body.items.find((network: { name: string }) => network.name.startsWith('Northern'));
    const regional = (await grace.get(`/api/networks/${northern.id}/lessons`)).body.items;
    expect(regional.flatMap((lesson: { barriers: { kind: string }[] }) => lesson.barriers).some((barrier: { kind: string }) => barrier.kind === 'systemic')).toBe(true);
  });

  it("holds the national network's change package with its whole content, first written by the national admin", async () => {
    const nadia = await signIn(server.url, 'nadia.okafor@example.org');
    const national = (await nadia.get('/api/networks?level=national')).body.items[0];
    const packages = (await nadia.get(`/api/networks/${national.id}/change-packages`)).body;
    expect(packages.map((found: { title: string }) => found.title)).toEqual([DEMO_CHANGE_PACKAGE.title]);
    const { content } = (await nadia.get(`/api/change-packages/${packages[0].id}`)).body;

    expect(content.aim).toEqual(DEMO_CHANGE_PACKAGE.aim);
    expect(content.drivers.map((driver: { title: string; secondary: { title: string }[] }) => ({ title: driver.title, secondary: driver.secondary.map((s) => s.title) }))).toEqual(
      demoDrivers.map((driver) => ({ title: driver.title, secondary: driver.secondary.map((s) => s.title) })),
    );
    expect(content.measures.map(({ name, kind, definition, goal }: Record<string, string>) => ({ name, kind, definition, goal }))).toEqual(
      demoMeasures.map(({ name, kind, definition, goal }) => ({ name, kind, definition, goal })),
    );
    // Ideas hang under the drivers and move the measures the demo names, with their descriptions and evidence.
    const driverTitle = new Map<string, string>(
      content.drivers.flatMap((driver: { id: string; title: string; secondary: { id: string; title: string }[] }) => [
        [driver.id, driver.title],
        ...driver.secondary.map((s) => [s.id, s.title]),
      ]),
    );
    const measureName = new Map<string, string>(content.measures.map((measure: { id: string; name: string }) => [measure.id, measure.name]));
    const demoDriverTitle = new Map(demoDrivers.flatMap((driver) => [driver, ...driver.secondary].map((d): [string, string] => [d.key, d.title])));
    const demoMeasureName = new Map(demoMeasures.map((measure) => [measure.key, measure.name]));
    expect(
      content.ideas.map((idea: { title: string; driverIds: string[]; measureIds: string[]; descriptionText: string; evidence: unknown[] }) => ({
        title: idea.title,
        drivers: idea.driverIds.map((id) => driverTitle.get(id)),
        measures: idea.measureIds.map((id) => measureName.get(id)),
        paragraphsShown: idea.descriptionText.length > 0,
        evidence: idea.evidence,
      })),
    ).toEqual(
      demoIdeas.map((idea) => ({
        title: idea.title,
        drivers: idea.driverKeys.map((key) => demoDriverTitle.get(key)),
        measures: idea.measureKeys.map((key) => demoMeasureName.get(key)),
        paragraphsShown: true,
        evidence: idea.evidence,
      })),
    );
    for (const [index, idea] of demoIdeas.entries()) {
      for (const paragraph of idea.paragraphs) expect(content.ideas[index].descriptionText).toContain(paragraph);
    }

    const changes = (await nadia.get(`/api/change-packages/${packages[0].id}/changes`)).body;
    const me = (await nadia.get('/api/auth/me')).body;
    expect(changes.flatMap((interval: { authors: { userId: string }[] }) => interval.authors.map((author) => author.userId))).toEqual([me.id]);
  });

  describe("the national network's discussions, as the demo member Grace finds them", () => {
    let grace: ApiClient;
    let networkId: string;
    let threads: any[];
    const threadTitled = (title: string) => threads.find((thread) => thread.title === title);
    const demoThread = (key: string) => DEMO_THREADS.find((thread) => thread.key === key)!;
    const allPosts = async (threadId: string) => (await grace.get(`/api/threads/${threadId}/posts?limit=100`)).body.items as any[];

    beforeAll(async () => {
      grace = await signIn(server.url, 'grace.mwangi@example.org');
      networkId = (await grace.get('/api/networks?level=national')).body.items[0].id;
      const listed = await grace.get(`/api/networks/${networkId}/threads`);
      expect(listed.status).toBe(200);
      threads = listed.body.items;
    });

    it('lists every demo thread, the pinned welcome first, then by latest activity; the locked one is locked', () => {
      // The demo's threads, and the follow-up of the first learning session (its harvest, below).
      expect(threads.map((thread) => thread.title).sort()).toEqual([...DEMO_THREADS.map((thread) => thread.title), DEMO_HARVEST.thread.title].sort());
      expect(threads[0]).toMatchObject({ title: demoThread('welcome').title, pinned: true });
      expect(threads.filter((thread) => thread.pinned)).toHaveLength(1);
      const rest = threads.slice(1).map((thread) => thread.lastActivityAt);
      expect(rest).toEqual([...rest].sort().reverse());
      expect(threadTitled(demoThread('session-questions').title)).toMatchObject({ locked: true, can: { reply: false } });
      for (const demo of DEMO_THREADS) expect(threadTitled(demo.title).postCount).toBe(demo.posts.length);
    });

    it('shows posts exactly as real ones: rendered HTML, a resolved mention, a quote-reply, a nested reply, reactions', async () => {
      const followUp = threadTitled(demoThread('follow-up-calls').title);
      const posts = await allPosts(followUp.id);
      expect(posts.map((post) => post.seq)).toEqual(demoThread('follow-up-calls').posts.map((_, index) => index + 1));
      for (const post of posts) expect(post.bodyHtml.length).toBeGreaterThan(post.bodySource.length / 2);
      const me = (await grace.get('/api/auth/me')).body;
      const coach = posts.find((post) => post.bodySource.includes(`@[Grace Mwangi](${me.id})`));
      expect(coach.bodyHtml).toContain(`<span class="mention" data-user-id="${me.id}">@Grace Mwangi</span>`);
      expect(coach.bodyHtml).toMatch(/^<blockquote>\s*<p>Grace Mwangi wrote:<\/p>/);
      const mine = posts.find((post) => post.author.kind === 'user' && post.author.userId === me.id);
      expect(mine).toMatchObject({ mine: true, parentId: null, author: { teamName: 'Riverside care team' } });
      expect(posts.filter((post) => post.parentId === mine.id)).toHaveLength(1);
      expect(mine.reactions.reduce((sum: number, reaction: { count: number }) => sum + reaction.count, 0)).toBe(4);
    });

    it('shows the anonymous thread with its label and nothing of its author in the JSON, the page or the live catch-up', async () => {
      const anonymous = threadTitled(demoThread('check-in-screening').title);
      expect(anonymous).toMatchObject({ anonymous: true, author: { kind: 'anonymous', label: 'a member of Coastal outreach team' }, mine: false });
      const aroha = DEMO_PEOPLE.find((person) => person.key === 'aroha')!;
      const arohaId = (await (await signIn(server.url, aroha.email)).get('/api/auth/me')).body.id;
      const posts = await allPosts(anonymous.id);
      expect(posts.filter((post) => post.author.kind === 'anonymous').map((post) => post.author.label)).toEqual(['a member of Coastal outreach team', 'a member of Coastal outreach team']);
      const page = await grace.get(`/networks/${networkId}/discussions/${anonymous.id}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('a member of Coastal outreach team');

      const socket = io(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: grace.cookie! }, reconnection: false, forceNew: true });
      try {
        const joined = await socket.emitWithAck('thread:join', { threadId: anonymous.id, lastEventId: 0 });
        expect(joined.ok).toBe(true);
        // Every change of the thread is in its log, numbered 1, 2, 3… with no gap, so that catch-up replays it all.
        expect(joined.missed.map((missed: { payload: { eventId: number } }) => missed.payload.eventId)).toEqual(Array.from({ length: anonymous.lastEventId }, (_, index) => index + 1));
        expect(joined.missed.filter((missed: { event: string }) => missed.event === 'post:created')).toHaveLength(anonymous.postCount);
        for (const seen of [JSON.stringify(threads), JSON.stringify(anonymous), JSON.stringify(posts), page.body, JSON.stringify(joined)]) {
          for (const trace of [arohaId, aroha.displayName, aroha.email, 'Aroha']) expect(seen).not.toContain(trace);
        }
      } finally {
        (socket as Socket).disconnect();
      }
    });

    it("ties the idea thread to a real idea of the package, and the package's discussion counts count it", async () => {
      const ideaThread = threadTitled(demoThread('registry-codes').title);
      const packages = (await grace.get(`/api/networks/${networkId}/change-packages`)).body;
      const { content } = (await grace.get(`/api/change-packages/${packages[0].id}`)).body;
      const idea = content.ideas.find((candidate: { title: string }) => candidate.title === demoThread('registry-codes').aboutIdea);
      expect(ideaThread.subject).toEqual({ type: 'change_idea', id: idea.id, packageId: packages[0].id, title: idea.title });
      const about = await grace.get(`/api/networks/${networkId}/threads?subjectType=change_idea&subjectId=${idea.id}`);
      expect(about.body.items.map((thread: { id: string }) => thread.id)).toEqual([ideaThread.id]);
      const counts = await grace.get(`/api/change-packages/${packages[0].id}/discussion-counts`);
      expect(counts.status).toBe(200);
      const expected: Record<string, number> = {};
      for (const demo of DEMO_THREADS.filter((thread) => thread.aboutIdea)) {
        const id = content.ideas.find((candidate: { title: string }) => candidate.title === demo.aboutIdea).id;
        expected[id] = (expected[id] ?? 0) + 1;
      }
      expect(counts.body).toEqual({ package: 0, ideas: expected });
      expect(counts.body.ideas[idea.id]).toBe(1);
    });

    it('leaves some threads unread for Grace, and notifications waiting for her: a mention and replies, one from an anonymous writer', async () => {
      const unread = threads.filter((thread) => thread.unreadCount > 0).map((thread) => thread.title);
      // The first learning session's follow-up thread (its harvest) is new to her too.
      expect(unread.sort()).toEqual([demoThread('follow-up-calls').title, demoThread('check-in-screening').title, demoThread('registry-codes').title, DEMO_HARVEST.thread.title].sort());
      expect(threadTitled(demoThread('welcome').title)).toMatchObject({ unreadCount: 0, firstUnreadSeq: null });
      expect(threadTitled(demoThread('follow-up-calls').title)).toMatchObject({ unreadCount: 3, firstUnreadSeq: 5 });
      expect((await grace.get(`/api/networks/${networkId}/threads?unread=true`)).body.items.map((thread: { title: string }) => thread.title).sort()).toEqual(unread.sort());

      const notifications = (await grace.get('/api/notifications')).body;
      // Three about discussions, and two answers to the barrier her practice raised (see the barrier register's test below).
      expect(notifications.unreadCount).toBe(5);
      notifications.items = notifications.items.filter((item: { kind: string }) => item.kind !== 'barrier_response');
      expect(notifications.items.map((item: { kind: string; actorLabel: string; readAt: string | null }) => [item.kind, item.actorLabel, item.readAt]).sort()).toEqual(
        [
          ['mention', 'Tomás Lindqvist', null],
          ['reply', 'Dr Daniel Reyes', null],
          ['reply', 'a member of Coastal outreach team', null],
        ].sort(),
      );
      // The mention's excerpt is what the coach said, not the words of Grace's that he quoted.
      expect(notifications.items.find((item: { kind: string }) => item.kind === 'mention').excerpt).toMatch(/^This is a lovely example/);
      expect(JSON.stringify(notifications)).not.toContain('Aroha');
      // Each opens the post it is about.
      for (const item of notifications.items) {
        const post = Number(new URL(item.url, server.url).searchParams.get('post'));
        const page = (await grace.get(`/api/threads/${item.threadId}/posts?around=${post}&limit=3`)).body.items;
        expect(page.find((found: { seq: number }) => found.seq === post).id).toBe(item.postId);
      }
    });

    it("gives the coach a mention to answer and a report in the moderation queue; a thread read to the end has its notifications read", async () => {
      const tomas = await signIn(server.url, 'tomas.lindqvist@example.org');
      const waiting = (await tomas.get('/api/notifications?unread=true')).body;
      expect(waiting.items.map((item: { kind: string; actorLabel: string }) => [item.kind, item.actorLabel])).toEqual([['mention', 'Li Chen']]);
      expect((await tomas.get(`/api/networks/${networkId}/moderation/summary`)).body).toEqual({ openReports: 1 });
      const queue = (await tomas.get(`/api/networks/${networkId}/moderation/reports`)).body;
      expect(JSON.stringify(queue)).toContain('harbour town');
      const queuePage = await tomas.get(`/networks/${networkId}/discussions/moderation`);
      expect(queuePage.status).toBe(200);
      expect(queuePage.body).toContain('harbour town');
      expect(queuePage.body).toContain(demoThread('follow-up-calls').title);

      // Sam read the welcome thread to the end: Tomás's reply to him is there, already read.
      const sam = await signIn(server.url, 'sam.taylor@example.org');
      expect((await sam.get('/api/notifications')).body).toMatchObject({ unreadCount: 0, items: [{ kind: 'reply', actorLabel: 'Tomás Lindqvist' }] });
    });
  });

  it("carries Riverside's systemic barrier up to the national register, answered there and linked with Saltmarsh's; Grace is told", async () => {
    const grace = await signIn(server.url, 'grace.mwangi@example.org');
    const networks = (await grace.get('/api/networks?level=national')).body.items;
    const national = networks.find((network: { name: string }) => network.name === DEMO_NETWORKS.find((demo) => demo.key === 'national')!.name);
    const register = (await grace.get(`/api/networks/${national.id}/barriers`)).body;
    const barrier = register.items.find((item: { originNetwork: { name: string } }) => item.originNetwork.name === 'Riverside Family Health Centre');
    expect(barrier).toMatchObject({ status: 'being_addressed', raisedHere: false, places: 2 });
    expect(barrier.responses.map((response: { networkName: string; status: string }) => [response.networkName, response.status])).toEqual([
      ['Northern Region Mental Health Collaborative', 'acknowledged'],
      ['Mental Health in Primary Care: National Learning Network', 'being_addressed'],
    ]);
    expect(barrier.link.others.map((other: { networkName: string }) => other.networkName)).toEqual(['Saltmarsh Rural Health Cooperative']);
    // The private Millbrook clinic's lessons never reach the national register.
    expect(register.items.some((item: { originNetwork: { name: string } }) => item.originNetwork.name === 'Millbrook Community Clinic')).toBe(false);
    const told = (await grace.get('/api/notifications')).body.items.filter((item: { kind: string }) => item.kind === 'barrier_response');
    expect(told.map((item: { actorLabel: string }) => item.actorLabel).sort()).toEqual(
      ['Mental Health in Primary Care: National Learning Network', 'Northern Region Mental Health Collaborative'].sort(),
    );
  });

  it('holds the national network’s first learning session, ended, and its next one with agenda, answers and reminders queued', async () => {
    const grace = await signIn(server.url, 'grace.mwangi@example.org');
    const networks = (await grace.get('/api/networks?level=national')).body.items;
    const national = networks.find((network: { name: string }) => network.name === DEMO_NETWORKS.find((demo) => demo.key === 'national')!.name);
    const [first, next] = DEMO_LEARNING_SESSIONS;

    const upcoming = (await grace.get(`/api/networks/${national.id}/learning-sessions`)).body.items;
    expect(upcoming).toHaveLength(1);
    expect(upcoming[0]).toMatchObject({
      title: next.title,
      status: 'scheduled',
      timeZone: 'Europe/London',
      capacity: next.capacity,
      agenda: next.agenda,
      rsvps: { going: next.going.length, notGoing: next.notGoing.length },
      myRsvp: 'going',
      meetingUrl: next.meetingUrl,
      createdBy: { name: 'Tomás Lindqvist' },
      can: { edit: false, cancel: false, rsvp: true },
    });
    // 14:00 in London, in about nine days.
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(new Date(upcoming[0].startsAt))).toBe('14:00');
    const jobs = await countRows(server.databaseUrl, `SELECT count(*) FROM graphile_worker.jobs WHERE key LIKE 'learning-sessions:reminder:${upcoming[0].id}:%'`);
    expect(jobs).toBe(2);

    const past = (await grace.get(`/api/networks/${national.id}/learning-sessions?when=past`)).body.items;
    expect(past.map((item: { title: string; status: string; past: boolean }) => [item.title, item.status, item.past])).toEqual([[first.title, 'ended', true]]);
    expect(past[0].rsvps.going).toBe(first.going.length);
  });

  it('gives the first learning session its harvest: notes, a breakout’s notes, questions and answers, a closed poll, attendance by team, a published summary with its thread, and action items', async () => {
    const grace = await signIn(server.url, 'grace.mwangi@example.org');
    const tomas = await signIn(server.url, 'tomas.lindqvist@example.org');
    const national = (await grace.get('/api/networks?level=national')).body.items.find((network: { name: string }) => network.name === DEMO_NETWORKS.find((demo) => demo.key === 'national')!.name);
    const [first] = (await grace.get(`/api/networks/${national.id}/learning-sessions?when=past`)).body.items;

    const summary = await grace.get(`/api/learning-sessions/${first.id}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ status: 'published', introduction: DEMO_HARVEST.summary.introduction, keyPoints: DEMO_HARVEST.summary.keyPoints, can: { edit: false, export: false } });
    expect(summary.body.agenda).toEqual(DEMO_LEARNING_SESSIONS[0].agenda);
    expect(summary.body.notes).toContain('Riverside screens everyone at their annual review');
    expect(summary.body.breakouts.map((group: { name: string; notes: string }) => [group.name, group.notes !== ''])).toEqual([
      ['Group 1', true],
      ['Group 2', true],
    ]);
    // Grace asked anonymously: the summary shows her team's label, never her name.
    const secret = summary.body.questions.find((question: { anonymous: boolean }) => question.anonymous);
    expect(secret).toMatchObject({ askedBy: 'a member of Riverside care team', votes: 4 });
    expect(secret.answer).toContain('crisis line');
    expect(JSON.stringify(summary.body.questions)).not.toContain('Grace');
    expect(summary.body.polls).toEqual([expect.objectContaining({ counts: [1, 3, 1], voters: 5, anonymous: false })]);
    expect(summary.body.attendance.total).toBe(DEMO_HARVEST.attendance.length);
    expect(summary.body.attendance.byTeam.map((team: { teamName: string | null; people: number }) => [team.teamName, team.people])).toEqual([
      ['Coastal outreach team', 1],
      ['Harbourview care team', 1],
      ['Northern pharmacists', 1],
      ['Riverside care team', 1],
      [null, 4],
    ]);
    expect(summary.body.thread).toMatchObject({ title: DEMO_HARVEST.thread.title, postCount: 1 });
    const thread = await grace.get(`/api/threads/${summary.body.thread.id}`);
    expect(thread.body.subject).toMatchObject({ type: 'learning_session', id: first.id, title: first.title });

    // The coach's exports read the same rows the summary was made from.
    const polls = await tomas.get(`/api/learning-sessions/${first.id}/polls.csv`);
    expect(polls.status).toBe(200);
    expect(polls.body).toContain(`result,${DEMO_HARVEST.poll.question},named,closed,${DEMO_HARVEST.poll.options[1]},3,5,`);
    const attendance = await tomas.get(`/api/learning-sessions/${first.id}/attendance.csv`);
    expect((attendance.body as string).trim().split('\n')).toHaveLength(DEMO_HARVEST.attendance.length + 1);

    const items = (await grace.get(`/api/learning-sessions/${first.id}/action-items`)).body.items;
    expect(items).toHaveLength(DEMO_HARVEST.actionItems.length);
    expect(items.filter((item: { status: string }) => item.status === 'done').map((item: { teamName: string }) => item.teamName)).toEqual(['Riverside care team']);

    // Published, so members find it by its words.
    const hit = await searchable({ client: grace } as TestUser, 'book the follow-up call before the person leaves', (candidate) => candidate.type === 'learning-session' && candidate.id === first.id);
    expect(hit.url).toBe(`/networks/${national.id}/learning-sessions/${first.id}/summary`);
  });

  it('a later start on the same database does not seed again', async () => {
    const before = {
      threads: await countRows(server.databaseUrl, 'SELECT count(*) FROM discussion_threads'),
      posts: await countRows(server.databaseUrl, 'SELECT count(*) FROM discussion_posts'),
      notifications: await countRows(server.databaseUrl, 'SELECT count(*) FROM notifications'),
    };
    // The demo's threads, and the first learning session's follow-up thread.
    expect(before.threads).toBe(DEMO_THREADS.length + 1);
    const again = await startServer({ SEED_DEMO: 'true', DATABASE_URL: server.databaseUrl });
    try {
      expect(again.output()).not.toContain(CREATED_NOW);
      // The sign-ins are still printed: the demo is still there to try.
      expect(again.output()).toContain(DEMO_PEOPLE[0].email);
      expect(await countRows(server.databaseUrl, 'SELECT count(*) FROM networks')).toBe(DEMO_NETWORKS.length);
      expect({
        threads: await countRows(server.databaseUrl, 'SELECT count(*) FROM discussion_threads'),
        posts: await countRows(server.databaseUrl, 'SELECT count(*) FROM discussion_posts'),
        notifications: await countRows(server.databaseUrl, 'SELECT count(*) FROM notifications'),
      }).toEqual(before);
    } finally {
      await again.stop();
    }
  });
});

it('two instances starting at once on an empty database seed it once', async () => {
  const databaseUrl = await freshDatabase();
  const instances = await Promise.all([startServer({ SEED_DEMO: 'true', DATABASE_URL: databaseUrl }), startServer({ SEED_DEMO: 'true', DATABASE_URL: databaseUrl })]);
  try {
    expect(instances.filter((instance) => instance.output().includes(CREATED_NOW))).toHaveLength(1);
    expect(await countRows(databaseUrl, 'SELECT count(*) FROM networks')).toBe(DEMO_NETWORKS.length);
    expect(await countRows(databaseUrl, 'SELECT count(*) FROM users')).toBe(DEMO_PEOPLE.length);
    expect(await countRows(databaseUrl, 'SELECT count(*) FROM change_packages')).toBe(1);
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
  }
});

describe('SEED_DEMO', () => {
  it('is off by default in production (the demo password is published), and on when asked for', async () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'a production secret of at least 32 characters' };
    // SEED_DEMO left unset (the suites' default sets it to false).
    const unset = await startServer({ ...production, SEED_DEMO: '' });
    try {
      expect(unset.output()).not.toContain('Demo sign-ins');
      expect(await countRows(unset.databaseUrl, 'SELECT count(*) FROM users')).toBe(0);
      expect((await new ApiClient(unset.url).post('/api/auth/login', { email: DEMO_PEOPLE[0].email, password: DEMO_PASSWORD })).status).toBe(401);
    } finally {
      await unset.stop();
    }

    const asked = await startServer({ ...production, SEED_DEMO: 'true' });
    try {
      expect(asked.output()).toContain(CREATED_NOW);
      await signIn(asked.url, DEMO_PEOPLE[0].email);
    } finally {
      await asked.stop();
    }
  });
});
