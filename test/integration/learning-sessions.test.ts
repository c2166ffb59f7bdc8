import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { minutesFromNow, scheduleSession, sessionBody } from '../support/learning-sessions';
import { startServer, type RunningServer } from '../support/server';

/**
 * Learning sessions through the real server and PostgreSQL: who may schedule and see them,
 * validation named by field, the list, edits and cancelling with the people going told, answers
 * within capacity, the calendar files and feed, and reminders.
 */

jest.setTimeout(120_000);

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

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
      can: { edit: true, cancel: true, rsvp: true },
    });
    expect(created.createdBy).toEqual({ id: coach.id, name: coach.displayName });

    const seenByMember = await member.client.get(`/api/learning-sessions/${created.id}`);
    expect(seenByMember.status).toBe(200);
    expect(seenByMember.body).toMatchObject({ id: created.id, meetingUrl: 'https://meet.example.test/abc', can: { edit: false, cancel: false, rsvp: true } });

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
      [{ endsAt: minutesFromNow(24 * 60 - 5) }, 'endsAt'],
      [{ endsAt: minutesFromNow(24 * 60) }, 'endsAt'],
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
