import { Injectable, Logger } from '@nestjs/common';
import type { RawData } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CollabConnection } from './collab-connection';
import type { CollabDocument } from './collab-document';
import { CollabHub, DocumentTooLargeError, MalformedUpdateError, type DocumentLease } from './collab-hub';
import {
  CLOSE,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSaved,
  encodeSyncStep1,
  encodeSyncStep2,
  isEmptyStateVector,
  parseClientMessage,
  readAwarenessEntries,
  type ClientMessage,
} from './collab-protocol';

/** What one connection's presence may take: a few small states, at a human pace. */
export const PRESENCE_LIMITS = {
  /** A browser tab speaks for one client id; a few leave room for editors that use more. */
  clientIdsPerConnection: 4,
  /** A presence state (name, colour, cursor, selection) is a few hundred bytes. */
  stateBytes: 8 * 1024,
};

/**
 * What happens on an open /collab connection: the y-websocket sync, updates committed before
 * they are relayed, and presence that speaks only for its own connection, under the name the
 * server knows.
 */
@Injectable()
export class CollabDispatch {
  private readonly logger = new Logger(CollabDispatch.name);

  constructor(private readonly hub: CollabHub) {}

  /** Makes the connection a peer of the leased document and starts the sync. */
  attach(connection: CollabConnection, lease: DocumentLease): void {
    const { socket } = connection;
    const { document } = lease;
    lease.attach(connection);
    socket.on('message', (data: RawData, isBinary: boolean) => this.onMessage(connection, document, data, isBinary));
    socket.on('error', () => connection.close(CLOSE.malformed));
    socket.once('close', () => this.hub.leave(document, connection));

    connection.send(encodeSyncStep1(document.doc));
    const present = [...document.awareness.getStates().keys()];
    if (present.length > 0) connection.send(encodeAwareness(document.awareness, present));
  }

  private onMessage(connection: CollabConnection, document: CollabDocument, data: RawData, isBinary: boolean): void {
    if (!connection.takeToken()) return connection.close(CLOSE.tooManyMessages);
    let message: ClientMessage;
    try {
      if (!isBinary) throw new Error('text frame');
      message = parseClientMessage(toUint8Array(data));
    } catch {
      return connection.close(CLOSE.malformed);
    }
    switch (message.kind) {
      case 'sync-step-1':
        try {
          connection.send(
            isEmptyStateVector(message.stateVector)
              ? document.welcomeMessage()
              : encodeSyncStep2(Y.encodeStateAsUpdate(document.doc, message.stateVector)),
          );
        } catch {
          connection.close(CLOSE.malformed);
        }
        return;
      case 'update':
        // A reader's edits are neither applied nor relayed; its view stays what the server has.
        if (connection.canWrite) this.commit(connection, document, message.update);
        return;
      case 'awareness':
        try {
          this.applyPresence(connection, document, message.update);
        } catch {
          connection.close(CLOSE.malformed);
        }
        return;
      case 'query-awareness':
        connection.send(encodeAwareness(document.awareness, [...document.awareness.getStates().keys()]));
        return;
    }
  }

  private commit(connection: CollabConnection, document: CollabDocument, update: Uint8Array): void {
    this.hub
      .commit(document, update, connection.userId, connection)
      .then(() => {
        if (connection.wantsSaved) connection.send(encodeSaved(document.doc));
      })
      .catch((error: unknown) => {
        if (error instanceof DocumentTooLargeError) return connection.close(CLOSE.documentTooLarge);
        if (error instanceof MalformedUpdateError) return connection.close(CLOSE.malformed);
        this.logger.error(`commit to ${document.name} failed: ${(error as Error).message}`);
        connection.close(CLOSE.serverError);
      });
  }

  /**
   * A peer speaks only for its own presence: an update naming a client id that another connection
   * holds is dropped (stock providers echo every presence change they receive, so those echoes are
   * dropped too, which costs nothing: the server has the state). And whoever a state says it is,
   * its `user` is replaced by the signed-in account's id and name, so that nobody can appear as
   * someone else. Throws on anything malformed.
   */
  private applyPresence(connection: CollabConnection, document: CollabDocument, update: Uint8Array): void {
    const entries = readAwarenessEntries(update);
    // Presence is small and a person has few of it: more is an attempt to fill memory or flood peers.
    if (entries.length > PRESENCE_LIMITS.clientIdsPerConnection) throw new Error('too many presence entries');
    if (entries.some(({ state }) => state.length > PRESENCE_LIMITS.stateBytes)) throw new Error('presence state too large');
    // Over the pace, presence (a cursor moving) is dropped rather than relayed: the next one catches up.
    if (!connection.takePresenceToken()) return;
    const foreign = entries.some(({ clientId }) => {
      const holder = document.controllerOf(clientId);
      return holder !== null && holder !== connection;
    });
    if (foreign) return;
    const held = document.clientIdsOf(connection);
    const claimed = new Set([...held, ...entries.map(({ clientId }) => clientId)]);
    if (claimed.size > PRESENCE_LIMITS.clientIdsPerConnection) return;
    const named = entries.map((entry) => ({ ...entry, state: withServerIdentity(entry.state, connection.user) }));
    awarenessProtocol.applyAwarenessUpdate(document.awareness, encodeAwarenessEntries(named), connection);
  }
}

/** A presence state (JSON) with `user` set to who the server knows is connected; "null" (gone) stays. */
function withServerIdentity(state: string, user: { id: string; name: string }): string {
  const parsed: unknown = JSON.parse(state);
  if (parsed === null) return state;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('a presence state must be an object');
  return JSON.stringify({ ...parsed, user: { id: user.id, name: user.name } });
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
