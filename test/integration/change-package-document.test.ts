import { Client } from 'pg';
import * as Y from 'yjs';
import {
  CHANGE_PACKAGE_SCHEMA_VERSION,
  ChangePackageWriter,
  readSnapshot,
  readText,
} from '../../server/src/shared/change-package.document';
import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { connectProvider, destroyProvider, eventually, synced, type SavingProvider } from '../support/collab';
import { freePort, serverForSuite, startServer, type RunningServer } from '../support/server';

/**
 * The change package's document through the real server and stock y-websocket clients: free
 * text that merges when two people type at once, renames that leave the package row and its
 * document agreeing, and documents from the first schema (plain strings) upgraded on load.
 */

jest.setTimeout(120_000);

const server = serverForSuite();
const providers: SavingProvider[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) destroyProvider(provider);
});

function open(url: string, user: TestUser, documentName: string): SavingProvider {
  const provider = connectProvider(url, user, documentName, new Y.Doc(), { ack: true });
  providers.push(provider);
  return provider;
}

async function newPackage(url: string, owner: TestUser, networkId: string, title = 'Depression care'): Promise<{ id: string; documentName: string }> {
  const response = await owner.client.post(`/api/networks/${networkId}/change-packages`, { title });
  expect(response.status).toBe(201);
  return response.body;
}

