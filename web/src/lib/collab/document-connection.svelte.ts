import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { writeSyncStep1 } from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE_SAVED, MESSAGE_SYNC } from '$shared/collab-protocol';

/** Why the server refused or ended the connection, in plain words (close codes 44xx); `what` names the document ("this change package"). */
const closeMessages = (what: string): Record<number, string> => ({
  4400: 'The connection was closed because a change could not be read. Reload the page to continue.',
  4401: 'Your session has ended. Sign in again to keep editing.',
  4403: `You no longer have access to ${what}.`,
  4413: `${what.charAt(0).toUpperCase()}${what.slice(1)} has become too large to save more changes.`,
  4429: 'Too many changes were sent at once. Reload the page to continue.',
});

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** What the save indicator says. */
export type SaveState = 'connecting' | 'saving' | 'saved' | 'offline' | 'closed';

export const SAVE_LABELS: Record<SaveState, string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Offline — your changes are kept on this device and will be sent when you reconnect',
  closed: 'Not connected',
};

/**
 * The indicator is an aria-live region: it changes at most once a second, and "Saving…" shows
 * only when saving takes a moment (an edit saved within half a second never flickers it).
 */
const SAVE_LABEL_MIN_INTERVAL_MS = 1_000;
const SAVING_SHOWN_AFTER_MS = 500;

/**
 * A connection can die without closing (a phone walks out of Wi-Fi, a network drops its packets):
 * the provider itself notices only after 30 s without a message. While edits wait to be saved,
 * this one checks every second: a connection silent for a second is asked for the server's state
 * (which it always answers), and one that stays silent for 2.5 s more is given up and opened
 * anew, so that the indicator says "Offline" within a few seconds, not half a minute.
 */
const LIVENESS_CHECK_MS = 1_000;
const PROBE_AFTER_SILENT_MS = 1_000;
const DEAD_AFTER_SILENT_MS = 3_500;

/** One person here now, however many tabs or devices they have open. */
export interface Person {
  id: string;
  name: string;
  color: string;
  isMe: boolean;
}

// Colours dark enough for white text (at least 4.5:1).
const COLORS = ['#0f6b66', '#1d4ed8', '#7c2d92', '#b3261e', '#8a4b00', '#1e6b34', '#4a3584', '#9a3412'];

/** A person's colour, the same on every screen: derived from their account id. */
export function colorFor(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}

/** The `user` of an awareness state: the server sets it from the signed-in account. */
export function awarenessUser(state: unknown): { id: string; name: string } | null {
  const user = (state as { user?: { id?: unknown; name?: unknown } } | null)?.user;
  return user && typeof user.id === 'string' && typeof user.name === 'string' ? { id: user.id, name: user.name } : null;
}

/**
 * One live connection to a /collab document: the Yjs document, its WebSocket provider, the copy
 * kept in the browser (IndexedDB), and what the page shows about them: whether there is content
 * to show yet, the "saved" state, and who else is here. Features build on it (a change package,
 * a session's notes); call `destroy` when the page goes away.
 */
export class DocumentConnection {
  readonly ydoc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private readonly persistence: IndexeddbPersistence;
  private readonly closeMessages: Record<number, string>;

  status = $state<ConnectionStatus>('connecting');
  /** Set when the server refused the connection for good (close codes 44xx). */
  closedMessage = $state<string | null>(null);
  /** There is content to show: the server's, or the copy this device kept from an earlier visit. */
  loaded = $state(false);
  /** The server's content has arrived (since the last connect). */
  synced = $state(false);
  people = $state.raw<Person[]>([]);
  /** What the save indicator shows, paced (see SAVE_LABEL_MIN_INTERVAL_MS). */
  saveState = $state<SaveState>('connecting');

  /** The server's content arrived at least once: from then on, not being in sync is being offline. */
  private everSynced = false;
  /** This client's clock as the server last confirmed it, and as it stands locally. */
  private savedClock = 0;
  private localClock = 0;
  private saveStateShownAt = 0;
  /** The state as it last was (not yet shown, perhaps), and since when. */
  private latestSaveState: SaveState = 'connecting';
  private latestSaveStateSince = 0;
  private saveStateTimer: ReturnType<typeof setTimeout> | undefined;
  private livenessTimer: ReturnType<typeof setTimeout> | undefined;
  private probeSentAt = 0;

  /** `what` names the document in messages ("this change package", "these notes"). */
  constructor(
    readonly documentName: string,
    readonly user: { id: string; name: string },
    what: string,
  ) {
    this.closeMessages = closeMessages(what);
    // The offline copy belongs to the signed-in person: another person using the same browser
    // must never send their unsent edits under their own name.
    this.persistence = new IndexeddbPersistence(`knotwork:${user.id}:${documentName}`, this.ydoc);
    this.persistence.on('synced', () => {
      // An empty local copy (a first visit) is not content: wait for the server's.
      if (this.ydoc.store.clients.size > 0) this.loaded = true;
      this.refresh();
    });

    const protocol = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${protocol}://${location.host}/collab`, documentName, this.ydoc, { params: { ack: '1' } });
    this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      const clock = stateVector.get(this.ydoc.clientID) ?? 0;
      if (clock > this.savedClock) this.savedClock = clock;
      this.updateSaveState();
    };
    this.provider.on('status', ({ status }) => {
      this.status = status;
      if (status !== 'connected') this.synced = false;
      this.updateSaveState();
    });
    this.provider.on('sync', (isSynced) => {
      if (isSynced && !this.synced) this.arrivedInSync();
      this.synced = isSynced;
      if (isSynced) this.loaded = this.everSynced = true;
      this.updateSaveState();
    });
    this.provider.on('closed', ({ code }) => {
      this.closedMessage = this.closeMessages[code] ?? 'The connection was refused. Reload the page to try again.';
      this.status = 'disconnected';
      this.updateSaveState();
    });

