import * as Y from 'yjs';
import { ChangePackageWriter, EMPTY_SNAPSHOT, readSnapshot, type ChangePackageSnapshot, type RestoreNotice } from '$shared/change-package.document';
import { DocumentConnection } from './document-connection.svelte';

export {
  awarenessUser,
  colorFor,
  DocumentConnection,
  SAVE_LABELS,
  type ConnectionStatus,
  type Person,
  type SaveState,
} from './document-connection.svelte';

/** Every edit made on this page carries this origin, so that the undo manager tracks only local edits. */
export const LOCAL_ORIGIN = Symbol('knotwork-local-edit');

/**
 * One live connection to a change package's document (see DocumentConnection), with what the
 * editor needs on top: the writer, undo and redo of one's own edits, a plain snapshot of the
 * content, and the notice of a version restored while the page was open.
 */
export class CollabConnection extends DocumentConnection {
  readonly writer: ChangePackageWriter;
  readonly undoManager: Y.UndoManager;

  snapshot = $state.raw<ChangePackageSnapshot>(EMPTY_SNAPSHOT);
  canUndo = $state(false);
  canRedo = $state(false);
  /**
   * A version restored while this page was open and in sync (not one found on arriving): the
   * content changed under the person, who must be told who did it and where the earlier content is.
   */
  restoreNotice = $state.raw<RestoreNotice | null>(null);

  /** The restore last seen (its kept version's id), so that only a new one is announced. */
  private seenRestore: string | null = null;

  constructor(documentName: string, user: { id: string; name: string }) {
    super(documentName, user, 'this change package');
    this.writer = new ChangePackageWriter(this.ydoc, LOCAL_ORIGIN);
    this.undoManager = new Y.UndoManager([this.writer.drivers, this.writer.ideas, this.writer.measures], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 400,
    });
    const undoState = () => {
      this.canUndo = this.undoManager.canUndo();
      this.canRedo = this.undoManager.canRedo();
    };
    this.undoManager.on('stack-item-added', undoState);
    this.undoManager.on('stack-item-popped', undoState);
    this.undoManager.on('stack-cleared', undoState);
  }

  /** A restore made while this page was away (or closed) is simply the content it arrives to. */
  protected override arrivedInSync(): void {
    this.seenRestore = readSnapshot(this.ydoc).lastRestore?.keptVersionId ?? null;
  }

  protected override contentChanged(): void {
    this.snapshot = readSnapshot(this.ydoc);
    const restore = this.snapshot.lastRestore;
    if ((restore?.keptVersionId ?? null) !== this.seenRestore) {
      this.seenRestore = restore?.keptVersionId ?? null;
      if (restore && this.synced) this.restoreNotice = restore;
    }
  }

  override destroy(): void {
    this.undoManager.destroy();
    super.destroy();
  }
}
