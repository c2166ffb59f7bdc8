import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { readSnapshot } from '../../server/src/shared/change-package.document';
import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { closedByServer, connectProvider, destroyProvider, eventually, synced, upgradeStatus, waitFor } from '../support/collab';
import { serverForSuite } from '../support/server';

jest.setTimeout(90_000);

const server = serverForSuite();
const providers: ReturnType<typeof connectProvider>[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) destroyProvider(provider);
});

function open(user: TestUser | null, documentName: string, options: { ack?: boolean } = {}) {
  const provider = connectProvider(server.url, user, documentName, new Y.Doc(), options);
  providers.push(provider);
  return provider;
}

async function newPackage(owner: TestUser, networkId: string, title = 'Depression care'): Promise<{ id: string; documentName: string }> {
  const response = await owner.client.post(`/api/networks/${networkId}/change-packages`, { title });
  expect(response.status).toBe(201);
  return response.body;
}

async function query<T = any>(sql: string, params: unknown[]): Promise<T[]> {
  const db = new Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows;
  } finally {
    await db.end();
  }
}

describe('editing together', () => {
  it('two and more clients converge, and the REST projection shows the result', async () => {
    const admin = await newUser(server.url);
    const member = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    await addMember(admin, network.id, member, 'member');
    const pkg = await newPackage(admin, network.id);

    const clients = [open(admin, pkg.documentName), open(member, pkg.documentName), open(member, pkg.documentName)];
    await Promise.all(clients.map((provider) => synced(provider)));
    expect(readSnapshot(clients[1].doc).title).toBe('Depression care');

    clients[0].doc.getMap('aim').set('what', 'Remission of depression');
    clients[1].doc.getMap('aim').set('forWhom', 'Adults with a positive PHQ-9');
    const drivers = clients[2].doc.getMap('drivers');
    drivers.set('d1', new Y.Map(Object.entries({ title: 'Reliable follow-up', level: 'primary', parentId: null, order: 0 })));

    const converged = (doc: Y.Doc) =>
      doc.getMap('aim').get('what') === 'Remission of depression' &&
      doc.getMap('aim').get('forWhom') === 'Adults with a positive PHQ-9' &&
      doc.getMap('drivers').has('d1');
    await Promise.all(clients.map((provider) => eventually(provider.doc, () => converged(provider.doc))));
    const states = clients.map((provider) => Buffer.from(Y.encodeStateVector(provider.doc)).toString('hex'));
    expect(new Set(states).size).toBe(1);

    const projection = await member.client.get(`/api/change-packages/${pkg.id}`);
    expect(projection.status).toBe(200);
    expect(projection.body.content.aim).toMatchObject({ what: 'Remission of depression', forWhom: 'Adults with a positive PHQ-9' });
    expect(projection.body.content.drivers.map((d: { title: string }) => d.title)).toEqual(['Reliable follow-up']);
  });

  it('commits an update before relaying it, records its author, and acknowledges it to a client that asked', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin);
    const pkg = await newPackage(admin, network.id);
    const writer = open(admin, pkg.documentName, { ack: true });
    const reader = open(admin, pkg.documentName);
    await Promise.all([synced(writer), synced(reader)]);

    const marker = `durable-${randomBytes(4).toString('hex')}`;
    const seenInDatabaseWhenRelayed = new Promise<number>((resolve) => {
      reader.doc.on('update', async () => {
        if (reader.doc.getMap('aim').get('what') !== marker) return;
        const rows = await query(`SELECT count(*)::int AS n FROM collab_updates WHERE document_name = $1 AND position($2::bytea in update) > 0`, [
          pkg.documentName,
          Buffer.from(marker),
        ]);
        resolve(rows[0].n);
      });
    });
    writer.doc.getMap('aim').set('what', marker);
    expect(await seenInDatabaseWhenRelayed).toBe(1);

    // "Saved": the server's state vector has caught up with this client's own edits.
    const mine = Y.decodeStateVector(Y.encodeStateVector(writer.doc)).get(writer.doc.clientID)!;
    await waitFor(() => writer.savedVectors.some((vector) => (vector.get(writer.doc.clientID) ?? 0) >= mine));

    const authors = await query(`SELECT DISTINCT author_id AS "authorId" FROM collab_updates WHERE document_name = $1`, [pkg.documentName]);
    expect(authors.map((row) => row.authorId)).toEqual([admin.id]);
  });

  it('offline edits merge on reconnect', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin);
    const pkg = await newPackage(admin, network.id);
    const a = open(admin, pkg.documentName);
    const b = open(admin, pkg.documentName);
    await Promise.all([synced(a), synced(b)]);

    a.disconnect();
    a.doc.getMap('aim').set('howMuch', 'from 20% to 50%');
    b.doc.getMap('aim').set('byWhen', 'by December');
    await eventually(b.doc, () => b.doc.getMap('aim').get('byWhen') === 'by December');
    a.connect();
    const merged = (doc: Y.Doc) => doc.getMap('aim').get('howMuch') === 'from 20% to 50%' && doc.getMap('aim').get('byWhen') === 'by December';
    await Promise.all([eventually(a.doc, () => merged(a.doc)), eventually(b.doc, () => merged(b.doc))]);
  });
});

