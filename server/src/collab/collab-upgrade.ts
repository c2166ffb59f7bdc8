import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { WebSocketServer } from 'ws';
import { AuthService } from '../auth/auth.service';
import { SessionCookie } from '../auth/session-cookie';
import { CONFIG, type Config } from '../platform/config';
import { allowedOrigins, isTrustedOrigin } from '../platform/origin-check';
import { CollabAccess } from './collab-access';
import { COLLAB_CONNECTION_LIMITS, CollabConnection, CollabConnections } from './collab-connection';
import { CollabDirectory } from './collab-directory';
import { CollabDispatch } from './collab-dispatch';
import { CollabHub } from './collab-hub';

const DOCUMENT_NAME = /^[A-Za-z0-9:_-]{1,200}$/;

class UpgradeRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const hidden = () => new UpgradeRefusal(404, 'There is no such document, or you cannot see it.');

/**
 * The door of /collab/<documentName>: an HTTP upgrade signed in from the session cookie and
 * authorised by the network access policy before any WebSocket exists. Refusals are plain HTTP
 * answers in the one error shape; a private network's documents are as invisible as the network.
 */
@Injectable()
export class CollabUpgrade {
  private readonly logger = new Logger(CollabUpgrade.name);
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: COLLAB_CONNECTION_LIMITS.maxMessageBytes });

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly directory: CollabDirectory,
    private readonly hub: CollabHub,
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
    private readonly access: CollabAccess,
    private readonly connections: CollabConnections,
    private readonly dispatch: CollabDispatch,
  ) {}

  /** The HTTP server's 'upgrade' listener; paths other than /collab/ are left to their owners (socket.io). */
  readonly handle = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://collab.invalid');
    if (!url.pathname.startsWith('/collab/')) return;
    this.accept(request, socket, head, url).catch((error: unknown) => {
      if (error instanceof UpgradeRefusal) return refuse(socket, error.status, error.message);
      this.logger.error(`collab upgrade failed: ${error instanceof Error ? error.stack : String(error)}`);
      refuse(socket, 500, 'Something went wrong on our side.');
    });
  };

  close(): void {
    this.wss.close();
  }

  private async accept(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    if (!isTrustedOrigin(request.headers, allowedOrigins(this.config))) throw new UpgradeRefusal(403, 'This request came from another site and was refused.');
    let documentName: string;
    try {
      documentName = decodeURIComponent(url.pathname.slice('/collab/'.length));
    } catch {
      throw hidden();
    }
    if (!DOCUMENT_NAME.test(documentName)) throw hidden();
    const token = this.cookie.fromHeader(request.headers.cookie);
    const session = token ? await this.auth.authenticate(token) : null;
    if (!session) throw new UpgradeRefusal(401, 'Please sign in to continue.');

    const networkId = await this.directory.networkOf(documentName);
    if (!networkId || (await this.access.decide(session.user.id, networkId)) === null) throw hidden();
    const lease = await this.hub.open(documentName);
    let canWrite: boolean | null;
    try {
      // Decided again now that the document is open: access may have changed while it loaded.
      canWrite = await this.access.decide(session.user.id, networkId);
    } catch (error) {
      lease.release();
      throw error;
    }
    if (canWrite === null || socket.destroyed) {
      lease.release();
      throw hidden();
    }
    const writable = canWrite;
    let attached = false;
    // A handshake ws refuses (a bad key, say) never reaches the callback: give the lease back.
    socket.once('close', () => {
      if (!attached) lease.release();
    });
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      attached = true;
      const user = { id: session.user.id, name: session.user.displayName };
      const connection = new CollabConnection(ws, user, session.session.id, networkId, writable, url.searchParams.get('ack') === '1');
      this.connections.add(connection);
      this.dispatch.attach(connection, lease);
    });
  }
}

/** Answers an upgrade with a plain HTTP error, before any WebSocket exists. */
function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
