import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { eventually, queueIdle, sql } from '../support/jobs';
import { liveAs, type LiveClient } from '../support/live';
import { MailCatcher } from '../support/mail';
import { startServer, type RunningServer } from '../support/server';

/**
 * Discussions and notifications together, through the real server, its job queue, a real SMTP
 * listener and socket.io clients: who hears of a post and why, levels per thread and network,
 * anonymity in notifications and mail, reading a thread, digests, and jobs that run once.
 */

jest.setTimeout(120_000);

const smtp = new MailCatcher();
let server: RunningServer;
const live: LiveClient[] = [];

// Immediate mail waits long enough for a test to read the thread first, short enough to wait for.
const MAIL_DELAY_MS = 2500;

beforeAll(async () => {
  await smtp.start();
  server = await startServer({ SMTP_URL: smtp.url, MAIL_BATCH_DELAY_MS: String(MAIL_DELAY_MS), JOBS_POLL_INTERVAL_MS: '100', POSTS_PER_MINUTE: '10000', THREADS_PER_HOUR: '1000' });
});
afterAll(async () => {
  for (const client of live) client.close();
  await server?.stop();
  await smtp.stop();
});

async function listen(user: TestUser): Promise<LiveClient> {
  const client = await liveAs(server.url, user);
  live.push(client);
  return client;
}

async function notificationsOf(user: TestUser): Promise<{ items: any[]; unreadCount: number }> {
  const response = await user.client.get('/api/notifications');
  expect(response.status).toBe(200);
  return response.body;
}

/** What the user was told about one post, once the queue has done its work. */
async function noticesAbout(user: TestUser, postId: string): Promise<any[]> {
  await queueIdle(server.databaseUrl);
  return (await notificationsOf(user)).items.filter((item) => item.postId === postId);
}

const mention = (user: TestUser) => `@[${user.displayName}](${user.id})`;

/** A public network whose admin (a coach's role is enough to moderate) and members are ready. */
async function networkWith(count: number, options: { anonymous?: boolean } = {}) {
  const admin = await newUser(server.url, { displayName: 'Grace Admin' });
  const network = await newNetwork(admin, { name: `Falls ${Math.random().toString(36).slice(2, 7)}` });
  const members: TestUser[] = [];
  for (let index = 0; index < count; index += 1) {
    const member = await newUser(server.url, { displayName: `Member ${String.fromCharCode(65 + index)} ${Math.random().toString(36).slice(2, 6)}` });
    await addMember(admin, network.id, member, 'member');
    members.push(member);
  }
  if (options.anonymous) expect((await admin.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true })).status).toBe(200);
  return { admin, network, members };
}

