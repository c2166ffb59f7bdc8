import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { ApiClient, expectErrorShape, newNetwork, newUser, uniqueEmail, type TestUser } from '../support/api';
import { eventually, queueIdle, sql } from '../support/jobs';
import { MailCatcher, parseMail, type ReceivedMail } from '../support/mail';
import { startServer, type RunningServer } from '../support/server';

jest.setTimeout(90_000);

async function invite(admin: TestUser, networkId: string, email: string): Promise<{ token: string; url: string }> {
  const response = await admin.client.post(`/api/networks/${networkId}/invitations`, { role: 'member', email });
  expect(response.status).toBe(201);
  return response.body;
}

/** Waits for the user's notifications to be there (the invitation job runs in the background) and returns them. */
async function someNotificationsOf(user: TestUser): Promise<any[]> {
  return eventually(async () => {
    const { items } = await notificationsOf(user);
    return items.length > 0 && items;
  }, 'a notification');
}

async function notificationsOf(user: TestUser, query = ''): Promise<any> {
  const response = await user.client.get(`/api/notifications${query}`);
  expect(response.status).toBe(200);
  return response.body;
}

function linkIn(mail: ReceivedMail, pattern: RegExp): string {
  const found = mail.decoded.match(pattern);
  if (!found) throw new Error(`no link matching ${pattern} in:\n${mail.decoded}`);
  return found[0];
}

