import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { AppError } from '../platform/app-error';
import { inBackground } from '../platform/background';
import { CONFIG, type Config } from '../platform/config';
import { CollabDirectory } from './collab-directory';
import { CollabDocument, type Peer } from './collab-document';
import { inspectUpdate } from './collab-protocol';
import { CollabRepository, type PendingUpdate } from './collab.repository';
import { GroupCommit } from './group-commit';
import { nestsTooDeep } from './nesting';

export const COLLAB_LIMITS = {
  /** Updates after which a loaded document's log is compacted into a snapshot (and on unload, if any). */
  snapshotEvery: 500,
  /** Beyond this, updates are refused: a change package this large is a mistake or an attack. */
  maxDocumentBytes: 16 * 1024 * 1024,
};

export class DocumentTooLargeError extends AppError {
  constructor() {
    super('payload-too-large', 'collab.document_too_large', 'This document has reached its size limit (16 MB).');
  }
}
export class MalformedUpdateError extends AppError {
  constructor() {
    super('bad-request', 'collab.malformed_update', 'The change could not be read.');
  }
}

/**
 * A claim on a loaded document. While any lease or peer holds a document it stays loaded, so
 * whoever opened it is never handed a copy that an idle unload has already destroyed. A lease
 * ends exactly once: by becoming a peer (`attach`) or by being given back (`release`).
 */
export interface DocumentLease {
  readonly document: CollabDocument;
  attach(peer: Peer): void;
  release(): void;
}

/**
 * The documents being edited: loads them from PostgreSQL on first use, commits every update
 * (group commit) before applying and relaying it, compacts the log in the background, and
 * unloads documents nobody holds. There is at most one live copy of a document per process.
 */
@Injectable()
export class CollabHub implements OnModuleDestroy {
  private readonly logger = new Logger(CollabHub.name);
  /** Documents loaded or loading, by name: the one live copy of each. */
  private readonly documents = new Map<string, Promise<CollabDocument>>();
  /** The same documents once loaded, for synchronous lookups. */
  private readonly loaded = new Map<string, CollabDocument>();
  /** Compactions under way, so that one document is never compacted twice at once. */
  private readonly compacting = new Map<string, Promise<void>>();
  private readonly groupCommit: GroupCommit;

  constructor(
    private readonly repository: CollabRepository,
    private readonly directory: CollabDirectory,
    @Inject(CONFIG) private readonly config: Config,
    private readonly dataSource: DataSource,
  ) {
    this.groupCommit = new GroupCommit((batch) => this.store(batch));
  }

  /** One batch of updates, in one transaction with whatever their owners keep in step with them (the search outbox). */
  private store(batch: PendingUpdate[]): Promise<string[]> {
    const names = batch.map((update) => update.documentName);
    if (!this.directory.wantsChanges(names)) return this.repository.insertUpdates(batch);
    return this.dataSource.transaction(async (manager) => {
      const ids = await this.repository.insertUpdates(batch, manager);
      await this.directory.documentsChanged(names, manager);
      return ids;
    });
  }

  /**
   * The live copy of a document, loading it if needed, held by a lease from the moment it is
   * handed over. The holder attaches a peer to it or releases it; either way exactly once.
   */
  async open(name: string): Promise<DocumentLease> {
    for (;;) {
      let loading = this.documents.get(name);
      if (!loading) {
        loading = this.load(name);
        this.documents.set(name, loading);
        loading.catch(() => {
          if (this.documents.get(name) === loading) this.documents.delete(name);
        });
      }
      const document = await loading;
      // An unload may have finished between the lookup and now; then load a fresh copy.
      if (this.loaded.get(name) !== document) continue;
      return this.lease(document);
    }
  }

  private lease(document: CollabDocument): DocumentLease {
    document.holds += 1;
    if (document.unloadTimer) {
      clearTimeout(document.unloadTimer);
      document.unloadTimer = null;
    }
    let ended = false;
    const end = () => {
      if (ended) throw new Error(`a lease on ${document.name} was ended twice`);
      ended = true;
      document.holds -= 1;
    };
    return {
      document,
      attach: (peer) => {
        end();
        document.addPeer(peer);
      },
      release: () => {
        end();
        this.unloadWhenIdle(document);
      },
    };
  }

  /** Called when a peer leaves; the last one to leave starts the idle timer. */
  leave(document: CollabDocument, peer: Peer): void {
    document.removePeer(peer);
    this.unloadWhenIdle(document);
  }

  private unloadWhenIdle(document: CollabDocument): void {
    if (!document.idle || document.unloadTimer || this.loaded.get(document.name) !== document) return;
    document.unloadTimer = setTimeout(() => inBackground(this.logger, `unloading ${document.name}`, this.unload(document)), this.config.collabUnloadAfterMs);
    document.unloadTimer.unref();
  }