describe('who hears of a post', () => {
  it('tells a mentioned member, live and in the centre, and nobody who is not a member', async () => {
    const { network, members } = await networkWith(2);
    const [writer, mentioned] = members;
    const outsider = await newUser(server.url, { displayName: 'Olu Outsider' });
    const ears = await listen(mentioned);
    const heard = ears.next('notification:new');
    const thread = await newThread(writer, network.id, { title: 'Night-time falls', body: `**Please** look, ${mention(mentioned)} and ${mention(outsider)}: _thanks_` });

    const event = await heard;
    expect(event.unreadCount).toBe(1);
    expect(event.notification).toMatchObject({
      kind: 'mention',
      networkId: network.id,
      networkName: network.name,
      threadId: thread.id,
      postId: thread.firstPost.id,
      title: 'Night-time falls',
      actorLabel: writer.displayName,
      url: `/networks/${network.id}/discussions/${thread.id}?post=1`,
      readAt: null,
    });
    // Plain words, no Markdown: the outsider's mention stayed text.
    expect(event.notification.excerpt).toBe(`Please look, @${mentioned.displayName} and @Olu Outsider: thanks`);
    expect(await noticesAbout(mentioned, thread.firstPost.id)).toHaveLength(1);
    expect((await notificationsOf(outsider)).items).toEqual([]);
    // The thread's author watches it and hears nothing of their own post.
    expect(await noticesAbout(writer, thread.firstPost.id)).toEqual([]);
    expect(thread.notificationLevel).toBe('watching');
  });

  it('tells the author of the post answered, the watching thread author of a new post, and never the writer', async () => {
    const { network, members } = await networkWith(3);
    const [starter, answered, replier] = members;
    const thread = await newThread(starter, network.id, { title: 'Follow-up calls' });
    const top = await newPost(answered, thread.id, { body: 'We call within a week.' });
    expect((await noticesAbout(starter, top.id)).map((item) => item.kind)).toEqual(['watched_post']);

    const reply = await newPost(replier, thread.id, { body: 'How many calls a day?', parentId: top.id });
    expect((await noticesAbout(answered, reply.id)).map((item) => item.kind)).toEqual(['reply']);
    expect((await noticesAbout(starter, reply.id)).map((item) => item.kind)).toEqual(['watched_post']);
    expect(await noticesAbout(replier, reply.id)).toEqual([]);

    // Answering oneself, and mentioning oneself, tells nobody of it twice: the mention beats the reply.
    const own = await newPost(answered, thread.id, { body: `Also ${mention(answered)} and ${mention(replier)}`, parentId: top.id });
    expect(await noticesAbout(answered, own.id)).toEqual([]);
    expect((await noticesAbout(replier, own.id)).map((item) => item.kind)).toEqual(['mention']);

    // A top-level post answers the thread, not its author: once the author chooses "normal", it is not news to them.
    expect((await starter.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'normal' })).body).toEqual({ level: 'normal' });
    const later = await newPost(replier, thread.id, { body: 'One more thing.' });
    expect(await noticesAbout(starter, later.id)).toEqual([]);
  });

  it('follows each level: watching gets every post, muted gets nothing (not even a mention), a muted network gets nothing', async () => {
    const { network, members } = await networkWith(4);
    const [starter, watcher, muter, networkMuter] = members;
    const thread = await newThread(starter, network.id);
    expect((await watcher.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'watching' })).status).toBe(200);
    expect((await muter.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'muted' })).status).toBe(200);
    expect((await networkMuter.client.request('PUT', `/api/networks/${network.id}/notification-level`, { level: 'muted' })).status).toBe(200);

    const post = await newPost(starter, thread.id, { body: `News for ${mention(muter)} and ${mention(networkMuter)}` });
    expect((await noticesAbout(watcher, post.id)).map((item) => item.kind)).toEqual(['watched_post']);
    expect(await noticesAbout(muter, post.id)).toEqual([]);
    expect(await noticesAbout(networkMuter, post.id)).toEqual([]);

    // Each reader sees their own level, on the thread and in the list.
    const levelOf = async (user: TestUser) => (await user.client.get(`/api/threads/${thread.id}`)).body.notificationLevel;
    expect(await Promise.all([starter, watcher, muter, networkMuter].map(levelOf))).toEqual(['watching', 'watching', 'muted', 'muted']);
    const listed = await muter.client.get(`/api/networks/${network.id}/threads`);
    expect(listed.body.items.find((item: any) => item.id === thread.id).notificationLevel).toBe('muted');
  });

  it('lets readers choose a level on a thread they can read, refuses bad levels, and hides a private thread', async () => {
    const { network, members } = await networkWith(1);
    const thread = await newThread(members[0], network.id);
    const reader = await newUser(server.url);
    expect((await reader.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'watching' })).body).toEqual({ level: 'watching' });
    const bad = await reader.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'loud' });
    expectErrorShape(bad, 400);
    expect(bad.body.fields).toEqual([{ field: 'level', message: 'level must be one of: watching, normal, muted' }]);
    expectErrorShape(await reader.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'muted', loud: true }), 400);

    const owner = await newUser(server.url);
    const secret = await newNetwork(owner, { visibility: 'private' });
    const hidden = await newThread(owner, secret.id);
    expectErrorShape(await reader.client.request('PUT', `/api/threads/${hidden.id}/notification-level`, { level: 'watching' }), 404, 'discussions.thread_not_found');
  });
});