describe('with an SMTP server', () => {
  const smtp = new MailCatcher();
  let server: RunningServer;
  let admin: TestUser;
  let otherAdmin: TestUser;

  beforeAll(async () => {
    await smtp.start();
    server = await startServer({ SMTP_URL: smtp.url, MAIL_BATCH_DELAY_MS: '1500', JOBS_POLL_INTERVAL_MS: '100' });
    admin = await newUser(server.url, { displayName: 'Grace Admin' });
    otherAdmin = await newUser(server.url, { displayName: 'Ida Admin' });
  });
  afterAll(async () => {
    await server?.stop();
    await smtp.stop();
  });

  it('says at start-up where mail goes', () => {
    expect(server.output()).toContain(`Mail is sent through smtp://127.0.0.1:${smtp.port}.`);
  });

  it('mails an invitation to an address without an account, with a link that works', async () => {
    const network = await newNetwork(admin, { name: 'Sepsis <collaborative>' });
    const email = uniqueEmail('invitee');
    const created = await invite(admin, network.id, email);
    const [mail] = await smtp.waitFor(email);
    expect(mail.headers.get('subject')).toContain('You are invited to join');
    expect(mail.decoded).toContain('Grace Admin invited you to join Sepsis <collaborative> on Knotwork as a member.');
    expect(mail.decoded).toContain('Sepsis &#60;collaborative&#62;');
    expect(linkIn(mail, /http:\/\/[^\s"<]+\/invitations\/[A-Za-z0-9_-]+/)).toBe(created.url);
    // An invitation is not a subscription: nothing to unsubscribe from.
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
    const preview = await new ApiClient(server.url).get(`/api/invitations/${created.token}`);
    expect(preview.status).toBe(200);
  });

  it('tells someone with an account in the app and live, then mails once what gathered, with unsubscribe headers', async () => {
    const invitee = await newUser(server.url, { displayName: 'Ada Invitee' });
    const socket: Socket = io(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: invitee.client.cookie! }, reconnection: false, forceNew: true });
    try {
      await new Promise<void>((resolveConnect, reject) => {
        socket.once('connect', () => resolveConnect());
        socket.once('connect_error', reject);
      });
      const live = new Promise<any>((resolveEvent) => socket.once('notification:new', resolveEvent));
      const first = await newNetwork(admin, { name: 'Falls network' });
      const second = await newNetwork(otherAdmin, { name: 'Hip fracture network' });
      await invite(admin, first.id, invitee.email);
      const event = await live;
      expect(event.unreadCount).toBe(1);
      expect(event.notification).toMatchObject({ kind: 'invitation', networkId: first.id, networkName: 'Falls network', actorLabel: 'Grace Admin', readAt: null });
      expect(event.notification.url).toMatch(/^\/invitations\//);
      await invite(otherAdmin, second.id, invitee.email);

      const [mail] = await smtp.waitFor(invitee.email);
      expect(mail.headers.get('subject')).toBe('2 new notifications in Knotwork');
      expect(mail.decoded).toContain('Grace Admin invited you to join Falls network');
      expect(mail.decoded).toContain('Ida Admin invited you to join Hip fracture network');
      expect(mail.headers.get('list-unsubscribe')).toMatch(/^<http:\/\/[^>]+\/api\/unsubscribe\/one-click\?token=[^>]+>$/);
      expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const page = await notificationsOf(invitee);
      expect(page.unreadCount).toBe(2);
      expect(page.items.map((item: any) => item.networkName)).toEqual(['Hip fracture network', 'Falls network']);
      // Nothing more is mailed for what was mailed.
      await queueIdle(server.databaseUrl);
      expect(smtp.to(invitee.email)).toHaveLength(1);
    } finally {
      socket.disconnect();
    }
  });

  it('leaves out of the mail what was read meanwhile', async () => {
    const invitee = await newUser(server.url);
    const first = await newNetwork(admin, { name: 'Read in time' });
    await invite(admin, first.id, invitee.email);
    const [read] = await someNotificationsOf(invitee);
    expect((await invitee.client.post('/api/notifications/read', { ids: [read.id] })).body).toEqual({ unreadCount: 0 });
    const second = await newNetwork(admin, { name: 'Still unread' });
    await invite(admin, second.id, invitee.email);
    const [mail] = await smtp.waitFor(invitee.email);
    expect(mail.decoded).toContain('Join Still unread');
    expect(mail.decoded).not.toContain('Read in time');
  });

  it('mails nothing to someone who chose never, and keeps the notification in the app', async () => {
    const invitee = await newUser(server.url);
    const put = await invitee.client.request('PUT', '/api/me/notification-preferences', { email: 'never' });
    expect(put.status).toBe(200);
    expect(put.body.email).toBe('never');
    const network = await newNetwork(admin);
    await invite(admin, network.id, invitee.email);
    await eventually(async () => (await notificationsOf(invitee)).unreadCount === 1, 'the notification');
    await queueIdle(server.databaseUrl);
    expect(await sql(server.databaseUrl, `SELECT 1 FROM mail_outbox WHERE recipient = $1`, [invitee.email])).toHaveLength(0);
    expect(smtp.to(invitee.email)).toHaveLength(0);
  });

  it('sends a daily digest grouped by network, without what was read, and never twice', async () => {
    const invitee = await newUser(server.url);
    expect((await invitee.client.request('PUT', '/api/me/notification-preferences', { email: 'daily' })).status).toBe(200);
    const names = ['Digest north', 'Digest south', 'Digest read'];
    for (const name of names) await invite(admin, (await newNetwork(admin, { name })).id, invitee.email);
    const items = await eventually(async () => {
      const page = await notificationsOf(invitee);
      return page.items.length === 3 && page.items;
    }, 'three notifications');
    const readOne = items.find((item: any) => item.networkName === 'Digest read');
    await invitee.client.post('/api/notifications/read', { ids: [readOne.id] });
    // Nothing goes before the digest.
    await queueIdle(server.databaseUrl);
    expect(smtp.to(invitee.email)).toHaveLength(0);

    // What the 07:00 schedule queues, queued now.
    await sql(server.databaseUrl, `SELECT graphile_worker.add_job('notifications:daily-digests')`);
    const [digest] = await smtp.waitFor(invitee.email);
    expect(digest.headers.get('subject')).toBe('Your daily Knotwork summary: 2 new notifications');
    expect(digest.decoded).toContain('2 new notifications in 2 networks');
    const north = digest.decoded.indexOf('Digest north');
    const south = digest.decoded.indexOf('Digest south');
    expect(north).toBeGreaterThan(0);
    expect(south).toBeGreaterThan(north);
    expect(digest.decoded).not.toContain('Digest read');

    await sql(server.databaseUrl, `SELECT graphile_worker.add_job('notifications:daily-digests')`);
    await queueIdle(server.databaseUrl);
    expect(smtp.to(invitee.email)).toHaveLength(1);
  });

  it('unsubscribes without signing in: looking changes nothing, posting stops mail; bad tokens are refused', async () => {
    const invitee = await newUser(server.url);
    await invite(admin, (await newNetwork(admin)).id, invitee.email);
    const [mail] = await smtp.waitFor(invitee.email);
    const pageLink = linkIn(mail, /http:\/\/[^\s"<]+\/unsubscribe\?token=[A-Za-z0-9_.%-]+/);
    const token = decodeURIComponent(new URL(pageLink).searchParams.get('token')!);
    const anonymous = new ApiClient(server.url);

    const described = await anonymous.get(`/api/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({ what: 'email', done: false });
    expect((await invitee.client.get('/api/me/notification-preferences')).body.email).toBe('immediately');

    const done = await anonymous.post('/api/unsubscribe', { token });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ what: 'email', done: true });
    expect((await invitee.client.get('/api/me/notification-preferences')).body.email).toBe('never');

    // A mail program's one-click request: a form POST to the List-Unsubscribe address.
    const oneClick = mail.headers.get('list-unsubscribe')!.slice(1, -1).replace(/^http:\/\/[^/]+/, server.url);
    const response = await fetch(oneClick, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(response.status).toBe(200);

    const [body, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ u: admin.id, w: 'email' })).toString('base64url')}.${signature}`;
    for (const bad of [forged, `${body}.${signature.slice(0, -3)}abc`, 'nonsense']) {
      expectErrorShape(await anonymous.get(`/api/unsubscribe?token=${encodeURIComponent(bad)}`), 400, 'notifications.unsubscribe_token_invalid');
      expectErrorShape(await anonymous.post('/api/unsubscribe', { token: bad }), 400, 'notifications.unsubscribe_token_invalid');
    }
    expect((await admin.client.get('/api/me/notification-preferences')).body.email).toBe('immediately');
    const missing = await anonymous.post('/api/unsubscribe', {});
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((field: any) => field.field)).toEqual(['token']);
  });

  it("never shows one person's notifications to another, nor lets them mark them read", async () => {
    const owner = await newUser(server.url);
    const stranger = await newUser(server.url);
    await invite(admin, (await newNetwork(admin)).id, owner.email);
    const [item] = await someNotificationsOf(owner);
    expect((await notificationsOf(stranger)).items).toEqual([]);
    expect((await stranger.client.post('/api/notifications/read', { ids: [item.id] })).body).toEqual({ unreadCount: 0 });
    expect((await notificationsOf(owner)).unreadCount).toBe(1);
    expect((await owner.client.get('/api/notifications/unread-count')).body).toEqual({ unreadCount: 1 });
  });

  it('keeps levels per network for the networks one belongs to, and refuses others', async () => {
    const member = await newUser(server.url);
    const network = await newNetwork(member, { name: 'My own network' });
    const privateNetwork = await newNetwork(admin, { visibility: 'private' });
    const set = await member.client.request('PUT', `/api/networks/${network.id}/notification-level`, { level: 'muted' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ level: 'muted' });
    const preferences = await member.client.get('/api/me/notification-preferences');
    expect(preferences.body).toEqual({ email: 'immediately', networks: [{ networkId: network.id, name: 'My own network', level: 'muted' }] });
    expectErrorShape(await member.client.request('PUT', `/api/networks/${privateNetwork.id}/notification-level`, { level: 'watching' }), 404, 'networks.not_found');
    const bad = await member.client.request('PUT', `/api/networks/${network.id}/notification-level`, { level: 'loud' });
    expectErrorShape(bad, 400);
    expect(bad.body.fields).toEqual([{ field: 'level', message: 'level must be one of: watching, normal, muted' }]);
    expectErrorShape(
      await member.client.request('PUT', '/api/me/notification-preferences', { networks: [{ networkId: privateNetwork.id, level: 'muted' }] }),
      404,
      'notifications.network_not_yours',
    );
  });

  it('refuses a bad cursor and a read request that names nothing', async () => {
    const user = await newUser(server.url);
    expectErrorShape(await user.client.get('/api/notifications?cursor=bm9wZQ'), 400, 'notifications.cursor_invalid');
    // Forged cursors that look like ours but that PostgreSQL cannot read: a time out of its range, an id that is not a UUID.
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    for (const cursor of [
      forged('-200000-01-01T00:00:00.000Z|00000000-0000-0000-0000-000000000000'),
      forged('+275760-09-13T00:00:00.000Z|00000000-0000-0000-0000-000000000000'),
      forged('2020-01-01T00:00:00.000Z|000000000000000000000000000000000000'),
      forged('2020-01-01T00:00:00.000Z|------------------------------------'),
    ]) {
      expectErrorShape(await user.client.get(`/api/notifications?cursor=${cursor}`), 400, 'notifications.cursor_invalid');
    }
    expectErrorShape(await user.client.post('/api/notifications/read', {}), 400, 'notifications.read_names_nothing');
    expectErrorShape(await user.client.post('/api/notifications/read', { ids: ['x'] }), 400);
  });
});

describe('without SMTP_URL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-mail-'));
  let server: RunningServer;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes each mail as an .eml file under DATA_DIR/mail and says so at start-up', async () => {
    server = await startServer({ DATA_DIR: dataDir, JOBS_POLL_INTERVAL_MS: '100' });
    const mailDir = join(dataDir, 'mail');
    expect(server.output()).toContain(`each message is written to ${mailDir} as an .eml file`);
    const admin = await newUser(server.url, { displayName: 'Grace Admin' });
    const network = await newNetwork(admin, { name: 'Written to disk' });
    const email = uniqueEmail('eml');
    await invite(admin, network.id, email);
    const file = await eventually(async () => existsSync(mailDir) && readdirSync(mailDir).find((name) => name.endsWith('.eml')), 'an .eml file');
    const mail = parseMail(readFileSync(join(mailDir, file), 'latin1'));
    expect(mail.headers.get('to')).toBe(email);
    expect(mail.decoded).toContain('Grace Admin invited you to join Written to disk on Knotwork as a member.');
    expect(mail.headers.get('content-type')).toMatch(/^multipart\/alternative/);
  });
});

describe('jobs after a restart', () => {
  const smtp = new MailCatcher();
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-restart-'));
  afterAll(async () => {
    await smtp.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a job queued before the server stopped once another server starts on the same database', async () => {
    await smtp.start();
    const env = { SMTP_URL: smtp.url, DATA_DIR: dataDir, MAIL_BATCH_DELAY_MS: '4000', JOBS_POLL_INTERVAL_MS: '100' };
    const first = await startServer(env);
    let second: RunningServer | null = null;
    try {
      const admin = await newUser(first.url);
      const invitee = await newUser(first.url);
      await invite(admin, (await newNetwork(admin, { name: 'Survives restarts' })).id, invitee.email);
      await eventually(async () => (await notificationsOf(invitee)).unreadCount === 1, 'the notification');
      expect(await first.stop()).toBe(0);
      // The mail was due in four seconds: nobody sent it before the stop.
      expect(smtp.to(invitee.email)).toHaveLength(0);
      second = await startServer({ ...env, DATABASE_URL: first.databaseUrl });
      const [mail] = await smtp.waitFor(invitee.email);
      expect(mail.decoded).toContain('Join Survives restarts');
    } finally {
      await second?.stop();
      await first.stop();
    }
  });
});
