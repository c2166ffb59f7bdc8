import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AuthService } from '../auth/auth.service';
import { SessionCookie } from '../auth/session-cookie';
import { SessionEvents, type SessionsEnded } from '../auth/session-events';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { NetworkEvents, type MembersChanged } from '../networks/network-events';
import { CONFIG, type Config } from '../platform/config';
import { allowedOrigins, isTrustedOrigin } from '../platform/origin-check';
import type { CollabDocument, Peer } from './collab-document';
import { CollabDirectory } from './collab-directory';
import { CollabHub, DocumentTooLargeError, MalformedUpdateError } from './collab-hub';
import {
  CLOSE,
  encodeAwareness,
  encodeSaved,
  encodeSyncStep1,
  awarenessClientIds,
  encodeSyncStep2,
  isEmptyStateVector,
  parseClientMessage,
  type ClientMessage,
} from './collab-protocol';

export const COLLAB_CONNECTION_LIMITS = {
  maxMessageBytes: 2 * 1024 * 1024,
  /** Messages per second per connection, averaged over a short burst allowance. */
  messagesPerSecond: 200,
  burst: 400,
  pingEveryMs: 30_000,
};

const DOCUMENT_NAME = /^[A-Za-z0-9:_-]{1,200}$/;

/** One WebSocket peer of one document. */
class CollabConnection implements Peer {
  private tokens = COLLAB_CONNECTION_LIMITS.burst;
  private lastRefill = Date.now();
  alive = true;

  constructor(
    readonly socket: WebSocket,
    readonly userId: string,
    readonly sessionId: string,
    readonly networkId: string,
    public canWrite: boolean,
    readonly wantsSaved: boolean,
  ) {}