describe('edits that add a mention', () => {
  const edit = async (user: TestUser, postId: string, body: string) => {
    const response = await user.client.patch(`/api/posts/${postId}`, { body });
    expect(response.status).toBe(200);
    return response.body;
  };
  const kindsAbout = async (user: TestUser, postId: string) => (await noticesAbout(user, postId)).map((item) => item.kind);

  it('tell only the newly mentioned, live and in the centre, and nobody twice about one post', async () => {
    const { network, members } = await networkWith(4);
    const [writer, first, second, watcher] = members;
    const outsider = await newUser(server.url, { displayName: 'Olu Outsider' });
    const thread = await newThread(writer, network.id, { title: 'Call scripts' });
    expect((await watcher.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'watching' })).status).toBe(200);
    const post = await newPost(writer, thread.id, { body: `Draft for ${mention(first)}` });
    expect(await kindsAbout(first, post.id)).toEqual(['mention']);
    expect(await kindsAbout(watcher, post.id)).toEqual(['watched_post']);

    const ears = await listen(second);
    const heard = ears.next('notification:new');
    await edit(writer, post.id, `Draft for ${mention(first)}, ${mention(second)}, ${mention(watcher)}, ${mention(writer)} and ${mention(outsider)}`);
    const event = await heard;
    expect(event.notification).toMatchObject({
      kind: 'mention',
      postId: post.id,
      threadId: thread.id,
      title: 'Call scripts',
      actorLabel: writer.displayName,
      url: `/networks/${network.id}/discussions/${thread.id}?post=${post.seq}`,
    });
    expect(event.notification.excerpt).toContain(`@${second.displayName}`);
    expect(await kindsAbout(second, post.id)).toEqual(['mention']);
    // Already told of this post (mentioned at first, or as a watcher): not told again.
    expect(await kindsAbout(first, post.id)).toEqual(['mention']);
    expect(await kindsAbout(watcher, post.id)).toEqual(['watched_post']);
    expect(await kindsAbout(writer, post.id)).toEqual([]);
    expect((await notificationsOf(outsider)).items).toEqual([]);

    // Taking the mention out and putting it back is not news a second time.
    await edit(writer, post.id, `Draft for ${mention(first)}`);
    await edit(writer, post.id, `Draft for ${mention(first)} and ${mention(second)} again`);
    expect(await kindsAbout(second, post.id)).toEqual(['mention']);
  });

  it('follow levels and tell nobody a later edit no longer mentions', async () => {
    const { network, members } = await networkWith(4);
    const [writer, muter, networkMuter, late] = members;
    const thread = await newThread(writer, network.id);
    expect((await muter.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'muted' })).status).toBe(200);
    expect((await networkMuter.client.request('PUT', `/api/networks/${network.id}/notification-level`, { level: 'muted' })).status).toBe(200);
    const post = await newPost(writer, thread.id, { body: 'Nobody named yet' });
    await edit(writer, post.id, `Now ${mention(muter)} and ${mention(networkMuter)}`);
    expect(await noticesAbout(muter, post.id)).toEqual([]);
    expect(await noticesAbout(networkMuter, post.id)).toEqual([]);

    // A job for an edit whose mention a later edit took out again (as when the later edit commits before the job runs) tells nobody.
    const job = (userIds: string[], eventId: number) =>
      sql(server.databaseUrl, `SELECT graphile_worker.add_job('discussions:mentions-added', json_build_object('postId', $1::text, 'userIds', $2::text[], 'eventId', $3::int))`, [post.id, userIds, eventId]);
    await job([late.id], 1_000_001);
    expect(await noticesAbout(late, post.id)).toEqual([]);
    // The same job run twice (at-least-once delivery) notifies once.
    await edit(writer, post.id, `Over to ${mention(late)}`);
    expect(await kindsAbout(late, post.id)).toEqual(['mention']);
    await job([late.id], 1_000_002);
    expect(await kindsAbout(late, post.id)).toEqual(['mention']);
  });

  it("never put an anonymous writer in the notice of an edit's mention", async () => {
    const { network, members } = await networkWith(3, { anonymous: true });
    const [starter, writer, reader] = members;
    const thread = await newThread(starter, network.id, { title: 'What failed, anonymously' });
    const post = await newPost(writer, thread.id, { body: 'Our reminder calls failed.', anonymous: true, anonymousAs: 'member' });
    expect(await noticesAbout(reader, post.id)).toEqual([]);

    const ears = await listen(reader);
    const heard = ears.next('notification:new');
    await edit(writer, post.id, `Our reminder calls failed. ${mention(reader)}, did yours?`);
    const event = await heard;
    expect(event.notification).toMatchObject({ kind: 'mention', postId: post.id, actorLabel: 'a member' });
    const rows = await sql<{ row: unknown }>(server.databaseUrl, `SELECT row_to_json(n) AS row FROM notifications n WHERE post_id = $1 AND user_id = $2`, [post.id, reader.id]);
    expect(rows).toHaveLength(1);
    for (const text of [JSON.stringify(event), JSON.stringify(await notificationsOf(reader)), JSON.stringify(rows)]) {
      for (const secret of [writer.id, writer.displayName, writer.email]) expect(text).not.toContain(secret);
    }
  });
});

