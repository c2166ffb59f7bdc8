import type { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { AppModule } from '../../server/src/app.module';
import { CollabDirectory } from '../../server/src/collab/collab-directory';
import type { Peer } from '../../server/src/collab/collab-document';
import { CollabHub } from '../../server/src/collab/collab-hub';
import { CollabRepository } from '../../server/src/collab/collab.repository';
import type { Config } from '../../server/src/platform/config';
import { openDatabase } from '../../server/src/platform/database';
import { freshDatabase } from '../support/server';

/**
 * The hub's interleavings, made deterministic: the hub runs in this process against a real
 * PostgreSQL, and the test decides when its writes may finish. What is checked is what a user
 * relies on: one live copy per document, and nothing committed ever missing after a reload.
 */

jest.setTimeout(60_000);

let dataSource: DataSource;
beforeAll(async () => {
  dataSource = await openDatabase(await freshDatabase(), AppModule);
});
afterAll(async () => {
  await dataSource?.destroy();
});

const hubs: CollabHub[] = [];
afterEach(async () => {
  jest.restoreAllMocks();
  for (const hub of hubs.splice(0)) await hub.onModuleDestroy();
});

function newHub(options: { unloadAfterMs?: number; directory?: CollabDirectory } = {}): { hub: CollabHub; repository: CollabRepository } {
  const repository = new CollabRepository(dataSource);
  const config = { collabUnloadAfterMs: options.unloadAfterMs ?? 0, collabCheckpointEveryMs: 3_600_000 } as Config;
  const hub = new CollabHub(repository, options.directory ?? new CollabDirectory(), config, dataSource);
  hubs.push(hub);
  return { hub, repository };
}

let documents = 0;
const newName = () => `test-doc:${process.pid}-${Date.now()}-${++documents}`;

/** An update that sets `key` in the map "log", as a client would send it. */
function edit(key: string, value: unknown = true): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('log').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

const peer = (): Peer => ({ userId: 'test', send: () => undefined });

/** A promise to hold a write at, and the means to let it go. */
function gate(): { reached: Promise<void>; open: () => void; wait: () => Promise<void> } {
  let reach!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    reached,
    open,
    wait: () => {
      reach();
      return opened;
    },
  };
}

const destroyed = (doc: Y.Doc) => new Promise<void>((resolve) => doc.once('destroy', () => resolve()));

/** Everything a fresh process would load for the document. */
async function reloadKeys(name: string): Promise<string[]> {
  const { hub } = newHub();
  return [...(await hub.currentState(name)).getMap('log').keys()].sort();
}

describe('one live copy per document', () => {
  it('opening while an idle unload is writing its snapshot gets the same live copy, which stays loaded', async () => {
    const { hub, repository } = newHub();
    const name = newName();
    const first = await hub.open(name);
    const alice = peer();
    first.attach(alice);
    await hub.commit(first.document, edit('before'), null, alice);

    // The unload starts when Alice leaves, and is held while it writes the snapshot.
    const snapshotWrite = gate();
    let snapshotWritten!: Promise<void>;
    const saveSnapshot = repository.saveSnapshot.bind(repository);
    jest.spyOn(repository, 'saveSnapshot').mockImplementation((...args) => {
      snapshotWritten = snapshotWrite.wait().then(() => saveSnapshot(...args));
      return snapshotWritten;
    });
    hub.leave(first.document, alice);
    await snapshotWrite.reached;

    // Bob opens it in the middle of that unload, then the unload runs to its end.
    const second = await hub.open(name);
    expect(second.document).toBe(first.document);
    snapshotWrite.open();
    await snapshotWritten;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const third = await hub.open(name);
    expect(third.document).toBe(first.document);
    third.release();

    // The unload gave up: Bob attaches to the live copy and his edit is saved and relayed.
    const bob = peer();
    second.attach(bob);
    const charlie = await hub.open(name);
    expect(charlie.document).toBe(first.document);
    const received: Uint8Array[] = [];
    charlie.attach({ userId: 'charlie', send: (message) => received.push(message) });
    await hub.commit(second.document, edit('during'), null, bob);
    expect(received.length).toBeGreaterThan(0);
    expect([...first.document.doc.getMap('log').keys()].sort()).toEqual(['before', 'during']);
    expect(await reloadKeys(name)).toEqual(['before', 'during']);
  });

  it('a lease given back without attaching lets the document leave memory; a lease ends once', async () => {
    const { hub } = newHub();
    const name = newName();
    const lease = await hub.open(name);
    const gone = destroyed(lease.document.doc);
    lease.release();
    await gone;
    expect(() => lease.release()).toThrow(/ended twice/);

    // The next opener gets a fresh copy, never the destroyed one.
    const again = await hub.open(name);
    expect(again.document).not.toBe(lease.document);
    again.release();
  });

  it('a commit under way keeps the document loaded even when its peer has left', async () => {
    const { hub, repository } = newHub();
    const name = newName();
    const lease = await hub.open(name);
    const alice = peer();
    lease.attach(alice);

    const write = gate();
    const insertUpdates = repository.insertUpdates.bind(repository);
    jest.spyOn(repository, 'insertUpdates').mockImplementation(async (...args) => {
      await write.wait();
      return insertUpdates(...args);
    });
    const committing = hub.commit(lease.document, edit('in-flight'), null, alice);
    await write.reached;
    try {
      hub.leave(lease.document, alice);
      // The unload timer (0 ms) gets its turn while the write is held.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const meanwhile = await hub.open(name);
      expect(meanwhile.document).toBe(lease.document);
      meanwhile.release();
    } finally {
      write.open();
      await committing;
    }
    expect(lease.document.doc.getMap('log').has('in-flight')).toBe(true);
    expect(await reloadKeys(name)).toEqual(['in-flight']);
  });
});

