import { randomBytes } from 'node:crypto';
import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { scheduleSession } from '../support/learning-sessions';
import { liveAs, type LiveClient } from '../support/live';
import { serverForSuite } from '../support/server';

jest.setTimeout(120_000);

const server = serverForSuite();
const clients: LiveClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

async function join(user: TestUser, sessionId: string) {
  const client = await liveAs(server.url, user);
  clients.push(client);
  const ack = await client.socket.emitWithAck('session:join', { sessionId });
  if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
  return client;
}

const emit = (client: LiveClient, event: string, payload: unknown = {}) => client.socket.emitWithAck(event, payload);
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A private network with an admin, a coach, and `memberCount` members on teams Red and Blue (alternating), and a live session. */
async function liveRoom(memberCount: number) {
  const admin = await newUser(server.url);
  const coach = await newUser(server.url, { displayName: `Coach ${randomBytes(2).toString('hex')}` });
  const network = await newNetwork(admin, { visibility: 'private' });
  await addMember(admin, network.id, coach, 'coach');
  const red = (await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Red Team' })).body;
  const blue = (await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Blue Team' })).body;
  const members: TestUser[] = [];
  for (let i = 0; i < memberCount; i++) {
    const member = await newUser(server.url, { displayName: `Member ${i} ${randomBytes(2).toString('hex')}` });
    await addMember(admin, network.id, member, 'member');
    await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: (i % 2 === 0 ? red : blue).id });
    members.push(member);
  }
  const session = await scheduleSession(coach, network.id);
  const host = await join(coach, session.id);
  expect(await emit(host, 'session:start')).toEqual({ ok: true });
  return { admin, coach, network, members, session, host };
}

describe('a coach demoted mid-session', () => {
  it('stops hearing the breakout group they were visiting', async () => {
    const { admin, coach, network, members, session, host } = await liveRoom(4);
    const sockets = await Promise.all(members.map((member) => join(member, session.id)));
    const created = await emit(host, 'breakout:create', { count: 2, mode: 'by-team' });
    expect(created.ok).toBe(true);
    expect(await emit(host, 'breakout:start', { minutes: 10 })).toMatchObject({ ok: true });
    const blue = created.breakouts.groups.find((group: { members: { userId: string }[] }) => group.members.some((member) => member.userId === members[1].id));
    expect(await emit(host, 'breakout:visit', { groupId: blue.id })).toMatchObject({ ok: true });

    expect((await admin.client.patch(`/api/networks/${network.id}/members/${coach.id}`, { role: 'member' })).status).toBe(200);
    // The room hears of the change (the hosts' room is left) before Blue talks again.
    await settle(500);
    const blueHears = sockets[3].next('chat:message');
    await emit(sockets[1], 'chat:send', { text: 'Blue only, after the coach became a member' });
    await blueHears;
    await settle(300);
    const overheard = host.heard.filter((heard) => heard.event === 'chat:message' && heard.payload.message.text.startsWith('Blue only, after'));
    expect(overheard).toEqual([]);
  });
});

describe('floods', () => {
  it('a member raising and lowering a hand in a loop is held by a rate limit, and the room hears each real raise once', async () => {
    const { members, session } = await liveRoom(2);
    const flooder = await join(members[0], session.id);
    const listener = await join(members[1], session.id);
    // A hand already up is not announced again.
    expect(await emit(flooder, 'hand:raise')).toMatchObject({ ok: true });
    expect(await emit(flooder, 'hand:raise')).toMatchObject({ ok: true });
    expect(await emit(flooder, 'hand:lower')).toMatchObject({ ok: true });
    const refusals: unknown[] = [];
    for (let i = 0; i < 30; i++) {
      const raised = await emit(flooder, 'hand:raise');
      if (!raised.ok) {
        refusals.push(raised);
        break;
      }
      await emit(flooder, 'hand:lower');
    }
    expect(refusals).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ statusCode: 429, code: 'live_room.hands_rate_limited' }) })]);
    await settle(300);
    const raisesHeard = listener.heard.filter((heard) => heard.event === 'hands:changed' && heard.payload.hands.length === 1);
    expect(raisesHeard.length).toBeLessThanOrEqual(10);
  });
});

describe('repeated upvotes', () => {
  it('an upvote sent again and again counts once and is announced to the room once', async () => {
    const { members, session } = await liveRoom(3);
    const asker = await join(members[0], session.id);
    const voter = await join(members[1], session.id);
    const listener = await join(members[2], session.id);
    const { question } = await emit(asker, 'question:ask', { text: 'Which audit tool do you use?' });
    for (let i = 0; i < 20; i++) expect(await emit(voter, 'question:upvote', { questionId: question.id })).toEqual({ ok: true, questionId: question.id, votes: 1 });
    await settle(300);
    const announced = listener.heard.filter((heard) => heard.event === 'question:votes' && heard.payload.questionId === question.id);
    expect(announced.map((heard) => heard.payload.votes)).toEqual([1]);
  });
});
