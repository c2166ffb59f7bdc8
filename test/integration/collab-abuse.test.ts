import { connect } from 'node:net';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addMember, ApiClient, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { closedByServer, connectProvider, destroyProvider, synced, upgradeStatus, waitFor } from '../support/collab';
import { serverForSuite } from '../support/server';

/**
 * What an attacker with an account, or without one, tried against /collab and the HTTP server's
 * upgrade path, and what must hold: the server stays up, a document stays readable, memory and
 * disk stay bounded, and everyone else carries on.
 */

jest.setTimeout(120_000);

const server = serverForSuite();
const providers: ReturnType<typeof connectProvider>[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) destroyProvider(provider);
});

function open(user: TestUser, documentName: string) {
  const provider = connectProvider(server.url, user, documentName, new Y.Doc(), { ack: true });
  providers.push(provider);
  return provider;
}

async function newPackage(owner: TestUser, networkId: string) {
  const response = await owner.client.post(`/api/networks/${networkId}/change-packages`, { title: 'Target' });
  expect(response.status).toBe(201);
  return response.body as { id: string; documentName: string };
}

/** Sends an upgrade request on a raw socket and resets the connection while the server is deciding. */
function upgradeAndReset(path: string, cookie = 'knotwork_session=not-a-real-token'): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: ${cookie}\r\n\r\n`,
      );
      setTimeout(() => {
        socket.resetAndDestroy();
        resolve();
      }, 1);
    });
    socket.on('error', () => undefined);
  });
}

describe('the upgrade path', () => {
  it('survives clients that hang up hard while an upgrade is being decided, signed in or not, on any path', async () => {
    const user = await newUser(server.url);
    for (let round = 0; round < 5; round++) {
      await upgradeAndReset('/collab/change-package:anything');
      await upgradeAndReset('/collab/change-package:anything', user.client.cookie!);
      await upgradeAndReset('/');
      await upgradeAndReset('/networks');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.process.exitCode).toBeNull();
    expect((await new ApiClient(server.url).get('/api/health')).status).toBe(200);
  });

  it('answers an upgrade to a path nobody serves with a 404 at once, instead of leaving it open', async () => {
    const answer = await upgradeStatus(server.url, '/networks');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 404, code: 'route.not_found' });
  });
});

describe('a document stays readable', () => {
  it('refuses an update nesting content thousands of levels deep, stores nothing of it, and the package still opens', async () => {
    const admin = await newUser(server.url);
    const stranger = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'public' });
    await stranger.client.post(`/api/networks/${network.id}/join`);
    const pkg = await newPackage(admin, network.id);
    const attacker = open(stranger, pkg.documentName);
    await synced(attacker);
    const closed = closedByServer(attacker);
    attacker.doc.transact(() => {
      const description = new Y.XmlFragment();
      attacker.doc.getMap('ideas').set('deep', new Y.Map(Object.entries({ description })));
      let parent: Y.XmlFragment | Y.XmlElement = description;
      for (let i = 0; i < 20_000; i++) {
        const quote: Y.XmlElement = new Y.XmlElement('blockquote');
        parent.insert(0, [quote]);
        parent = quote;
      }
    });
    expect(await closed).toBe(4400);
    attacker.disconnect();

    for (const path of ['', '/changes', '/lineage']) expect((await admin.client.get(`/api/change-packages/${pkg.id}${path}`)).status).toBe(200);
    const reader = open(admin, pkg.documentName);
    await synced(reader);
    expect(reader.doc.getMap('ideas').has('deep')).toBe(false);
  });
});

describe('bounded presence', () => {
  /** An awareness message with these states (JSON text) for these client ids, as a raw frame. */
  let clock = 0;
  function presenceFrame(entries: { clientId: number; state: string }[]): Uint8Array {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, entries.length);
    clock += 1;
    for (const { clientId, state } of entries) {
      encoding.writeVarUint(inner, clientId);
      encoding.writeVarUint(inner, clock);
      encoding.writeVarString(inner, state);
    }
    const outer = encoding.createEncoder();
    encoding.writeVarUint(outer, 1);
    encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
    return encoding.toUint8Array(outer);
  }

  it('keeps no more than a few presences per connection, and closes one that sends a crowd or a huge one', async () => {
    const admin = await newUser(server.url);
    const reader = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'public' });
    const pkg = await newPackage(admin, network.id);
    const watcher = open(admin, pkg.documentName);
    const flooder = open(reader, pkg.documentName);
    await Promise.all([synced(watcher), synced(flooder)]);
    const send = (entries: { clientId: number; state: string }[]) => flooder.ws!.send(Buffer.from(presenceFrame(entries)));
    const ours = [1_000_001, 1_000_002, 1_000_003, 1_000_004];
    const seen = () => [...watcher.awareness.getStates().keys()].filter((id) => ours.includes(id));
    flooder.awareness.setLocalStateField('cursor', 0);
    await waitFor(() => watcher.awareness.getStates().has(flooder.doc.clientID));

    // Three more presences beside its own make four: kept. A fifth is dropped, silently.
    send([1, 2, 3].map((n) => ({ clientId: 1_000_000 + n, state: JSON.stringify({ cursor: n }) })));
    send([{ clientId: 1_000_004, state: JSON.stringify({ cursor: 4 }) }]);
    send([{ clientId: 1_000_001, state: JSON.stringify({ cursor: 'moved' }) }]);
    await waitFor(() => (watcher.awareness.getStates().get(1_000_001) as { cursor?: unknown } | undefined)?.cursor === 'moved');
    expect(seen().sort()).toEqual([1_000_001, 1_000_002, 1_000_003]);

    // A crowd in one message closes the connection.
    const closed = closedByServer(flooder);
    send(Array.from({ length: 50 }, (_, index) => ({ clientId: 3_000_000 + index, state: '{}' })));
    expect(await closed).toBe(4400);

    // So does a presence of a megabyte.
    const other = open(reader, pkg.documentName);
    await synced(other);
    const alsoClosed = closedByServer(other);
    other.ws!.send(Buffer.from(presenceFrame([{ clientId: 4_000_000, state: JSON.stringify({ junk: 'x'.repeat(1_000_000) }) }])));
    expect(await alsoClosed).toBe(4400);
    expect(watcher.awareness.getStates().has(4_000_000)).toBe(false);
  });

  it('refuses a hundred and first connection of one account, and lets others in', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'public' });
    const pkg = await newPackage(admin, network.id);
    const many = Array.from({ length: 100 }, () => open(admin, pkg.documentName));
    await Promise.all(many.map((provider) => synced(provider, 30_000)));
    const refused = await upgradeStatus(server.url, `/collab/${pkg.documentName}`, { cookie: admin.client.cookie! });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'collab.too_many_connections' });
    const colleague = await newUser(server.url);
    await addMember(admin, network.id, colleague, 'member');
    expect((await upgradeStatus(server.url, `/collab/${pkg.documentName}`, { cookie: colleague.client.cookie! })).status).toBe(101);
  });
});

describe('bounded history', () => {
  it('lets one person name twenty versions of a package an hour, then asks them to wait', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin);
    const pkg = await newPackage(admin, network.id);
    for (let index = 0; index < 20; index++) {
      expect((await admin.client.post(`/api/change-packages/${pkg.id}/versions`, { name: `Version ${index}` })).status).toBe(201);
    }
    const refused = await admin.client.post(`/api/change-packages/${pkg.id}/versions`, { name: 'One too many' });
    expectErrorShape(refused, 429, 'change_packages.versions_rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