describe('who may connect', () => {
  it('refuses before the upgrade: not signed in (401), a private network to a non-member (404), a foreign origin (403), an unknown document (404)', async () => {
    const admin = await newUser(server.url);
    const outsider = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    const pkg = await newPackage(admin, network.id);
    const path = `/collab/${pkg.documentName}`;

    const signedOut = await upgradeStatus(server.url, path);
    expect({ status: signedOut.status, body: JSON.parse(signedOut.body) }).toEqual({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'Please sign in to continue.', code: 'auth.not_signed_in' },
    });
    const hidden = await upgradeStatus(server.url, path, { cookie: outsider.client.cookie! });
    const missing = await upgradeStatus(server.url, `/collab/change-package:${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, {
      cookie: outsider.client.cookie!,
    });
    expect(hidden.status).toBe(404);
    expect(JSON.parse(hidden.body).code).toBe('collab.document_not_found');
    expect(hidden.body).toBe(missing.body);
    const foreign = await upgradeStatus(server.url, path, { cookie: admin.client.cookie!, origin: 'https://evil.example' });
    expect({ status: foreign.status, code: JSON.parse(foreign.body).code }).toEqual({ status: 403, code: 'request.foreign_origin' });
    expect((await upgradeStatus(server.url, path, { cookie: admin.client.cookie! })).status).toBe(101);
    expect((await upgradeStatus(server.url, '/collab/not%20a%20name', { cookie: admin.client.cookie! })).status).toBe(404);
  });

  it('a signed-in non-member of a public network reads but cannot write: its edits are neither applied nor relayed', async () => {
    const admin = await newUser(server.url);
    const visitor = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'public' });
    const pkg = await newPackage(admin, network.id);
    const editor = open(admin, pkg.documentName);
    const reader = open(visitor, pkg.documentName);
    await Promise.all([synced(editor), synced(reader)]);

    reader.doc.getMap('aim').set('what', 'vandalised');
    editor.doc.getMap('aim').set('forWhom', 'everyone');
    await eventually(reader.doc, () => reader.doc.getMap('aim').get('forWhom') === 'everyone');

    const fresh = open(admin, pkg.documentName);
    await synced(fresh);
    expect(fresh.doc.getMap('aim').get('forWhom')).toBe('everyone');
    expect(fresh.doc.getMap('aim').get('what')).not.toBe('vandalised');
    expect(editor.doc.getMap('aim').get('what')).not.toBe('vandalised');
    const projection = await admin.client.get(`/api/change-packages/${pkg.id}`);
    expect(projection.body.content.aim.what).not.toBe('vandalised');
  });

  it('making a public network private closes its non-members\' connections at once', async () => {
    const admin = await newUser(server.url);
    const visitor = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'public' });
    const pkg = await newPackage(admin, network.id);
    const reader = open(visitor, pkg.documentName);
    const editor = open(admin, pkg.documentName);
    await Promise.all([synced(reader), synced(editor)]);
    const closed = closedByServer(reader, 1_000);
    await admin.client.patch(`/api/networks/${network.id}`, { visibility: 'private' });
    expect(await closed).toBe(4403);
    // Members carry on.
    const colleague = open(admin, pkg.documentName);
    await synced(colleague);
    editor.doc.getMap('aim').set('what', 'still editing');
    await eventually(colleague.doc, () => colleague.doc.getMap('aim').get('what') === 'still editing');
  });

  it('a member removed from the network is disconnected at once, and a signed-out session too', async () => {
    const admin = await newUser(server.url);
    const member = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    await addMember(admin, network.id, member, 'member');
    const pkg = await newPackage(admin, network.id);
    const provider = open(member, pkg.documentName);
    await synced(provider);

    const closed = closedByServer(provider, 1_000);
    await admin.client.delete(`/api/networks/${network.id}/members/${member.id}`);
    expect(await closed).toBe(4403);

    const adminProvider = open(admin, pkg.documentName);
    await synced(adminProvider);
    const adminClosed = closedByServer(adminProvider, 1_000);
    await admin.client.post('/api/auth/logout');
    expect(await adminClosed).toBe(4401);
  });
});

describe('limits and malformed input', () => {
  it('thousands of malformed frames close only their own connections; other documents carry on', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin);
    const target = await newPackage(admin, network.id, 'Target');
    const bystander = await newPackage(admin, network.id, 'Bystander');
    const a = open(admin, bystander.documentName);
    const b = open(admin, bystander.documentName);
    await Promise.all([synced(a), synced(b)]);

    const closeCodes = new Map<number, number>();
    let framesSent = 0;
    for (let round = 0; round < 100; round++) {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${target.documentName}`, { headers: { cookie: admin.client.cookie! } });
      await new Promise<void>((resolve) => socket.once('open', () => resolve()));
      const code = new Promise<number>((resolve) => socket.once('close', (closeCode) => resolve(closeCode)));
      for (let frame = 0; frame < 30; frame++) {
        const garbage = randomBytes(1 + Math.floor(Math.random() * 64));
        // Start most frames with a real message type so that the parser goes deep before failing.
        if (frame % 3 !== 0) garbage[0] = frame % 2;
        socket.send(frame % 10 === 0 ? garbage.toString('latin1') : garbage);
        framesSent += 1;
      }
      const closedWith = await Promise.race([code, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 2_000))]);
      if (closedWith === -1) socket.terminate();
      closeCodes.set(closedWith, (closeCodes.get(closedWith) ?? 0) + 1);
    }
    expect(framesSent).toBe(3_000);
    expect(closeCodes.get(4400)).toBeGreaterThan(90);

    a.doc.getMap('aim').set('what', 'still working');
    await eventually(b.doc, () => b.doc.getMap('aim').get('what') === 'still working');
    expect((await admin.client.get('/api/health')).status).toBe(200);
    const fresh = open(admin, target.documentName);
    await synced(fresh);
    expect(readSnapshot(fresh.doc).title).toBe('Target');
  });

  it('closes a connection that floods messages (4429) or sends an oversized frame (1009)', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin);
    const pkg = await newPackage(admin, network.id);
    const url = `${server.url.replace('http', 'ws')}/collab/${pkg.documentName}`;

    const flooder = new WebSocket(url, { headers: { cookie: admin.client.cookie! } });
    await new Promise<void>((resolve) => flooder.once('open', () => resolve()));
    const floodClosed = new Promise<number>((resolve) => flooder.once('close', (code) => resolve(code)));
    const queryAwareness = Buffer.from([3]);
    for (let i = 0; i < 2_000; i++) flooder.send(queryAwareness);
    expect(await floodClosed).toBe(4429);

    const big = new WebSocket(url, { headers: { cookie: admin.client.cookie! } });
    await new Promise<void>((resolve) => big.once('open', () => resolve()));
    const bigClosed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send(Buffer.alloc(3 * 1024 * 1024, 1));
    expect(await bigClosed).toBe(1009);
  });
});

