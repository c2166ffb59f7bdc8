import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import * as Y from 'yjs';
import { AppError } from '../platform/app-error';
import { CONFIG, type Config } from '../platform/config';
import { CollabDirectory } from './collab-directory';
import { CollabDocument, type Peer } from './collab-document';
import { inspectUpdate } from './collab-protocol';
import { CollabRepository } from './collab.repository';
import { GroupCommit } from './group-commit';

export const COLLAB_LIMITS = {
  /** Updates after which a loaded document's state is snapshotted (and on unload, if any). */
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
 * The documents being edited: loads them from PostgreSQL on first use, commits every update
 * (group commit) before applying and relaying it, snapshots in the background, and unloads
 * documents nobody is connected to.
 */
@Injectable()
export class CollabHub implements OnModuleDestroy {
  private readonly logger = new Logger(CollabHub.name);
  private readonly documents = new Map<string, Promise<CollabDocument>>();
  /** The same documents once loaded, for synchronous lookups. */
  private readonly loaded = new Map<string, CollabDocument>();
  private readonly groupCommit: GroupCommit;

  constructor(
    private readonly repository: CollabRepository,
    private readonly directory: CollabDirectory,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.groupCommit = new GroupCommit((batch) => this.repository.insertUpdates(batch));
  }

  /** The loaded document, loading it if needed; the caller then adds itself as a peer. */
  async open(name: string): Promise<CollabDocument> {
    let loading = this.documents.get(name);
    if (!loading) {
      loading = this.load(name);
      this.documents.set(name, loading);
      loading.catch(() => this.documents.delete(name));
    }
    const document = await loading;
    if (document.unloadTimer) {
      clearTimeout(document.unloadTimer);
      document.unloadTimer = null;
    }
    return document;
  }

  /** Called when a peer leaves; the last one to leave starts the idle timer. */
  release(document: CollabDocument, peer: Peer | null): void {
    if (peer) document.removePeer(peer);
    if (document.peers.size > 0 || document.pins > 0 || document.unloadTimer) return;
    document.unloadTimer = setTimeout(() => void this.unload(document), this.config.collabUnloadAfterMs);
    document.unloadTimer.unref();
  }

  /**
   * Commits an update to PostgreSQL, then applies it (which relays it to the other peers).
   * Resolves once both are done; an empty update is neither stored nor relayed.
   */
  async commit(document: CollabDocument, update: Uint8Array, authorId: string | null, origin: Peer | null): Promise<void> {
    const { valid, empty } = inspectUpdate(update);
    if (!valid) throw new MalformedUpdateError();
    if (empty) return;
    if (document.approximateSize + update.length > COLLAB_LIMITS.maxDocumentBytes) throw new DocumentTooLargeError();
    const id = await this.groupCommit.commit({ documentName: document.name, update, authorId });
    document.applyCommitted(update, id, origin);
    if (document.updatesSinceSnapshot >= COLLAB_LIMITS.snapshotEvery) void this.snapshot(document);
    if (Date.now() - document.lastCheckpointAt >= this.config.collabCheckpointEveryMs) void this.checkpointIfChanged(document);
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
    try {
      await this.keepVersion(document.name, 'checkpoint', null, null);
    } catch (error) {
      this.logger.warn(`checkpoint of ${document.name} failed: ${(error as Error).message}`);
    }
  }

  /** A change made by the server (a new package's first content, a restore, a pull): committed and relayed like any other. */
  async writeUpdate(name: string, update: Uint8Array, authorId: string | null): Promise<void> {
    const document = await this.open(name);
    // Pinned while the write is under way, so that an idle unload cannot drop it mid-commit.
    document.pins += 1;
    try {
      await this.commit(document, update, authorId, null);
    } finally {
      document.pins -= 1;
      this.release(document, null);
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
      if (document) await this.unload(document);
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
    if (document.updatesSinceSnapshot >= COLLAB_LIMITS.snapshotEvery) void this.snapshot(document);
    // Checkpoints are paced from the last one kept, or from now for a document that has none yet
    // (its first checkpoint then comes after a stretch of editing, or when editing stops).
    const latestVersion = await this.repository.latestVersion(name);
    document.lastCheckpointAt = latestVersion ? new Date(latestVersion.createdAt).getTime() : Date.now();
    if (latestVersion) document.lastCheckpointUpTo = latestVersion.upTo;
    this.loaded.set(name, document);
    await this.upgrade(document);
    return document;
  }

  /** Lets the owning feature bring an older document up to its current schema, as one committed server update. */
  private async upgrade(document: CollabDocument): Promise<void> {
    const owner = this.directory.ownerOf(document.name);
    if (!owner?.upgrade) return;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(document.doc));
    const changes: Uint8Array[] = [];
    copy.on('update', (update: Uint8Array) => changes.push(update));
    owner.upgrade(copy);
    copy.destroy();
    if (changes.length > 0) await this.commit(document, Y.mergeUpdates(changes), null, null);
  }

  private async snapshot(document: CollabDocument): Promise<void> {
    if (document.updatesSinceSnapshot === 0) return;
    const upTo = document.lastUpdateId;
    const state = Y.encodeStateAsUpdate(document.doc);
    const counted = document.updatesSinceSnapshot;
    const sizeBefore = document.approximateSize;
    try {
      await this.repository.saveSnapshot(document.name, state, upTo);
      document.updatesSinceSnapshot = Math.max(0, document.updatesSinceSnapshot - counted);
      // The snapshot is the true size; updates that arrived while it was written come on top.
      document.approximateSize = state.length + (document.approximateSize - sizeBefore);
    } catch (error) {
      this.logger.warn(`snapshot of ${document.name} failed (will retry later): ${(error as Error).message}`);
    }
  }

  private async unload(document: CollabDocument): Promise<void> {
    document.unloadTimer = null;
    const idle = () => document.peers.size === 0 && document.pins === 0 && this.loaded.get(document.name) === document;
    if (!idle()) return;
    // The end of an editing session is a natural checkpoint.
    await this.checkpointIfChanged(document);
    await this.snapshot(document);
    // Someone may have joined, or a write begun, while those were written.
    if (!idle()) return;
    this.documents.delete(document.name);
    this.loaded.delete(document.name);
    document.destroy();
  }
}
