import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE_SAVED } from '$shared/collab-protocol';
import { ChangePackageDoc, EMPTY_SNAPSHOT, LOCAL_ORIGIN, readSnapshot, type Snapshot } from './change-package-doc';


/** Why the server refused or ended the connection, in plain words (close codes 44xx). */
const CLOSE_MESSAGES: Record<number, string> = {
  4400: 'The connection was closed because a change could not be read. Reload the page to continue.',
  4401: 'Your session has ended. Sign in again to keep editing.',
  4403: 'You no longer have access to this change package.',
  4413: 'This change package has become too large to save more changes.',
  4429: 'Too many changes were sent at once. Reload the page to continue.',
};

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface Person {
  clientId: number;
  name: string;
  color: string;
  isMe: boolean;
}

// Colours dark enough for white initials (at least 4.5:1).
const COLORS = ['#0f6b66', '#1d4ed8', '#7c2d92', '#b3261e', '#8a4b00', '#1e6b34', '#4a3584', '#9a3412'];

export function colorFor(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}

/**
 * One live connection to a change package's document: the Yjs document, its WebSocket provider,
 * the copy kept in the browser (IndexedDB), and what the page shows about them: the connection
 * and "saved" state, who else is here, and a plain snapshot of the content. Call `destroy` when
 * the page goes away.
 */
export class CollabConnection {
  readonly ydoc = new Y.Doc();
  readonly doc = new ChangePackageDoc(this.ydoc);
  readonly provider: WebsocketProvider;
  readonly undoManager: Y.UndoManager;
  private readonly persistence: IndexeddbPersistence;

  status = $state<ConnectionStatus>('connecting');
  /** Set when the server refused the connection for good (close codes 44xx). */
  closedMessage = $state<string | null>(null);
  /** The first sync with the server (or the local copy) has happened. */
  loaded = $state(false);
  snapshot = $state.raw<Snapshot>(EMPTY_SNAPSHOT);
  people = $state.raw<Person[]>([]);
  canUndo = $state(false);
  canRedo = $state(false);

  /** This client's clock as the server last confirmed it, and as it stands locally. */
  private everConnected = $state(false);
  private savedClock = $state(0);
  private localClock = $state(0);

  readonly saved = $derived(this.localClock === 0 || this.savedClock >= this.localClock);

  constructor(
    readonly documentName: string,
    user: { name: string; id: string },
  ) {
    // The offline copy belongs to the signed-in person: another person using the same browser
    // must never send their unsent edits under their own name.
    this.persistence = new IndexeddbPersistence(`knotwork:${user.id}:${documentName}`, this.ydoc);
    this.persistence.on('synced', () => {
      this.refresh();
      this.loaded = true;
    });

    const protocol = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${protocol}://${location.host}/collab`, documentName, this.ydoc, { params: { ack: '1' } });
    this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      const clock = stateVector.get(this.ydoc.clientID) ?? 0;
      if (clock > this.savedClock) this.savedClock = clock;
    };
    this.provider.on('status', ({ status }) => {
      this.status = status;
      if (status === 'connected') this.everConnected = true;
    });
    this.provider.on('sync', (synced) => {
      if (synced) this.loaded = true;
    });
    this.provider.on('closed', ({ code }) => {
      this.closedMessage = CLOSE_MESSAGES[code] ?? 'The connection was refused. Reload the page to try again.';
      this.status = 'disconnected';
    });

    this.provider.awareness.setLocalStateField('user', { name: user.name, color: colorFor(user.id) });
    this.provider.awareness.on('change', this.readPeople);
    this.readPeople();

    this.undoManager = new Y.UndoManager([this.doc.drivers, this.doc.ideas, this.doc.measures], {
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

    this.ydoc.on('update', this.onUpdate);
    this.refresh();
  }

  private onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== this.provider && origin !== this.persistence) {
      this.localClock = Y.decodeStateVector(Y.encodeStateVector(this.ydoc)).get(this.ydoc.clientID) ?? 0;
    }
    this.refresh();
  };

  private refreshQueued = false;
  /** Rebuilds the snapshot once per burst of updates (a restore or a sync brings many at once). */
  private refresh() {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      this.snapshot = readSnapshot(this.ydoc);
    });
  }

  private readPeople = () => {
    const people: Person[] = [];
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
      if (!user || typeof user.name !== 'string') continue;
      people.push({ clientId, name: user.name, color: typeof user.color === 'string' ? user.color : COLORS[0], isMe: clientId === this.ydoc.clientID });
    }
    this.people = people.sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name));
  };

  /** What to say about saving, for the indicator. */
  get saveLabel(): string {
    if (this.closedMessage) return 'Not connected';
    if (this.status !== 'connected') {
      return this.status === 'connecting' && !this.everConnected ? 'Connecting…' : 'Offline — your changes are kept on this device and will be sent when you reconnect';
    }
    return this.saved ? 'Saved' : 'Saving…';
  }

  destroy(): void {
    this.ydoc.off('update', this.onUpdate);
    this.provider.awareness.off('change', this.readPeople);
    this.undoManager.destroy();
    this.provider.awareness.destroy();
    this.provider.destroy();
    void this.persistence.destroy();
    this.ydoc.destroy();
  }
}