describe('presence', () => {
  type Presence = { user?: { id?: string; name?: string } } | undefined;

  it('names come from the signed-in account, whatever a client claims', async () => {
    const admin = await newUser(server.url, { displayName: 'Ada <b>Lovelace</b>' });
    const reader = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'public' });
    const pkg = await newPackage(admin, network.id);
    const ada = open(admin, pkg.documentName);
    // A signed-in non-member reads a public network's package: it may not pretend either.
    const pretender = open(reader, pkg.documentName);
    const watcher = open(admin, pkg.documentName);
    await Promise.all([synced(ada), synced(pretender), synced(watcher)]);

    ada.awareness.setLocalStateField('user', { name: 'Someone else entirely', color: '#000' });
    pretender.awareness.setLocalStateField('user', { id: admin.id, name: admin.displayName });
    const presenceOf = (clientId: number) => watcher.awareness.getStates().get(clientId) as Presence;
    await waitFor(() => presenceOf(ada.doc.clientID)?.user !== undefined && presenceOf(pretender.doc.clientID)?.user !== undefined);

    // The server's record: id and name of the account behind each connection, nothing else.
    expect(presenceOf(ada.doc.clientID)?.user).toEqual({ id: admin.id, name: 'Ada <b>Lovelace</b>' });
    expect(presenceOf(pretender.doc.clientID)?.user).toEqual({ id: reader.id, name: reader.displayName });
  });

  it('a peer cannot speak for someone else\'s presence', async () => {
    const admin = await newUser(server.url, { displayName: 'Ada' });
    const mallory = await newUser(server.url, { displayName: 'Mallory' });
    const network = await newNetwork(admin, { visibility: 'public' });
    await addMember(admin, network.id, mallory, 'member');
    const pkg = await newPackage(admin, network.id);
    const ada = open(admin, pkg.documentName);
    const bad = open(mallory, pkg.documentName);
    const watcher = open(admin, pkg.documentName);
    await Promise.all([synced(ada), synced(bad), synced(watcher)]);
    ada.awareness.setLocalStateField('cursor', { at: 1 });
    const adaState = () => watcher.awareness.getStates().get(ada.doc.clientID) as (Presence & { cursor?: { at: number }; forged?: number }) | undefined;
    await waitFor(() => adaState()?.cursor?.at === 1);

    // Mallory forges an awareness update for Ada's client id, with a newer clock.
    const forgedDoc = new Y.Doc();
    forgedDoc.clientID = ada.doc.clientID;
    const forged = new Awareness(forgedDoc);
    for (let i = 0; i < 5; i++) forged.setLocalState({ forged: i, cursor: { at: 99 } });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(forged, [ada.doc.clientID]));
    bad.ws!.send(encoding.toUint8Array(encoder));
    forged.destroy();

    // Mallory's own presence still goes through, and Ada's is untouched.
    bad.awareness.setLocalStateField('cursor', { at: 7 });
    await waitFor(() => (watcher.awareness.getStates().get(bad.doc.clientID) as { cursor?: { at: number } } | undefined)?.cursor?.at === 7);
    expect(adaState()).toMatchObject({ cursor: { at: 1 }, user: { id: admin.id, name: 'Ada' } });
    expect(adaState()?.forged).toBeUndefined();
  });
});