/** Lets the socket deliver what has arrived, as between two keystrokes. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('typing together', () => {
  it('keeps both people’s characters when two stock clients type into the same aim field at the same time', async () => {
    const ada = await newUser(server.url);
    const ben = await newUser(server.url);
    const network = await newNetwork(ada);
    await addMember(ada, network.id, ben, 'member');
    const pkg = await newPackage(server.url, ada, network.id);
    const [adaClient, benClient] = [open(server.url, ada, pkg.documentName), open(server.url, ben, pkg.documentName)];
    await Promise.all([synced(adaClient), synced(benClient)]);
    const [adaWriter, benWriter] = [new ChangePackageWriter(adaClient.doc), new ChangePackageWriter(benClient.doc)];
    adaWriter.setAim('what', '—');
    await eventually(benClient.doc, () => readSnapshot(benClient.doc).aim.what === '—');

    // As the editor's text box does: each keystroke sends the field's new text as the smallest edit.
    // Ada types at the end of the field, Ben at its start; neither waits for the other.
    const adaTyping = 'Remission of depression';
    const benTyping = 'Adults screening positive ';
    const typeAtEnd = async () => {
      for (const character of adaTyping) {
        adaWriter.setAim('what', readSnapshot(adaClient.doc).aim.what + character);
        await nextTurn();
      }
    };
    const typeAtStart = async () => {
      for (let caret = 0; caret < benTyping.length; caret += 1) {
        const current = readSnapshot(benClient.doc).aim.what;
        benWriter.setAim('what', current.slice(0, caret) + benTyping[caret] + current.slice(caret));
        await nextTurn();
      }
    };
    await Promise.all([typeAtEnd(), typeAtStart()]);
    await Promise.all([adaClient.whenSaved(), benClient.whenSaved()]);

    const expected = `${benTyping}—${adaTyping}`;
    await Promise.all([adaClient, benClient].map((client) => eventually(client.doc, () => readSnapshot(client.doc).aim.what === expected)));
    expect((await ada.client.get(`/api/change-packages/${pkg.id}`)).body.content.aim.what).toBe(expected);
  });
});

describe('renaming', () => {
  it('leaves the package row and its document with the same title when renames arrive at once, and writes the title as text', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin);
    const pkg = await newPackage(server.url, admin, network.id);
    for (let round = 0; round < 3; round += 1) {
      const titles = Array.from({ length: 8 }, (_, index) => `Round ${round} title ${index}`);
      const responses = await Promise.all(titles.map((title) => admin.client.patch(`/api/change-packages/${pkg.id}`, { title })));
      expect(responses.map((response) => response.status)).toEqual(titles.map(() => 200));
      const found = (await admin.client.get(`/api/change-packages/${pkg.id}`)).body;
      expect(titles).toContain(found.title);
      expect(found.content.title).toBe(found.title);
      const listed = (await admin.client.get(`/api/networks/${network.id}/change-packages`)).body.find((p: { id: string }) => p.id === pkg.id);
      expect(listed.title).toBe(found.title);
    }
    const client = open(server.url, admin, pkg.documentName);
    await synced(client);
    expect(client.doc.getMap('meta').get('title')).toBeInstanceOf(Y.Text);
  });
});

describe('documents from the first schema', () => {
  const SESSION_SECRET = 'schema-upgrade-test-'.padEnd(40, 'x');
  let own: RunningServer;
  afterEach(async () => {
    for (const provider of providers.splice(0)) destroyProvider(provider);
    await own?.stop();
  });

  /** As schema 1 kept it (and an old client still writes it): every free-text field a plain string, no version. */
  function toSchemaOne(doc: Y.Doc): void {
    const flatten = (map: Y.Map<unknown>) => {
      for (const [key, value] of [...map.entries()]) {
        if (value instanceof Y.Text) map.set(key, value.toString());
        else if (value instanceof Y.Map) flatten(value);
        else if (value instanceof Y.Array) for (const item of value.toArray()) if (item instanceof Y.Map) flatten(item);
      }
    };
    doc.transact(() => {
      for (const name of ['meta', 'aim', 'drivers', 'ideas', 'measures']) flatten(doc.getMap(name));
      doc.getMap('meta').delete('schemaVersion');
    });
  }

  async function oldPackage(owner: TestUser, networkId: string, title: string) {
    const pkg = await newPackage(own.url, owner, networkId, title);
    const client = open(own.url, owner, pkg.documentName);
    await synced(client);
    const writer = new ChangePackageWriter(client.doc);
    writer.setAim('what', 'Remission');
    writer.setAim('forWhom', 'Adults');
    const primary = writer.addDriver('Reliable follow-up', null);
    const secondary = writer.addDriver('A registry', primary);
    const idea = writer.addIdea('Call within 7 days', secondary);
    writer.addEvidence(idea, 'Review', 'https://example.org/review');
    writer.addMeasure('Follow-up rate', 'process');
    toSchemaOne(client.doc);
    await client.whenSaved();
    expect(client.doc.getMap('aim').get('what')).toBe('Remission');
    return pkg;
  }

  async function nullAuthoredUpdates(documentName: string): Promise<number> {
    const db = new Client({ connectionString: own.databaseUrl });
    await db.connect();
    try {
      return (await db.query('SELECT count(*)::int AS n FROM collab_updates WHERE document_name = $1 AND author_id IS NULL', [documentName])).rows[0].n;
    } finally {
      await db.end();
    }
  }

  it('upgrades an old document when it is loaded, keeps its content, and the API answers the same JSON', async () => {
    // The same port and session secret after each restart, so that the signed-in client keeps working.
    const env = { SESSION_SECRET, PORT: String(await freePort()) };
    own = await startServer(env);
    const admin = await newUser(own.url);
    const network = await newNetwork(admin);
    const viewed = await oldPackage(admin, network.id, 'Viewed first');
    const renamed = await oldPackage(admin, network.id, 'Renamed first');
    const before = (await admin.client.get(`/api/change-packages/${viewed.id}`)).body.content;
    for (const provider of providers.splice(0)) destroyProvider(provider);

    // A restart: the documents leave memory and are loaded again from PostgreSQL.
    await own.stop();
    own = await startServer({ ...env, DATABASE_URL: own.databaseUrl });
    expect((await admin.client.get(`/api/change-packages/${viewed.id}`)).body.content).toEqual(before);

    // Opened for editing: upgraded before anyone sees it, as one server update.
    const client = open(own.url, admin, viewed.documentName);
    await synced(client);
    const doc = client.doc;
    const snapshot = readSnapshot(doc);
    expect(snapshot.schemaVersion).toBe(CHANGE_PACKAGE_SCHEMA_VERSION);
    expect(doc.getMap('meta').get('title')).toBeInstanceOf(Y.Text);
    expect(doc.getMap('aim').get('what')).toBeInstanceOf(Y.Text);
    const driver = doc.getMap('drivers').get(snapshot.tree[0].secondaries[0].id) as Y.Map<unknown>;
    const idea = doc.getMap('ideas').get(snapshot.ideas[0].id) as Y.Map<unknown>;
    const evidence = (idea.get('evidence') as Y.Array<Y.Map<unknown>>).get(0);
    const measure = doc.getMap('measures').get(snapshot.measures[0].id) as Y.Map<unknown>;
    for (const text of [driver.get('title'), idea.get('title'), evidence.get('label'), evidence.get('url'), measure.get('name'), measure.get('goal')]) {
      expect(text).toBeInstanceOf(Y.Text);
    }
    expect([readText(driver, 'title'), readText(evidence, 'url')]).toEqual(['A registry', 'https://example.org/review']);
    expect((await admin.client.get(`/api/change-packages/${viewed.id}`)).body.content).toEqual(before);
    expect(await nullAuthoredUpdates(viewed.documentName)).toBe(1);
    // The upgrade is nobody's change: "who changed what" does not list it.
    const history = (await admin.client.get(`/api/change-packages/${viewed.id}/changes`)).body;
    expect(history.flatMap((interval: { authors: { userId: string | null }[] }) => interval.authors.map((author) => author.userId))).toEqual(
      history.map(() => admin.id),
    );

    // A rename of the other old document, before anyone has opened it, lands on its upgraded title.
    expect((await admin.client.patch(`/api/change-packages/${renamed.id}`, { title: 'Renamed while old' })).status).toBe(200);
    const renamedClient = open(own.url, admin, renamed.documentName);
    await synced(renamedClient);
    expect(renamedClient.doc.getMap('meta').get('title')).toBeInstanceOf(Y.Text);
    expect(readSnapshot(renamedClient.doc)).toMatchObject({ title: 'Renamed while old', aim: { what: 'Remission', forWhom: 'Adults' } });
    expect((await admin.client.get(`/api/change-packages/${renamed.id}`)).body.title).toBe('Renamed while old');

    // Loaded again, a current document is left as it is.
    for (const provider of providers.splice(0)) destroyProvider(provider);
    await own.stop();
    own = await startServer({ ...env, DATABASE_URL: own.databaseUrl });
    const again = open(own.url, admin, viewed.documentName);
    await synced(again);
    expect(readSnapshot(again.doc).aim.what).toBe('Remission');
    expect(await nullAuthoredUpdates(viewed.documentName)).toBe(1);
  });
});