    // The server replaces this with the signed-in account's id and name; set here too so that
    // a server that does not (yet) do it still shows who is who.
    this.provider.awareness.setLocalStateField('user', { id: user.id, name: user.name });
    this.provider.awareness.on('change', this.readPeople);
    this.readPeople();

    this.ydoc.on('update', this.onUpdate);
    // The browser says at once when the device goes off the network: the connection is closed
    // then (rather than left to time out), and opened again when the network is back.
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    this.refresh();
  }

  /** Called when the server's content has just arrived (a first sync, or one after a reconnect), before `synced` is set. */
  protected arrivedInSync(): void {}

  /** Called once per burst of updates, after the document changed (from anyone): features rebuild what they show from it here. */
  protected contentChanged(): void {}

  private onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== this.provider && origin !== this.persistence) {
      this.localClock = Y.decodeStateVector(Y.encodeStateVector(this.ydoc)).get(this.ydoc.clientID) ?? 0;
      this.updateSaveState();
      this.livenessTimer ??= setTimeout(this.checkLiveness, LIVENESS_CHECK_MS);
    }
    this.refresh();
  };

  /** Gives up a connection that stopped answering and starts a new one (retried until it works). */
  private reconnect() {
    if (this.closedMessage) return;
    this.provider.disconnect();
    this.provider.connect();
  }

  private onOffline = () => this.provider.disconnect();

  private onOnline = () => {
    if (!this.closedMessage) this.provider.connect();
  };

  /** See LIVENESS_CHECK_MS. Runs while edits wait to be saved. */
  private checkLiveness = () => {
    this.livenessTimer = undefined;
    if (this.savedClock >= this.localClock || this.closedMessage) return;
    const socket = this.provider.ws;
    if (this.provider.wsconnected && socket) {
      const silentFor = Date.now() - this.provider.wsLastMessageReceived;
      if (silentFor >= DEAD_AFTER_SILENT_MS && this.probeSentAt > this.provider.wsLastMessageReceived) {
        this.reconnect();
      } else if (silentFor >= PROBE_AFTER_SILENT_MS && this.probeSentAt <= this.provider.wsLastMessageReceived) {
        const probe = encoding.createEncoder();
        encoding.writeVarUint(probe, MESSAGE_SYNC);
        writeSyncStep1(probe, this.ydoc);
        socket.send(encoding.toUint8Array(probe));
        this.probeSentAt = Date.now();
      }
    }
    this.livenessTimer = setTimeout(this.checkLiveness, LIVENESS_CHECK_MS);
  };

  private refreshQueued = false;
  /** Tells the feature once per burst of updates (a restore or a sync brings many at once). */
  private refresh() {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      this.contentChanged();
    });
  }

  private readPeople = () => {
    const byId = new Map<string, Person>();
    for (const state of this.provider.awareness.getStates().values()) {
      const user = awarenessUser(state);
      if (!user || byId.has(user.id)) continue;
      byId.set(user.id, { ...user, color: colorFor(user.id), isMe: user.id === this.user.id });
    }
    this.people = [...byId.values()].sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name));
  };

  /** The state as it is right now; `saveState` follows it at a calm pace. */
  private currentSaveState(): SaveState {
    if (this.closedMessage) return 'closed';
    // Nothing is "Saved" before the server's content has arrived; once it has, a connection that
    // is not in sync (closed, reopening, or open and silent) sends nothing: the device is offline.
    if (this.status !== 'connected' || !this.synced) return this.everSynced || !navigator.onLine ? 'offline' : 'connecting';
    return this.localClock === 0 || this.savedClock >= this.localClock ? 'saved' : 'saving';
  }

  private updateSaveState = () => {
    clearTimeout(this.saveStateTimer);
    const now = Date.now();
    const next = this.currentSaveState();
    if (next !== this.latestSaveState) {
      this.latestSaveState = next;
      this.latestSaveStateSince = now;
    }
    if (next === this.saveState) return;
    let wait = this.saveStateShownAt + SAVE_LABEL_MIN_INTERVAL_MS - now;
    if (next === 'saving') wait = Math.max(wait, this.latestSaveStateSince + SAVING_SHOWN_AFTER_MS - now);
    if (wait > 0) {
      this.saveStateTimer = setTimeout(this.updateSaveState, wait);
      return;
    }
    this.saveState = next;
    this.saveStateShownAt = now;
  };

  get saveLabel(): string {
    return SAVE_LABELS[this.saveState];
  }

  destroy(): void {
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.livenessTimer);
    clearTimeout(this.saveStateTimer);
    this.ydoc.off('update', this.onUpdate);
    this.provider.awareness.off('change', this.readPeople);
    this.provider.awareness.destroy();
    this.provider.destroy();
    void this.persistence.destroy();
    this.ydoc.destroy();
  }
}