describe('change packages over REST', () => {
  it('creates, lists and renames; a private network\'s packages are invisible to outsiders', async () => {
    const admin = await newUser(server.url);
    const outsider = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    const pkg = await newPackage(admin, network.id, 'First title');
    expect(pkg.documentName).toBe(`change-package:${pkg.id}`);
    const renamed = await admin.client.patch(`/api/change-packages/${pkg.id}`, { title: 'Second title' });
    expect(renamed.body.title).toBe('Second title');
    const list = await admin.client.get(`/api/networks/${network.id}/change-packages`);
    expect(list.body.map((p: { title: string }) => p.title)).toEqual(['Second title']);
    expect((await admin.client.get(`/api/change-packages/${pkg.id}`)).body.content.title).toBe('Second title');

    expect((await outsider.client.get(`/api/change-packages/${pkg.id}`)).status).toBe(404);
    expect((await outsider.client.patch(`/api/change-packages/${pkg.id}`, { title: 'x' })).status).toBe(404);
    expect((await outsider.client.get(`/api/networks/${network.id}/change-packages`)).status).toBe(404);
    expect((await outsider.client.post(`/api/networks/${network.id}/change-packages`, { title: 'x' })).status).toBe(404);
    // "Packages I can edit" lists packages across the caller's networks only.
    const visitor = await newUser(server.url);
    const open_ = await newNetwork(admin, { visibility: 'public' });
    const publicPackage = await newPackage(admin, open_.id, 'Public plan');
    const editable = (await admin.client.get('/api/change-packages')).body.map((p: { id: string }) => p.id);
    expect(editable).toEqual(expect.arrayContaining([pkg.id, publicPackage.id]));
    expect((await visitor.client.get('/api/change-packages')).body).toEqual([]);
    expect((await outsider.client.get('/api/change-packages')).body).toEqual([]);

    const empty = await admin.client.post(`/api/networks/${network.id}/change-packages`, { title: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/^title/);
  });
});
