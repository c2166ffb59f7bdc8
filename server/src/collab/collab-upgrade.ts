import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { WebSocketServer } from 'ws';
import { AuthService } from '../auth/auth.service';
import { SessionCookie } from '../auth/session-cookie';
import { AuthErrors } from '../auth/auth.errors';
import { CONFIG, type Config } from '../platform/config';
import { toErrorBody } from '../platform/error-response';
import { allowedOrigins, isTrustedOrigin } from '../platform/origin-check';
import { PlatformErrors } from '../platform/platform.errors';
import { CollabAccess } from './collab-access';
import { COLLAB_CONNECTION_LIMITS, CollabConnection, CollabConnections } from './collab-connection';
import { CollabDirectory } from './collab-directory';
import { CollabDispatch } from './collab-dispatch';
import { CollabHub } from './collab-hub';
import { CollabErrors } from './collab.errors';

const DOCUMENT_NAME = /^[A-Za-z0-9:_-]{1,200}$/;

/**
 * The door of /collab/<documentName>: an HTTP upgrade signed in from the session cookie and
 * authorised by the network access policy before any WebSocket exists. Refusals are plain HTTP
 * answers in the one error shape; a private network's documents are as invisible as the network.
 */
@Injectable()
export class CollabUpgrade {
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
    this.accept(request, socket, head, url).catch((error: unknown) => refuse(socket, error));
  };

  close(): void {
    this.wss.close();
  }

  private async accept(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    if (!isTrustedOrigin(request.headers, allowedOrigins(this.config))) throw PlatformErrors.foreignOrigin();
    let documentName: string;
    try {
      documentName = decodeURIComponent(url.pathname.slice('/collab/'.length));
    } catch {
      throw CollabErrors.documentNotFound();
    }
    if (!DOCUMENT_NAME.test(documentName)) throw CollabErrors.documentNotFound();
    const token = this.cookie.fromHeader(request.headers.cookie);
    const session = token ? await this.auth.authenticate(token) : null;
    if (!session) throw AuthErrors.notSignedIn();

    const networkId = await this.directory.networkOf(documentName);
    if (!networkId || (await this.access.decide(session.user.id, networkId)) === null) throw CollabErrors.documentNotFound();
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
      throw CollabErrors.documentNotFound();
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

/** Answers an upgrade with a plain HTTP error in the one error shape, before any WebSocket exists. */
function refuse(socket: Duplex, exception: unknown): void {
  const { body } = toErrorBody(exception);
  if (socket.destroyed) return;
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.statusCode} ${body.error}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  );
}
