import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwareness, encodeSyncStep2, encodeUpdate } from './collab-protocol';

/** What the hub needs of a connection; CollabConnection implements it over a WebSocket. */
export interface Peer {
  readonly userId: string;
  send(message: Uint8Array): void;
}

/**
 * One loaded document: the Y.Doc holding every committed update, the awareness (presence and
 * cursors) of its peers, and the peers themselves. An update reaches the Y.Doc only after it is
 * committed, and the Y.Doc relays whatever it applies, so nothing uncommitted is ever relayed.
 */
export class CollabDocument {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Map<Peer, Set<number>>();
  /** The id of the newest committed update applied here (bigint ids as strings). */
  lastUpdateId = '0';
  /** Updates applied since the last snapshot; compaction resets it. */
  updatesSinceSnapshot = 0;
  /** Roughly the size of the document's encoded state, kept current as updates arrive. */
  approximateSize = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  /** Leases not yet attached and commits under way; the document stays loaded while any is. */
  holds = 0;
  /** The whole state, as a sync step 2 message, encoded once and shared by every newcomer until the next update. */
  private cachedWelcome: Uint8Array | null = null;
  /** When and up to which update the last version was kept, to pace automatic checkpoints. */
  lastCheckpointAt = 0;
  lastCheckpointUpTo = '0';

  constructor(readonly name: string) {
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.cachedWelcome = null;
      const message = encodeUpdate(update);
      for (const peer of this.peers.keys()) if (peer !== origin) peer.send(message);
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const controlled = origin instanceof Object ? this.peers.get(origin as Peer) : undefined;
      if (controlled) {
        for (const id of added) controlled.add(id);
        for (const id of removed) controlled.delete(id);
      }
      const message = encodeAwareness(this.awareness, changed);
      for (const peer of this.peers.keys()) peer.send(message);
    });
  }

  /**
   * The reply to a newcomer's "I have nothing": the whole document as one sync step 2 message.
   * When many people open a large document at once (a learning session starting), each needs
   * exactly this; encoding it once instead of once per newcomer keeps their joins fast, and the
   * same bytes go to every socket without a copy.
   */
  welcomeMessage(): Uint8Array {
    this.cachedWelcome ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc));
    return this.cachedWelcome;
  }

  /** Applies a committed update; `origin` (the peer it came from) is not sent its own update back. */
  applyCommitted(update: Uint8Array, updateId: string, origin: Peer | null): void {
    Y.applyUpdate(this.doc, update, origin);
    this.countCommitted(update, updateId);
  }

  /** Accounts for a committed update that the document already holds. */
  countCommitted(update: Uint8Array, updateId: string): void {
    if (BigInt(updateId) > BigInt(this.lastUpdateId)) this.lastUpdateId = updateId;
    this.updatesSinceSnapshot += 1;
    this.approximateSize += update.length;
  }

  /** The client ids whose presence a peer speaks for. */
  clientIdsOf(peer: Peer): ReadonlySet<number> {
    return this.peers.get(peer) ?? new Set();
  }

  /** The peer whose presence a client id is, or null when no peer has claimed it. */
  controllerOf(clientId: number): Peer | null {
    for (const [peer, controlled] of this.peers) if (controlled.has(clientId)) return peer;
    return null;
  }

  /** Nobody is connected and nothing holds it: it may leave memory. */
  get idle(): boolean {
    return this.peers.size === 0 && this.holds === 0;
  }

  addPeer(peer: Peer): void {
    this.peers.set(peer, new Set());
  }

  /** Removes a peer and the presence it controlled (so its cursor disappears for the others). */
  removePeer(peer: Peer): void {
    const controlled = this.peers.get(peer);
    this.peers.delete(peer);
    if (controlled && controlled.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
