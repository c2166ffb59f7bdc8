import { ApiClient, addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { eventually, sql } from '../support/jobs';
import { minutesFromNow, parseCalendar, scheduleSession, sessionBody } from '../support/learning-sessions';
import { MailCatcher } from '../support/mail';
import { startServer, type RunningServer } from '../support/server';

/**
 * Learning sessions through the real server and PostgreSQL: who may schedule and see them,
 * validation named by field, the list, edits and cancelling with the people going told, answers
 * within capacity, the calendar files and feed, and reminders.
 */

jest.setTimeout(120_000);

const smtp = new MailCatcher();
let server: RunningServer;

beforeAll(async () => {
  await smtp.start();
  // A minute's batch delay: a reminder's mail that arrives within seconds went out at once, as reminders must.
  server = await startServer({ SMTP_URL: smtp.url, MAIL_BATCH_DELAY_MS: '60000', JOBS_POLL_INTERVAL_MS: '100' });
});
afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

async function notificationsOf(user: TestUser): Promise<any[]> {
  const response = await user.client.get('/api/notifications');
  expect(response.status).toBe(200);
  return response.body.items;
}

const rsvp = (user: TestUser, sessionId: string, status: 'going' | 'not_going') => user.client.request('PUT', `/api/learning-sessions/${sessionId}/rsvp`, { status });

/** The reminder jobs queued for a session, by offset. */
async function reminderJobs(sessionId: string): Promise<Map<string, Date>> {
  const rows = await sql<{ key: string; runAt: Date }>(
    server.databaseUrl,
    `SELECT key, run_at AS "runAt" FROM graphile_worker.jobs WHERE key LIKE $1`,
    [`learning-sessions:reminder:${sessionId}:%`],
  );
  return new Map(rows.map((row) => [row.key.split(':').pop()!, new Date(row.runAt)]));
}

const suffix = () => Math.random().toString(36).slice(2, 7);

/** A public and a private network with an admin, a coach and a member each, and an outsider. */
async function cast() {
  const admin = await newUser(server.url, { displayName: `Ada Admin ${suffix()}` });
  const network = await newNetwork(admin, { name: `Sessions ${suffix()}` });
  const privateNetwork = await newNetwork(admin, { name: `Private sessions ${suffix()}`, visibility: 'private' });
  const person = async (name: string, role: 'member' | 'coach') => {
    const user = await newUser(server.url, { displayName: `${name} ${suffix()}` });
    await addMember(admin, network.id, user, role);
    await addMember(admin, privateNetwork.id, user, role);
    return user;
  };
  return {
    admin,
    network,
    privateNetwork,
    coach: await person('Cora Coach', 'coach'),
    member: await person('Mo Member', 'member'),
    outsider: await newUser(server.url, { displayName: `Otto Outsider ${suffix()}` }),
  };
}

describe('scheduling', () => {
  it('lets a coach schedule a session that everyone who may read the network can open', async () => {
    const { network, coach, member, outsider } = await cast();
    const startsAt = minutesFromNow(2 * 24 * 60);
    const endsAt = minutesFromNow(2 * 24 * 60 + 90);
    const created = await scheduleSession(coach, network.id, {
      title: '  Sepsis collaborative: session 2  ',
      description: 'Teams report back.',
      startsAt,
      endsAt,
      timeZone: 'America/New_York',
      meetingUrl: 'https://meet.example.test/abc',
      capacity: 40,
    });
    expect(created).toMatchObject({
      networkId: network.id,
      title: 'Sepsis collaborative: session 2',
      description: 'Teams report back.',
      startsAt,
      endsAt,
      timeZone: 'America/New_York',
      meetingUrl: 'https://meet.example.test/abc',
      capacity: 40,
      status: 'scheduled',
      sequence: 0,
      past: false,
      agenda: [
        { title: 'Welcome', minutes: 10, presenter: 'Dr Ada' },
        { title: 'Team stories', minutes: 40 },
      ],
      rsvps: { going: 0, notGoing: 0 },
      myRsvp: null,
      full: false,
      can: { edit: true, cancel: true, rsvp: true, host: true },
    });
    expect(created.createdBy).toEqual({ id: coach.id, name: coach.displayName });

    const seenByMember = await member.client.get(`/api/learning-sessions/${created.id}`);
    expect(seenByMember.status).toBe(200);
    expect(seenByMember.body).toMatchObject({ id: created.id, meetingUrl: 'https://meet.example.test/abc', can: { edit: false, cancel: false, rsvp: true, host: false } });

    // A public network is read by everyone signed in; its video call is for its members.
    const seenByOutsider = await outsider.client.get(`/api/learning-sessions/${created.id}`);
    expect(seenByOutsider.status).toBe(200);
    expect(seenByOutsider.body).toMatchObject({ meetingUrl: null, meetingUrlForMembersOnly: true, can: { edit: false, cancel: false, rsvp: false } });
  });

  it('refuses members (403) and hides private networks’ sessions from outsiders (404, as for a missing one)', async () => {
    const { privateNetwork, network, coach, member, outsider } = await cast();
    expectErrorShape(await member.client.post(`/api/networks/${network.id}/learning-sessions`, sessionBody()), 403, 'networks.moderators_only');
    expectErrorShape(await outsider.client.post(`/api/networks/${network.id}/learning-sessions`, sessionBody()), 403, 'networks.moderators_only');
    expectErrorShape(await outsider.client.post(`/api/networks/${privateNetwork.id}/learning-sessions`, sessionBody()), 404, 'networks.not_found');

    const hidden = await scheduleSession(coach, privateNetwork.id);
    const missing = await outsider.client.get(`/api/learning-sessions/00000000-0000-4000-8000-000000000000`);
    const unreadable = await outsider.client.get(`/api/learning-sessions/${hidden.id}`);
    expectErrorShape(missing, 404, 'learning_sessions.not_found');
    expectErrorShape(unreadable, 404, 'learning_sessions.not_found');
    expect(unreadable.body).toEqual(missing.body);
    expect((await member.client.get(`/api/learning-sessions/${hidden.id}`)).status).toBe(200);
  });

  it('names the field at fault and writes nothing', async () => {
    const { network, coach } = await cast();
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ startsAt: 'tomorrow' }, 'startsAt'],
      [{ startsAt: '2026-12-01T10:00:00' }, 'startsAt'],
      [{ endsAt: minutesFromNow(48 * 60 - 5) }, 'endsAt'],
      [{ endsAt: minutesFromNow(48 * 60) }, 'endsAt'],
      [{ startsAt: minutesFromNow(-60), endsAt: minutesFromNow(-30) }, 'startsAt'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ timeZone: '+02:00' }, 'timeZone'],
      [{ timeZone: 'CET' }, 'timeZone'],
      [{ meetingUrl: 'javascript:alert(1)' }, 'meetingUrl'],
      [{ meetingUrl: 'ftp://files.example.test' }, 'meetingUrl'],
      [{ capacity: 0 }, 'capacity'],
      [{ capacity: 2.5 }, 'capacity'],
      [{ agenda: 'talk' as unknown as never[] }, 'agenda'],
      [{ agenda: [{ title: 'Long', minutes: 601 }] }, 'agenda.0.minutes'],
      [{ agenda: [{ title: 'Zero', minutes: 0 }] }, 'agenda.0.minutes'],
      [{ agenda: [{ title: '', minutes: 10 }] }, 'agenda.0.title'],
      [{ agenda: [{ minutes: 10 }] }, 'agenda.0.title'],
      [{ agenda: Array.from({ length: 31 }, (_, index) => ({ title: `Item ${index}`, minutes: 1 })) }, 'agenda'],
    ];
    for (const [input, field] of cases) {
      const response = await coach.client.post(`/api/networks/${network.id}/learning-sessions`, { ...sessionBody(), ...input });
      expectErrorShape(response, 400);
      expect(response.body.fields.map((problem: { field: string }) => problem.field)).toContain(field);
    }
    const page = await coach.client.get(`/api/networks/${network.id}/learning-sessions`);
    expect(page.body.items).toEqual([]);
  });
});