describe('snapshots never skip a committed update', () => {
  it('an update committed by another writer between this copy\'s own is in the snapshot and in every later load', async () => {
    const { hub } = newHub();
    const elsewhere = new CollabRepository(dataSource);
    const name = newName();
    const lease = await hub.open(name);
    const alice = peer();
    lease.attach(alice);
    await hub.commit(lease.document, edit('mine-1'), null, alice);
    // Another instance commits an update this copy never sees; then this copy commits again, so
    // its newest id is above the other's.
    const [otherId] = await elsewhere.insertUpdates([{ documentName: name, update: edit('theirs'), authorId: null }]);
    await hub.commit(lease.document, edit('mine-2'), null, alice);
    expect(lease.document.doc.getMap('log').has('theirs')).toBe(false);

    // Leaving compacts the log into a snapshot; it is built from what PostgreSQL holds.
    const gone = destroyed(lease.document.doc);
    hub.leave(lease.document, alice);
    await gone;
    const [snapshot] = await dataSource.query(`SELECT state, up_to_update_id AS "upTo" FROM collab_snapshots WHERE document_name = $1`, [name]);
    expect(BigInt(snapshot.upTo)).toBeGreaterThan(BigInt(otherId));
    const fromSnapshot = new Y.Doc();
    Y.applyUpdate(fromSnapshot, snapshot.state);
    expect([...fromSnapshot.getMap('log').keys()].sort()).toEqual(['mine-1', 'mine-2', 'theirs']);
    expect(await reloadKeys(name)).toEqual(['mine-1', 'mine-2', 'theirs']);
  });

  it('a document\'s updates commit in id order: a later writer waits for an earlier one still in its transaction', async () => {
    const repository = new CollabRepository(dataSource);
    const name = newName();
    const other = newName();
    const held = gate();
    let firstId = '';
    const first = dataSource.transaction(async (manager) => {
      [firstId] = await repository.insertUpdates([{ documentName: name, update: edit('first'), authorId: null }], manager);
      await held.wait();
    });
    await held.reached;

    let secondId: string | null = null;
    const second = repository.insertUpdates([{ documentName: name, update: edit('second'), authorId: null }]).then(([id]) => (secondId = id));
    try {
      // Another document is not held up.
      await repository.insertUpdates([{ documentName: other, update: edit('elsewhere'), authorId: null }]);
      expect(secondId).toBeNull();
    } finally {
      held.open();
      await first;
      await second;
    }
    expect(BigInt(secondId!)).toBeGreaterThan(BigInt(firstId));
  });
});

describe('schema upgrades on load', () => {
  it('the owner\'s upgrade is committed once, before anyone sees the document, and not again', async () => {
    const directory = new CollabDirectory();
    directory.register('upgrade-doc:', {
      networkOf: async () => null,
      upgrade: (doc) => {
        const meta = doc.getMap('meta');
        if (meta.get('schemaVersion') !== 2) meta.set('schemaVersion', 2);
      },
    });
    const { hub } = newHub({ directory });
    const name = `upgrade-doc:${process.pid}-${Date.now()}`;
    await new CollabRepository(dataSource).insertUpdates([{ documentName: name, update: edit('old'), authorId: null }]);

    const lease = await hub.open(name);
    expect(lease.document.doc.getMap('meta').get('schemaVersion')).toBe(2);
    const gone = destroyed(lease.document.doc);
    lease.release();
    await gone;
    const again = await hub.open(name);
    again.release();
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM collab_updates WHERE document_name = $1`, [name]);
    expect(count).toBe(2);
  });
});