  /**
   * Commits an update to PostgreSQL, then applies it (which relays it to the other peers).
   * Resolves once both are done; an empty update is neither stored nor relayed. The document is
   * held while the commit is under way, so that it cannot be unloaded in between.
   */
  async commit(document: CollabDocument, update: Uint8Array, authorId: string | null, origin: Peer | null): Promise<void> {
    const inspected = inspectUpdate(update);
    if (!inspected.valid || (!inspected.empty && nestsTooDeep(inspected.structs, document.doc))) throw new MalformedUpdateError();
    if (inspected.empty) return;
    if (document.approximateSize + update.length > COLLAB_LIMITS.maxDocumentBytes) throw new DocumentTooLargeError();
    document.holds += 1;
    try {
      const id = await this.groupCommit.commit({ documentName: document.name, update, authorId });
      document.applyCommitted(update, id, origin);
    } finally {
      document.holds -= 1;
      this.unloadWhenIdle(document);
    }
    if (document.updatesSinceSnapshot >= COLLAB_LIMITS.snapshotEvery) inBackground(this.logger, `compacting ${document.name}`, this.compact(document));
    if (Date.now() - document.lastCheckpointAt >= this.config.collabCheckpointEveryMs) {
      inBackground(this.logger, `checkpoint of ${document.name}`, this.checkpointIfChanged(document));
    }
  }

  /**
   * Keeps the document's current state as a version: a named one on request, or an automatic
   * checkpoint. Works whether or not the document is loaded; returns the version's id.
   */
  async keepVersion(name: string, kind: 'checkpoint' | 'named', label: string | null, createdBy: string | null): Promise<string> {
    const loaded = this.loaded.get(name);
    const state = loaded ? Y.encodeStateAsUpdate(loaded.doc) : Y.encodeStateAsUpdate(await this.currentState(name));
    const upTo = loaded ? loaded.lastUpdateId : await this.repository.latestUpdateId(name);
    const id = await this.repository.insertVersion({ documentName: name, kind, name: label, state, upTo, createdBy });
    if (loaded) {
      loaded.lastCheckpointAt = Date.now();
      loaded.lastCheckpointUpTo = upTo;
    }
    return id;
  }

  private async checkpointIfChanged(document: CollabDocument): Promise<void> {
    if (BigInt(document.lastUpdateId) <= BigInt(document.lastCheckpointUpTo)) return;
    // Marked before the write so that a burst of updates does not start several checkpoints.
    document.lastCheckpointAt = Date.now();
    await this.keepVersion(document.name, 'checkpoint', null, null);
  }

  /** A change made by the server (a new package's first content, a restore, a pull): committed and relayed like any other. */
  async writeUpdate(name: string, update: Uint8Array, authorId: string | null): Promise<void> {
    const lease = await this.open(name);
    try {
      await this.commit(lease.document, update, authorId, null);
    } finally {
      lease.release();
    }
  }