  send(message: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  close(reason: { code: number; reason: string }): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(reason.code, reason.reason);
    }
  }

  /** A token bucket: false once the connection sends faster than the limit for longer than the burst. */
  takeToken(): boolean {
    const now = Date.now();
    this.tokens = Math.min(COLLAB_CONNECTION_LIMITS.burst, this.tokens + ((now - this.lastRefill) / 1000) * COLLAB_CONNECTION_LIMITS.messagesPerSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

class UpgradeRefusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * The /collab/<documentName> endpoint: the y-websocket protocol on the HTTP server's upgrade path,
 * beside socket.io. Signed in from the session cookie and authorised by the network access policy
 * before the upgrade; members, coaches and admins edit, signed-in non-members of a public network
 * only read. Every update is committed before it is relayed.
 */
@Injectable()
export class CollabGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CollabGateway.name);
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: COLLAB_CONNECTION_LIMITS.maxMessageBytes });
  private readonly connections = new Set<CollabConnection>();
  private readonly unsubscribe: (() => void)[] = [];
  private pingTimer: NodeJS.Timeout | null = null;
  private httpServer: Server | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly directory: CollabDirectory,
    private readonly adapterHost: HttpAdapterHost,
    private readonly hub: CollabHub,
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
    private readonly policy: NetworkAccessPolicy,
    private readonly networkEvents: NetworkEvents,
    private readonly sessionEvents: SessionEvents,
  ) {}

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.onUpgrade);
    this.unsubscribe.push(
      this.networkEvents.onMembersChanged((event) => void this.recheckAccess(event)),
      this.sessionEvents.onEnded((event) => this.closeEndedSessions(event)),
    );
    this.pingTimer = setInterval(() => this.pingAll(), COLLAB_CONNECTION_LIMITS.pingEveryMs);
    this.pingTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    for (const stop of this.unsubscribe) stop();
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const connection of this.connections) connection.close(CLOSE.shuttingDown);
    this.wss.close();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://collab.invalid');
    if (!url.pathname.startsWith('/collab/')) return; // socket.io and others handle their own paths
    void this.accept(request, socket, head, url).catch((error: unknown) => {
      if (error instanceof UpgradeRefusal) return refuse(socket, error.status, error.message);
      this.logger.error(`collab upgrade failed: ${error instanceof Error ? error.stack : String(error)}`);
      refuse(socket, 500, 'Something went wrong on our side.');
    });
  };

  private async accept(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    if (!isTrustedOrigin(request.headers, allowedOrigins(this.config))) throw new UpgradeRefusal(403, 'This request came from another site and was refused.');
    let documentName: string;
    try {
      documentName = decodeURIComponent(url.pathname.slice('/collab/'.length));
    } catch {
      throw new UpgradeRefusal(404, 'There is no such document.');
    }
    if (!DOCUMENT_NAME.test(documentName)) throw new UpgradeRefusal(404, 'There is no such document.');
    const token = this.cookie.fromHeader(request.headers.cookie);
    const session = token ? await this.auth.authenticate(token) : null;
    if (!session) throw new UpgradeRefusal(401, 'Please sign in to continue.');

    const networkId = await this.directory.networkOf(documentName);
    if (!networkId || (await this.decide(session.user.id, networkId)) === null) {
      // A private network's documents are as invisible as the network itself.
      throw new UpgradeRefusal(404, 'There is no such document, or you cannot see it.');
    }
    const document = await this.hub.open(documentName);
    // Decided again now that the document is open: access may have changed while it loaded.
    const canWrite = await this.decide(session.user.id, networkId);
    if (canWrite === null || socket.destroyed) {
      this.hub.release(document, null);
      throw new UpgradeRefusal(404, 'There is no such document, or you cannot see it.');
    }

    let attached = false;
    // A handshake ws refuses (a bad key, say) never reaches the callback: let the document go.
    socket.once('close', () => {
      if (!attached) this.hub.release(document, null);
    });
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      attached = true;
      const connection = new CollabConnection(ws, session.user.id, session.session.id, networkId, canWrite, url.searchParams.get('ack') === '1');
      this.attach(connection, document);
    });
  }

  /** Null when the user may not read the network; otherwise whether they may edit. */
  private async decide(userId: string, networkId: string): Promise<boolean | null> {
    const decisions = await this.policy.decideAll(userId, networkId);
    if (decisions?.read !== 'allow') return null;
    return decisions.contribute === 'allow';
  }

  private attach(connection: CollabConnection, document: CollabDocument): void {
    const { socket } = connection;
    this.connections.add(connection);
    document.addPeer(connection);
    socket.on('pong', () => (connection.alive = true));
    socket.on('message', (data: RawData, isBinary: boolean) => this.onMessage(connection, document, data, isBinary));
    socket.on('error', () => connection.close(CLOSE.malformed));
    socket.on('close', () => {
      this.connections.delete(connection);
      this.hub.release(document, connection);
    });

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
      case 'sync-step-1': {
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
      }
      case 'update':
        // A reader's edits are neither applied nor relayed; its view stays what the server has.
        if (!connection.canWrite) return;
        void this.hub
          .commit(document, message.update, connection.userId, connection)
          .then(() => {
            if (connection.wantsSaved) connection.send(encodeSaved(document.doc));
          })
          .catch((error: unknown) => {
            if (error instanceof DocumentTooLargeError) return connection.close(CLOSE.documentTooLarge);
            if (error instanceof MalformedUpdateError) return connection.close(CLOSE.malformed);
            this.logger.error(`commit to ${document.name} failed: ${(error as Error).message}`);
            connection.close(CLOSE.serverError);
          });
        return;
      case 'awareness':
        try {
          // A peer speaks only for its own presence: an update naming a client id that another
          // connection holds is dropped. Stock providers echo every presence change they receive,
          // so those echoes are dropped too, which costs nothing (the server has the state).
          const foreign = awarenessClientIds(message.update).some((clientId) => {
            const holder = document.controllerOf(clientId);
            return holder !== null && holder !== connection;
          });
          if (!foreign) awarenessProtocol.applyAwarenessUpdate(document.awareness, message.update, connection);
        } catch {
          connection.close(CLOSE.malformed);
        }
        return;
      case 'query-awareness':
        connection.send(encodeAwareness(document.awareness, [...document.awareness.getStates().keys()]));
        return;
    }
  }

  /**
   * Someone's role changed, they were removed or joined, or the network's visibility changed:
   * close what may no longer be seen, and set what may be edited.
   */
  private async recheckAccess({ networkId, affectedUserIds, everyone }: MembersChanged): Promise<void> {
    const affected = new Set(affectedUserIds);
    for (const connection of this.connections) {
      if (connection.networkId !== networkId || (!everyone && !affected.has(connection.userId))) continue;
      const canWrite = await this.decide(connection.userId, networkId);
      if (canWrite === null) connection.close(CLOSE.forbidden);
      else connection.canWrite = canWrite;
    }
  }

  private closeEndedSessions(event: SessionsEnded): void {
    for (const connection of this.connections) {
      if (connection.userId !== event.userId) continue;
      const ended = 'allSessions' in event ? connection.sessionId !== event.exceptSessionId : connection.sessionId === event.sessionId;
      if (ended) connection.close(CLOSE.sessionEnded);
    }
  }

  private pingAll(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Answers an upgrade with a plain HTTP error, before any WebSocket exists. */
function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