describe('moving a thread', () => {
  it("takes everyone's level on the thread along to the new network, in the same change", async () => {
    const { admin, network, members } = await networkWith(3);
    const [starter, watcher, muter] = members;
    const target = await newNetwork(admin, { name: `Falls, moved ${Math.random().toString(36).slice(2, 7)}` });
    for (const member of members) await addMember(admin, target.id, member, 'member');
    const thread = await newThread(starter, network.id, { title: 'Moving house' });
    expect((await watcher.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'watching' })).status).toBe(200);
    expect((await muter.client.request('PUT', `/api/threads/${thread.id}/notification-level`, { level: 'muted' })).status).toBe(200);
    const levels = () =>
      sql<{ userId: string; networkId: string; level: string }>(
        server.databaseUrl,
        `SELECT user_id AS "userId", network_id AS "networkId", level FROM thread_notification_levels WHERE thread_id = $1`,
        [thread.id],
      );
    expect((await levels()).map((row) => row.networkId)).toEqual([network.id, network.id, network.id]);

    const moved = await admin.client.patch(`/api/threads/${thread.id}`, { networkId: target.id });
    expect(moved.status).toBe(200);
    expect(moved.body.networkId).toBe(target.id);
    const byUser = (rows: { userId: string; networkId: string; level: string }[]) => Object.fromEntries(rows.map(({ userId, ...rest }) => [userId, rest]));
    expect(byUser(await levels())).toEqual({
      [starter.id]: { networkId: target.id, level: 'watching' },
      [watcher.id]: { networkId: target.id, level: 'watching' },
      [muter.id]: { networkId: target.id, level: 'muted' },
    });

    // And they keep working there: watchers hear of new posts, the muted hears nothing, not even a mention.
    const post = await newPost(admin, thread.id, { body: `Settled in, ${mention(muter)}` });
    expect((await noticesAbout(watcher, post.id)).map((item) => [item.kind, item.networkId])).toEqual([['watched_post', target.id]]);
    expect((await noticesAbout(starter, post.id)).map((item) => item.kind)).toEqual(['watched_post']);
    expect(await noticesAbout(muter, post.id)).toEqual([]);
  });
});