  /**
   * A copy of the live document, loading it for editing if needed (and so upgraded to its owner's
   * current schema), for a server-side change that must start from exactly what editors see.
   */
  async liveCopy(name: string): Promise<Y.Doc> {
    const lease = await this.open(name);
    try {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(lease.document.doc));
      return copy;
    } finally {
      lease.release();
    }
  }

  /** A copy of a document's current state, from memory when loaded, else from PostgreSQL (without loading it for editing). */
  async currentState(name: string): Promise<Y.Doc> {
    const copy = new Y.Doc();
    const loaded = this.loaded.get(name);
    if (loaded) {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(loaded.doc));
      return copy;
    }
    const { snapshot, updates } = await this.repository.load(name);
    copy.transact(() => {
      if (snapshot) Y.applyUpdate(copy, snapshot);
      for (const stored of updates) {
        try {
          Y.applyUpdate(copy, stored.update);
        } catch {
          // skipped, as when loading for editing
        }
      }
    });
    return copy;
  }

  async onModuleDestroy(): Promise<void> {
    await this.groupCommit.idle();
    for (const loading of [...this.documents.values()]) {
      const document = await loading.catch(() => null);
      if (document) await this.unload(document, { evenIfHeld: true });
    }
  }

  private async load(name: string): Promise<CollabDocument> {
    const document = new CollabDocument(name);
    const { snapshot, snapshotUpTo, updates } = await this.repository.load(name);
    document.lastUpdateId = snapshotUpTo;
    if (snapshot) {
      Y.applyUpdate(document.doc, snapshot);
      document.approximateSize = snapshot.length;
    }
    for (const stored of updates) {
      try {
        document.applyCommitted(stored.update, stored.id, null);
      } catch (error) {
        // Updates are checked before they are stored; one that still fails to apply is skipped, not fatal.
        this.logger.error(`skipping update ${stored.id} of ${name}: ${(error as Error).message}`);
      }
    }
    // Checkpoints are paced from the last one kept, or from now for a document that has none yet
    // (its first checkpoint then comes after a stretch of editing, or when editing stops).
    const latestVersion = await this.repository.latestVersion(name);
    document.lastCheckpointAt = latestVersion ? new Date(latestVersion.createdAt).getTime() : Date.now();
    if (latestVersion) document.lastCheckpointUpTo = latestVersion.upTo;
    this.loaded.set(name, document);
    // Held until the opener takes its lease, so that the upgrade's commit cannot start an unload.
    document.holds += 1;
    try {
      await this.upgrade(document);
    } catch (error) {
      this.loaded.delete(name);
      document.destroy();
      throw error;
    } finally {
      document.holds -= 1;
    }
    if (document.updatesSinceSnapshot >= COLLAB_LIMITS.snapshotEvery) inBackground(this.logger, `compacting ${name}`, this.compact(document));
    return document;
  }

  /**
   * Lets the owning feature bring an older document up to its current schema, as one committed
   * server update. It runs while the document is still loading, before anyone is attached, so the
   * change can be made on the document itself (nothing is relayed to anyone) and then stored; if
   * storing fails the load fails and the copy is thrown away. A current document costs no copy.
   */
  private async upgrade(document: CollabDocument): Promise<void> {
    const owner = this.directory.ownerOf(document.name);
    if (!owner?.upgrade) return;
    const changes: Uint8Array[] = [];
    const collect = (update: Uint8Array) => changes.push(update);
    document.doc.on('update', collect);
    try {
      owner.upgrade(document.doc);
    } finally {
      document.doc.off('update', collect);
    }
    if (changes.length === 0) return;
    const update = Y.mergeUpdates(changes);
    const id = await this.groupCommit.commit({ documentName: document.name, update, authorId: null });
    document.countCommitted(update, id);
  }

  /**
   * Compacts the log into a snapshot, built from PostgreSQL rather than from this process's copy:
   * the previous snapshot merged with every committed update after it. Because a document's updates
   * commit in id order (see CollabRepository.insertUpdates), the updates read are a complete
   * prefix of the log, so the snapshot can never claim an update it does not hold, whichever
   * process or copy wrote it.
   */
  private compact(document: CollabDocument): Promise<void> {
    const running = this.compacting.get(document.name);
    if (running) return running;
    const counted = document.updatesSinceSnapshot;
    const sizeBefore = document.approximateSize;
    const work = (async () => {
      const { snapshot, snapshotUpTo, updates } = await this.repository.load(document.name);
      if (updates.length === 0) return;
      const merged = new Y.Doc();
      merged.transact(() => {
        if (snapshot) Y.applyUpdate(merged, snapshot);
        for (const stored of updates) {
          try {
            Y.applyUpdate(merged, stored.update);
          } catch {
            // skipped, as when loading
          }
        }
      });
      const state = Y.encodeStateAsUpdate(merged);
      merged.destroy();
      const upTo = updates[updates.length - 1].id;
      if (BigInt(upTo) <= BigInt(snapshotUpTo)) return;
      await this.repository.saveSnapshot(document.name, state, upTo);
      document.updatesSinceSnapshot = Math.max(0, document.updatesSinceSnapshot - counted);
      // The snapshot is the true size; updates that arrived while it was built come on top.
      document.approximateSize = state.length + (document.approximateSize - sizeBefore);
    })().finally(() => this.compacting.delete(document.name));
    this.compacting.set(document.name, work);
    return work;
  }

  private async unload(document: CollabDocument, { evenIfHeld = false } = {}): Promise<void> {
    document.unloadTimer = null;
    const unloadable = () => (evenIfHeld || document.idle) && this.loaded.get(document.name) === document;
    if (!unloadable()) return;
    // The end of an editing session is a natural checkpoint.
    await this.checkpointIfChanged(document).catch((error: Error) => this.logger.warn(`checkpoint of ${document.name} failed: ${error.message}`));
    if (document.updatesSinceSnapshot > 0) {
      await this.compact(document).catch((error: Error) => this.logger.warn(`compacting ${document.name} failed: ${error.message}`));
    }
    // Someone may have opened it, or a write begun, while those were written.
    if (!unloadable()) return;
    this.documents.delete(document.name);
    this.loaded.delete(document.name);
    document.destroy();
  }
}