describe('the list', () => {
  it('shows upcoming sessions soonest first and past ones latest first, with answers and the reader’s own', async () => {
    const { network, coach, member, admin } = await cast();
    const later = await scheduleSession(coach, network.id, { title: 'Later', startsAt: minutesFromNow(3 * 24 * 60), endsAt: minutesFromNow(3 * 24 * 60 + 60) });
    const sooner = await scheduleSession(coach, network.id, { title: 'Sooner', startsAt: minutesFromNow(2 * 60), endsAt: minutesFromNow(3 * 60) });
    // A past session cannot be scheduled through the API; the demo seed and the room's "end" make them.
    await sql(server.databaseUrl, `INSERT INTO learning_sessions (network_id, title, starts_at, ends_at, time_zone, status) VALUES ($1, 'Last month', now() - interval '30 days', now() - interval '30 days' + interval '1 hour', 'Europe/London', 'ended')`, [network.id]);
    await sql(server.databaseUrl, `INSERT INTO learning_sessions (network_id, title, starts_at, ends_at, time_zone) VALUES ($1, 'Last week', now() - interval '7 days', now() - interval '7 days' + interval '1 hour', 'Europe/London')`, [network.id]);
    expect((await rsvp(member, sooner.id, 'going')).status).toBe(200);
    expect((await rsvp(admin, sooner.id, 'not_going')).status).toBe(200);

    const upcoming = await member.client.get(`/api/networks/${network.id}/learning-sessions`);
    expect(upcoming.status).toBe(200);
    expect(upcoming.body.items.map((item: any) => item.title)).toEqual(['Sooner', 'Later']);
    expect(upcoming.body.items[0]).toMatchObject({ id: sooner.id, rsvps: { going: 1, notGoing: 1 }, myRsvp: 'going', past: false });
    expect(upcoming.body.items[1]).toMatchObject({ id: later.id, rsvps: { going: 0, notGoing: 0 }, myRsvp: null });
    expect(upcoming.body.can).toEqual({ schedule: false });
    expect((await coach.client.get(`/api/networks/${network.id}/learning-sessions`)).body.can).toEqual({ schedule: true });

    const past = await member.client.get(`/api/networks/${network.id}/learning-sessions?when=past`);
    expect(past.body.items.map((item: any) => [item.title, item.past, item.can.rsvp])).toEqual([
      ['Last week', true, false],
      ['Last month', true, false],
    ]);

    const first = await member.client.get(`/api/networks/${network.id}/learning-sessions?limit=1`);
    expect(first.body.items.map((item: any) => item.title)).toEqual(['Sooner']);
    const second = await member.client.get(`/api/networks/${network.id}/learning-sessions?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: any) => item.title)).toEqual(['Later']);
    expect(second.body.nextCursor).toBeNull();
    expectErrorShape(await member.client.get(`/api/networks/${network.id}/learning-sessions?cursor=bm9wZQ`), 400, 'learning_sessions.bad_cursor');
    expectErrorShape(await member.client.get(`/api/networks/${network.id}/learning-sessions?when=soon`), 400);
  });
});

describe('editing and cancelling', () => {
  it('bumps the sequence on every edit, and tells the people going (not the editor) only when the time changes', async () => {
    const { network, coach, member, admin } = await cast();
    const session = await scheduleSession(coach, network.id);
    await rsvp(member, session.id, 'going');
    await rsvp(coach, session.id, 'going');
    await rsvp(admin, session.id, 'not_going');

    const renamed = await coach.client.patch(`/api/learning-sessions/${session.id}`, { title: 'Renamed', agenda: [{ title: 'Only item', minutes: 30 }] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Renamed', sequence: 1, agenda: [{ title: 'Only item', minutes: 30 }] });
    expect((await notificationsOf(member)).filter((item) => item.kind === 'session_updated')).toEqual([]);

    const newStart = minutesFromNow(3 * 24 * 60);
    const moved = await coach.client.patch(`/api/learning-sessions/${session.id}`, { startsAt: newStart, endsAt: minutesFromNow(3 * 24 * 60 + 45), timeZone: 'Asia/Kolkata' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ startsAt: newStart, timeZone: 'Asia/Kolkata', sequence: 2 });
    const told = (await notificationsOf(member)).filter((item) => item.kind === 'session_updated');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: 'Renamed', url: `/networks/${network.id}/learning-sessions/${session.id}` });
    expect(told[0].excerpt).toContain('Asia/Kolkata');
    expect((await notificationsOf(coach)).filter((item) => item.kind === 'session_updated')).toEqual([]);
    expect((await notificationsOf(admin)).filter((item) => item.kind === 'session_updated')).toEqual([]);

    // The reminders moved with it.
    const jobs = await reminderJobs(session.id);
    expect(jobs.get('day')?.toISOString()).toBe(new Date(new Date(newStart).getTime() - 24 * 60 * 60_000).toISOString());
    expect(jobs.get('soon')?.toISOString()).toBe(new Date(new Date(newStart).getTime() - 15 * 60_000).toISOString());

    expectErrorShape(await member.client.patch(`/api/learning-sessions/${session.id}`, { title: 'Mine now' }), 403, 'networks.moderators_only');
  });

  it('refuses edits that would break the session, naming the field, and changes nothing', async () => {
    const { network, coach, member, outsider, privateNetwork } = await cast();
    const session = await scheduleSession(coach, network.id, { capacity: 5 });
    await rsvp(member, session.id, 'going');
    await rsvp(coach, session.id, 'going');
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ endsAt: session.startsAt }, 'endsAt', 'learning_sessions.ends_before_start'],
      [{ startsAt: minutesFromNow(50 * 60) }, 'endsAt', 'learning_sessions.ends_before_start'],
      [{ endsAt: minutesFromNow(48 * 60 + 25 * 60) }, 'endsAt', 'learning_sessions.too_long'],
      [{ startsAt: minutesFromNow(-10), endsAt: minutesFromNow(30) }, 'startsAt', 'learning_sessions.starts_in_past'],
      [{ capacity: 1 }, 'capacity', 'learning_sessions.capacity_below_going'],
      [{ timeZone: 'Nowhere/Special' }, 'timeZone'],
      [{ meetingUrl: 'data:text/html,hi' }, 'meetingUrl'],
      [{ agenda: [{ title: 'x', minutes: 'ten' }] }, 'agenda.0.minutes'],
      [{ status: 'ended' }, 'status'],
    ];
    for (const [input, field, code] of cases) {
      const response = await coach.client.patch(`/api/learning-sessions/${session.id}`, input);
      expectErrorShape(response, 400, code);
      expect(response.body.fields.map((problem: { field: string }) => problem.field)).toContain(field);
    }
    expectErrorShape(await coach.client.patch(`/api/learning-sessions/${session.id}`, {}), 400);
    const after = await coach.client.get(`/api/learning-sessions/${session.id}`);
    expect(after.body).toMatchObject({ sequence: 0, capacity: 5, startsAt: session.startsAt, endsAt: session.endsAt, title: session.title });

    const hidden = await scheduleSession(coach, privateNetwork.id);
    expectErrorShape(await outsider.client.patch(`/api/learning-sessions/${hidden.id}`, { title: 'x' }), 404, 'learning_sessions.not_found');
    expectErrorShape(await coach.client.patch(`/api/learning-sessions/not-a-uuid`, { title: 'x' }), 400);
  });

  it('cancels a session: the people going are told why, its reminders go, and it takes no more changes or answers', async () => {
    const { network, coach, member, admin } = await cast();
    const session = await scheduleSession(coach, network.id);
    await rsvp(member, session.id, 'going');
    expect([...(await reminderJobs(session.id)).keys()].sort()).toEqual(['day', 'soon']);

    expectErrorShape(await member.client.post(`/api/learning-sessions/${session.id}/cancel`, {}), 403, 'networks.moderators_only');
    expectErrorShape(await coach.client.post(`/api/learning-sessions/${session.id}/cancel`, { reason: 'x'.repeat(501) }), 400);
    const cancelled = await coach.client.post(`/api/learning-sessions/${session.id}/cancel`, { reason: 'The speaker is ill.' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 1, can: { edit: false, cancel: false, rsvp: false } });
    expect((await reminderJobs(session.id)).size).toBe(0);

    const told = (await notificationsOf(member)).filter((item) => item.kind === 'session_cancelled');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: session.title, excerpt: 'The speaker is ill.' });
    expect((await notificationsOf(admin)).filter((item) => item.kind === 'session_cancelled')).toEqual([]);

    expectErrorShape(await coach.client.post(`/api/learning-sessions/${session.id}/cancel`, {}), 409, 'learning_sessions.already_cancelled');
    expectErrorShape(await coach.client.patch(`/api/learning-sessions/${session.id}`, { title: 'Back on' }), 409, 'learning_sessions.not_editable');
    expectErrorShape(await rsvp(admin, session.id, 'going'), 409, 'learning_sessions.closed_for_rsvps');
    // Still listed, marked cancelled, so that nobody wonders where it went.
    const list = await member.client.get(`/api/networks/${network.id}/learning-sessions`);
    expect(list.body.items.find((item: any) => item.id === session.id)).toMatchObject({ status: 'cancelled' });
  });
});

describe('answers', () => {
  it('keeps within capacity: the next "going" is a clear 409, "not going" always goes, and a place given up is free again', async () => {
    const { network, coach, member, admin } = await cast();
    const third = await newUser(server.url, { displayName: `Tia Third ${suffix()}` });
    await addMember(admin, network.id, third, 'member');
    const session = await scheduleSession(coach, network.id, { capacity: 2 });

    expect((await rsvp(member, session.id, 'going')).body).toMatchObject({ myRsvp: 'going', rsvps: { going: 1, notGoing: 0 }, full: false });
    // Saying it twice takes one place.
    expect((await rsvp(member, session.id, 'going')).body).toMatchObject({ rsvps: { going: 1 } });
    expect((await rsvp(coach, session.id, 'going')).body).toMatchObject({ rsvps: { going: 2 }, full: true });
    const refused = await rsvp(third, session.id, 'going');
    expectErrorShape(refused, 409, 'learning_sessions.full');
    expect(refused.body.message).toMatch(/full/);
    expect((await rsvp(third, session.id, 'not_going')).body).toMatchObject({ myRsvp: 'not_going', rsvps: { going: 2, notGoing: 1 } });
    expect((await rsvp(member, session.id, 'not_going')).body).toMatchObject({ rsvps: { going: 1, notGoing: 2 }, full: false });
    expect((await rsvp(third, session.id, 'going')).body).toMatchObject({ myRsvp: 'going', rsvps: { going: 2, notGoing: 1 } });
  });

  it('lets only members answer, and never over capacity when many answer at once', async () => {
    const { network, privateNetwork, coach, admin, outsider } = await cast();
    const session = await scheduleSession(coach, network.id, { capacity: 3 });
    expectErrorShape(await rsvp(outsider, session.id, 'going'), 403, 'networks.contributors_only');
    const hidden = await scheduleSession(coach, privateNetwork.id);
    expectErrorShape(await rsvp(outsider, hidden.id, 'going'), 404, 'learning_sessions.not_found');
    expectErrorShape(await admin.client.request('PUT', `/api/learning-sessions/${session.id}/rsvp`, { status: 'maybe' }), 400);

    const crowd: TestUser[] = [];
    for (let index = 0; index < 8; index += 1) {
      const user = await newUser(server.url, { displayName: `Crowd ${index} ${suffix()}` });
      await addMember(admin, network.id, user, 'member');
      crowd.push(user);
    }
    const answers = await Promise.all(crowd.map((user) => rsvp(user, session.id, 'going')));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(5);
    const [{ going }] = await sql<{ going: number }>(server.databaseUrl, `SELECT count(*)::int AS going FROM learning_session_rsvps WHERE session_id = $1 AND status = 'going'`, [session.id]);
    expect(going).toBe(3);
  });
});

describe('calendar files', () => {
  it('gives an iCalendar event in the session’s own zone, with its VTIMEZONE, a UID that stays and a SEQUENCE that follows edits', async () => {
    const { network, coach, member, outsider } = await cast();
    // 14:00 UTC on a July day is 10:00 in New York (summer time, UTC-4).
    const year = new Date().getUTCFullYear() + 1;
    const session = await scheduleSession(coach, network.id, {
      title: 'Summer session, with commas; and semicolons',
      startsAt: `${year}-07-01T14:00:00Z`,
      endsAt: `${year}-07-01T15:30:00Z`,
      timeZone: 'America/New_York',
      meetingUrl: 'https://meet.example.test/summer',
    });
    const file = await member.client.get(`/api/learning-sessions/${session.id}/ics`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(file.headers.get('content-disposition')).toMatch(/attachment; filename="learning-session-.+\.ics"/);
    const calendar = parseCalendar(file.body);
    expect(calendar.method).toBe('PUBLISH');
    expect(calendar.timezones).toEqual(['America/New_York']);
    expect(calendar.events).toHaveLength(1);
    const [event] = calendar.events;
    expect(event).toMatchObject({
      tzid: 'America/New_York',
      localStart: `${year}-07-01T10:00:00`,
      localEnd: `${year}-07-01T11:30:00`,
      summary: 'Summer session, with commas; and semicolons',
      sequence: 0,
      status: 'CONFIRMED',
      location: 'https://meet.example.test/summer',
    });
    expect(event.start.toISOString()).toBe(`${year}-07-01T14:00:00.000Z`);
    expect(event.end.toISOString()).toBe(`${year}-07-01T15:30:00.000Z`);
    expect(event.description).toContain('Welcome (10 min, Dr Ada)');
    expect(event.description).toContain('https://meet.example.test/summer');

    // A winter date in the same zone is UTC-5: the VTIMEZONE carries both rules.
    await coach.client.patch(`/api/learning-sessions/${session.id}`, { startsAt: `${year}-12-01T15:00:00Z`, endsAt: `${year}-12-01T16:00:00Z` });
    const moved = parseCalendar((await member.client.get(`/api/learning-sessions/${session.id}/ics`)).body).events[0];
    expect(moved).toMatchObject({ uid: event.uid, sequence: 1, localStart: `${year}-12-01T10:00:00` });
    expect(moved.start.toISOString()).toBe(`${year}-12-01T15:00:00.000Z`);

    await coach.client.post(`/api/learning-sessions/${session.id}/cancel`, {});
    const cancelled = parseCalendar((await member.client.get(`/api/learning-sessions/${session.id}/ics`)).body).events[0];
    expect(cancelled).toMatchObject({ uid: event.uid, sequence: 2, status: 'CANCELLED' });

    // Someone who is not a member of the public network gets the event without the video call.
    const theirs = parseCalendar((await outsider.client.get(`/api/learning-sessions/${session.id}/ics`)).body).events[0];
    expect(theirs.location).toBeNull();
    expect(theirs.description).not.toContain('meet.example.test');
    expect((await new ApiClient(server.url).get(`/api/learning-sessions/${session.id}/ics`)).status).toBe(401);
  });

  it('gives each person a private feed of the sessions they are going to, readable without a cookie, that they can replace and turn off', async () => {
    const { network, privateNetwork, coach, member, admin } = await cast();
    const going = await scheduleSession(coach, network.id, { title: 'Going to this', timeZone: 'Europe/Berlin' });
    const notGoing = await scheduleSession(coach, network.id, { title: 'Not going to this' });
    const privateOne = await scheduleSession(coach, privateNetwork.id, { title: 'Private one', timeZone: 'Australia/Sydney' });
    await rsvp(member, going.id, 'going');
    await rsvp(member, notGoing.id, 'not_going');
    await rsvp(member, privateOne.id, 'going');

    expect((await member.client.get('/api/me/calendar-feed')).body).toEqual({ active: false, createdAt: null, url: null });
    const made = await member.client.post('/api/me/calendar-feed');
    expect(made.status).toBe(201);
    expect(made.body.active).toBe(true);
    const path = new URL(made.body.url).pathname;
    expect(path).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await member.client.get('/api/me/calendar-feed')).body).toMatchObject({ active: true, url: null });
    // Only a hash is kept.
    const token = path.slice('/api/calendar/'.length, -'.ics'.length);
    const stored = await sql<{ tokenHash: string }>(server.databaseUrl, `SELECT token_hash AS "tokenHash" FROM calendar_feed_tokens WHERE user_id = $1`, [member.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token);

    const anonymous = new ApiClient(server.url);
    const feed = await anonymous.get(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = parseCalendar(feed.body);
    expect(calendar.events.map((event) => event.summary).sort()).toEqual(['Going to this', 'Private one']);
    expect(calendar.timezones.sort()).toEqual(['Australia/Sydney', 'Europe/Berlin']);
    const ofGoing = calendar.events.find((event) => event.summary === 'Going to this')!;
    expect(ofGoing.tzid).toBe('Europe/Berlin');
    expect(ofGoing.start.toISOString()).toBe(new Date(going.startsAt).toISOString());

    // Leaving the private network takes its session out of the feed.
    const membership = await admin.client.delete(`/api/networks/${privateNetwork.id}/members/${member.id}`);
    expect(membership.status).toBe(204);
    expect(parseCalendar((await anonymous.get(path)).body).events.map((event) => event.summary)).toEqual(['Going to this']);

    const renewed = await member.client.post('/api/me/calendar-feed');
    const newPath = new URL(renewed.body.url).pathname;
    expect(newPath).not.toBe(path);
    expectErrorShape(await anonymous.get(path), 404, 'learning_sessions.feed_not_found');
    expect((await anonymous.get(newPath)).status).toBe(200);

    expect((await member.client.delete('/api/me/calendar-feed')).status).toBe(204);
    expectErrorShape(await anonymous.get(newPath), 404, 'learning_sessions.feed_not_found');
    expectErrorShape(await anonymous.get('/api/calendar/not-a-token.ics'), 404, 'learning_sessions.feed_not_found');
    expect((await member.client.get('/api/me/calendar-feed')).body).toEqual({ active: false, createdAt: null, url: null });
  });
});

describe('reminders', () => {
  it('reminds the people going, in the app and by e-mail at once, a quarter of an hour before', async () => {
    const { network, coach, member, admin } = await cast();
    // Starts 15 minutes and 3 seconds from now: the "soon" reminder is due in 3 seconds, the day one long past.
    const startsAt = new Date(Date.now() + 15 * 60_000 + 3_000).toISOString();
    const session = await scheduleSession(coach, network.id, { title: `Reminded ${suffix()}`, startsAt, endsAt: minutesFromNow(75), meetingUrl: 'https://meet.example.test/soon' });
    expect([...(await reminderJobs(session.id)).keys()]).toEqual(['soon']);
    await rsvp(member, session.id, 'going');
    await rsvp(admin, session.id, 'not_going');

    const reminder = await eventually(async () => (await notificationsOf(member)).find((item) => item.kind === 'session_reminder'), 'the reminder', 30_000);
    expect(reminder).toMatchObject({ title: session.title, url: `/networks/${network.id}/learning-sessions/${session.id}` });
    expect(reminder.excerpt).toContain('in 15 minutes');
    expect(reminder.excerpt).toContain('https://meet.example.test/soon');
    const [mail] = await smtp.waitFor(member.email, 1, 20_000);
    expect(mail.decoded).toContain(session.title);
    expect(mail.decoded).toContain('starts soon');

    expect((await notificationsOf(admin)).filter((item) => item.kind === 'session_reminder')).toEqual([]);
    expect((await notificationsOf(coach)).filter((item) => item.kind === 'session_reminder')).toEqual([]);
    expect(smtp.to(admin.email)).toEqual([]);
  });

  it('reminds a day before, and moving the session moves its reminders instead of adding more', async () => {
    const { network, coach, member } = await cast();
    const startsAt = new Date(Date.now() + 24 * 60 * 60_000 + 3_000).toISOString();
    const session = await scheduleSession(coach, network.id, { title: `Tomorrow ${suffix()}`, startsAt, endsAt: minutesFromNow(25 * 60) });
    await rsvp(member, session.id, 'going');
    const reminder = await eventually(async () => (await notificationsOf(member)).find((item) => item.kind === 'session_reminder'), 'the day reminder', 30_000);
    expect(reminder.excerpt).toContain('tomorrow');

    // Moved: the old "soon" job is replaced (one per session and offset), never doubled.
    const moved = await scheduleSession(coach, network.id, { title: `Moved ${suffix()}` });
    await rsvp(member, moved.id, 'going');
    const before = await reminderJobs(moved.id);
    await coach.client.patch(`/api/learning-sessions/${moved.id}`, { startsAt: minutesFromNow(4 * 24 * 60), endsAt: minutesFromNow(4 * 24 * 60 + 60) });
    const after = await reminderJobs(moved.id);
    expect(after.size).toBe(2);
    expect(after.get('day')!.getTime()).toBeGreaterThan(before.get('day')!.getTime());
  });
});