describe('anonymous posts', () => {
  it('never put the writer in a notification, its live event, the table or the mail', async () => {
    const { admin, network, members } = await networkWith(2, { anonymous: true });
    const [writer, reader] = members;
    const team = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Harbour Clinic' });
    await admin.client.patch(`/api/networks/${network.id}/members/${writer.id}`, { teamId: team.body.id });
    const thread = await newThread(reader, network.id, { title: 'What failed for you?' });
    const ears = await listen(reader);
    const heard = ears.next('notification:new');
    const post = await newPost(writer, thread.id, { body: `Our test failed, ${mention(reader)}.`, anonymous: true });

    const event = await heard;
    expect(event.notification).toMatchObject({ kind: 'mention', actorLabel: 'a member of Harbour Clinic' });
    const [mail] = await smtp.waitFor(reader.email);
    const rows = await sql<{ row: unknown }>(server.databaseUrl, `SELECT row_to_json(n) AS row FROM notifications n WHERE post_id = $1`, [post.id]);
    expect(rows).toHaveLength(1);
    const everything = [JSON.stringify(event), JSON.stringify(await notificationsOf(reader)), JSON.stringify(rows), mail.decoded];
    for (const text of everything) {
      for (const secret of [writer.id, writer.displayName, writer.email]) expect(text).not.toContain(secret);
    }
    expect(mail.decoded).toContain('A member of Harbour Clinic mentioned you in “What failed for you?”');
  });
});

describe('moderation', () => {
  it("tells the author what a moderator did to their post, without the post's text", async () => {
    const { admin, network, members } = await networkWith(1);
    const [author] = members;
    const thread = await newThread(admin, network.id);
    const post = await newPost(author, thread.id, { body: 'Something careless' });
    expect((await admin.client.post(`/api/posts/${post.id}/hide`, { reason: 'Names a patient' })).status).toBe(200);
    expect((await admin.client.request('DELETE', `/api/posts/${post.id}/hide`)).status).toBe(200);
    expect((await admin.client.request('DELETE', `/api/posts/${post.id}`)).status).toBe(200);
    const moderation = (await noticesAbout(author, post.id)).filter((item) => item.kind === 'moderation');
    // The three jobs may run in any order; each action is one notice.
    expect(moderation.map((item) => item.excerpt).sort()).toEqual(['Your post can be seen again.', 'Your post was hidden. The reason given: Names a patient', 'Your post was removed.']);
    for (const item of moderation) {
      expect(item).toMatchObject({ actorLabel: 'A moderator', url: `/networks/${network.id}/discussions/${thread.id}?post=2` });
      expect(JSON.stringify(item)).not.toContain('careless');
    }
  });
});

