import { io, type Socket } from 'socket.io-client';
import { ApiClient, PASSWORD, addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { serverForSuite } from '../support/server';

jest.setTimeout(60_000);

const server = serverForSuite();
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

function connect(headers: Record<string, string>): Socket {
  const socket = io(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: headers, reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolveConnect, reject) => {
    socket.once('connect', () => resolveConnect());
    socket.once('connect_error', (error) => reject(error));
  });
}

function refused(socket: Socket): Promise<string> {
  return new Promise((resolveRefusal, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', (error) => resolveRefusal(error.message));
  });
}

function next<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolveEvent) => socket.once(event, (payload: T) => resolveEvent(payload)));
}

async function signedInSocket(user: TestUser): Promise<Socket> {
  const socket = connect({ cookie: user.client.cookie! });
  await connected(socket);
  return socket;
}

it('refuses a handshake without a session, with a revoked session, and from a foreign origin', async () => {
  expect(await refused(connect({}))).toBe('not signed in');
  const user = await newUser(server.url);
  const cookie = user.client.cookie!;
  expect(await refused(connect({ cookie, origin: 'https://evil.example' }))).toMatch(/websocket error|xhr poll error|Unexpected server response/i);
  await user.client.post('/api/auth/logout');
  expect(await refused(connect({ cookie }))).toBe('not signed in');
});

it('following a network applies the access policy and validates the payload', async () => {
  const admin = await newUser(server.url);
  const outsider = await newUser(server.url);
  const hidden = await newNetwork(admin, { visibility: 'private' });
  const open = await newNetwork(admin, { visibility: 'public' });
  const socket = await signedInSocket(outsider);

  const toHidden = await socket.emitWithAck('network:follow', { networkId: hidden.id });
  expect(toHidden).toEqual({ ok: false, error: expect.objectContaining({ statusCode: 404, code: 'networks.not_found' }) });
  const toMissing = await socket.emitWithAck('network:follow', { networkId: '00000000-0000-4000-8000-000000000000' });
  expect(toMissing.error).toEqual(toHidden.error);
  const bad = await socket.emitWithAck('network:follow', { networkId: 'x', extra: 1 });
  expect(bad.ok).toBe(false);
  expect(bad.error.statusCode).toBe(400);
  expect(bad.error.code).toBe('request.invalid');
  expect(bad.error.fields).toEqual(
    expect.arrayContaining([
      { field: 'networkId', message: 'networkId must be a UUID' },
      { field: 'extra', message: 'extra is not a field this request accepts' },
    ]),
  );
  expect(bad.error.fields).toHaveLength(2);
  expect(await socket.emitWithAck('network:follow', 'not an object')).toMatchObject({ ok: false, error: { statusCode: 400, code: 'request.not_an_object' } });
  expect(await socket.emitWithAck('network:follow', { networkId: open.id })).toEqual({ ok: true });
});

it('tells followers when members change, and drops a removed member from the network at once', async () => {
  const admin = await newUser(server.url);
  const member = await newUser(server.url);
  const network = await newNetwork(admin, { visibility: 'private' });
  await addMember(admin, network.id, member, 'member');

  const adminSocket = await signedInSocket(admin);
  const memberSocket = await signedInSocket(member);
  expect(await adminSocket.emitWithAck('network:follow', { networkId: network.id })).toEqual({ ok: true });
  expect(await memberSocket.emitWithAck('network:follow', { networkId: network.id })).toEqual({ ok: true });

  const adminHears = next<{ networkId: string }>(adminSocket, 'network:members-changed');
  const memberLosesAccess = next<{ networkId: string }>(memberSocket, 'network:access-lost');
  let memberHeardAfterRemoval = false;
  const removed = await admin.client.delete(`/api/networks/${network.id}/members/${member.id}`);
  expect(removed.status).toBe(204);
  expect(await adminHears).toEqual({ networkId: network.id });
  expect(await memberLosesAccess).toEqual({ networkId: network.id });

  memberSocket.on('network:members-changed', () => (memberHeardAfterRemoval = true));
  const adminHearsAgain = next(adminSocket, 'network:members-changed');
  await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'After' });
  await adminHearsAgain;
  expect(memberHeardAfterRemoval).toBe(false);
});

it('a socket lives no longer than its session: signing out, or out everywhere, disconnects it', async () => {
  const user = await newUser(server.url);
  const laptop = new ApiClient(server.url);
  await laptop.post('/api/auth/login', { email: user.email, password: PASSWORD });
  const phoneSocket = await signedInSocket(user);
  const laptopSocket = connect({ cookie: laptop.cookie! });
  await connected(laptopSocket);

  const laptopGone = next<string>(laptopSocket, 'disconnect');
  await laptop.post('/api/auth/logout');
  expect(await laptopGone).toBe('io server disconnect');
  expect(phoneSocket.connected).toBe(true);

  const phoneGone = next<string>(phoneSocket, 'disconnect');
  await user.client.post('/api/auth/logout-everywhere');
  expect(await phoneGone).toBe('io server disconnect');
});