describe('reading and mail', () => {
  it("marks read the notices of what one read, live, and the pending mail leaves them out; later posts' stay", async () => {
    const { network, members } = await networkWith(2);
    const [writer, reader] = members;
    const thread = await newThread(writer, network.id, { title: 'Read before the mail' });
    const ears = await listen(reader);
    const first = await newPost(writer, thread.id, { body: `First news for ${mention(reader)}` });
    const second = await newPost(writer, thread.id, { body: `Second news for ${mention(reader)}` });
    await eventually(async () => (await notificationsOf(reader)).unreadCount === 2, 'two notices');

    const counted = ears.next('notification:count');
    const read = await reader.client.post(`/api/threads/${thread.id}/read`, { seq: first.seq });
    expect(read.status).toBe(200);
    expect(await counted).toEqual({ unreadCount: 1 });
    const items = (await notificationsOf(reader)).items;
    expect(items.find((item) => item.postId === first.id).readAt).not.toBeNull();
    expect(items.find((item) => item.postId === second.id).readAt).toBeNull();

    const [mail] = await smtp.waitFor(reader.email);
    expect(mail.decoded).toContain('Second news for');
    expect(mail.decoded).not.toContain('First news for');
    expect(mail.decoded).toContain(`/networks/${network.id}/discussions/${thread.id}?post=${second.seq}`);
  });

  it('sends a digest grouped by network and thread that carries the posts', async () => {
    const north = await networkWith(1);
    const south = await networkWith(0);
    const [reader] = north.members;
    await addMember(south.admin, south.network.id, reader, 'member');
    expect((await reader.client.request('PUT', '/api/me/notification-preferences', { email: 'daily' })).status).toBe(200);
    const first = await newThread(north.admin, north.network.id, { title: 'North thread one', body: `Welcome ${mention(reader)}` });
    const second = await newThread(north.admin, north.network.id, { title: 'North thread two', body: `And here ${mention(reader)}` });
    await newPost(south.admin, (await newThread(south.admin, south.network.id, { title: 'South thread' })).id, { body: `Over to you ${mention(reader)}` });
    await newPost(north.admin, first.id, { body: `Once more ${mention(reader)}` });
    await eventually(async () => (await notificationsOf(reader)).unreadCount === 4, 'four notices');
    await queueIdle(server.databaseUrl);
    expect(smtp.to(reader.email)).toHaveLength(0);

    await sql(server.databaseUrl, `SELECT graphile_worker.add_job('notifications:daily-digests')`);
    const [digest] = await smtp.waitFor(reader.email);
    // The plain part comes first: every position below is in it.
    const text = digest.decoded;
    const order = [north.network.name, 'North thread one', 'Welcome @', 'Once more @', 'North thread two', 'And here @', south.network.name, 'South thread', 'Over to you @'];
    const positions = order.map((words) => text.indexOf(words));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('4 new notifications in 2 networks');
    expect(text).toContain(`/networks/${north.network.id}/discussions/${second.id}?post=1`);
  });

  it('notifies and mails once when the same job runs again', async () => {
    const { network, members } = await networkWith(2);
    const [writer, reader] = members;
    const thread = await newThread(writer, network.id);
    const post = await newPost(writer, thread.id, { body: `Once only, ${mention(reader)}` });
    await smtp.waitFor(reader.email);
    // At-least-once delivery: the same job again (a retry after a crash) must change nothing.
    await sql(server.databaseUrl, `SELECT graphile_worker.add_job('discussions:post-notices', json_build_object('postId', $1::text))`, [post.id]);
    await queueIdle(server.databaseUrl);
    await new Promise((wake) => setTimeout(wake, MAIL_DELAY_MS + 500));
    await queueIdle(server.databaseUrl);
    expect(await noticesAbout(reader, post.id)).toHaveLength(1);
    expect(smtp.to(reader.email)).toHaveLength(1);
  });
});

describe('after a restart', () => {
  const restartSmtp = new MailCatcher();
  afterAll(() => restartSmtp.stop());

  it("runs a post's notices again after a crash (the job back in the queue) without a second notice or mail", async () => {
    await restartSmtp.start();
    const env = { SMTP_URL: restartSmtp.url, MAIL_BATCH_DELAY_MS: '500', JOBS_POLL_INTERVAL_MS: '100' };
    const first = await startServer(env);
    let second: RunningServer | null = null;
    try {
      const admin = await newUser(first.url);
      const reader = await newUser(first.url);
      const network = await newNetwork(admin);
      await addMember(admin, network.id, reader, 'member');
      const thread = await newThread(admin, network.id, { title: 'Survives restarts', body: `Hello ${mention(reader)}` });
      await restartSmtp.waitFor(reader.email);
      // The mail is in, but its job may still be recording that: let it finish, so that the stop
      // below is the only thing this test interrupts (a job cut off mid-run stays locked for hours).
      await queueIdle(first.databaseUrl);
      expect(await first.stop()).toBe(0);
      // What a worker that died after notifying and before recording the job done leaves behind: the job, again.
      await sql(first.databaseUrl, `SELECT graphile_worker.add_job('discussions:post-notices', json_build_object('postId', $1::text))`, [thread.firstPost.id]);
      second = await startServer({ ...env, DATABASE_URL: first.databaseUrl });
      await queueIdle(second.databaseUrl);
      await new Promise((wake) => setTimeout(wake, 1500));
      await queueIdle(second.databaseUrl);
      const rows = await sql(second.databaseUrl, `SELECT id FROM notifications WHERE post_id = $1 AND user_id = $2`, [thread.firstPost.id, reader.id]);
      expect(rows).toHaveLength(1);
      expect(restartSmtp.to(reader.email)).toHaveLength(1);
    } finally {
      await second?.stop();
      await first.stop();
    }
  });
});
