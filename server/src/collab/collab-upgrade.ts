import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { WebSocketServer } from 'ws';
import { AuthService } from '../auth/auth.service';
import { SessionCookie } from '../auth/session-cookie';
import { AuthErrors } from '../auth/auth.errors';
import { CONFIG, type Config } from '../platform/config';
import { inBackground } from '../platform/background';
import { allowedOrigins, isTrustedOrigin } from '../platform/origin-check';
import { PlatformErrors } from '../platform/platform.errors';
import { answerUpgrade } from '../platform/upgrade-guard';
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

  /**
   * The HTTP server's 'upgrade' listener for /collab/ (platform/upgrade-guard.ts has already given
   * the socket an error listener and answered paths nobody serves). A handshake that has not
   * become a connection within a few seconds is cut, so that a stalled client holds nothing.
   */
  readonly handle = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://collab.invalid');
    if (!url.pathname.startsWith('/collab/')) return;
    // Cleared as soon as the upgrade is decided, so that nothing of it stays with a live connection.
    const deadline = setTimeout(() => socket.destroy(), COLLAB_CONNECTION_LIMITS.handshakeTimeoutMs);
    deadline.unref();
    this.accept(request, socket, head, url)
      .catch((error: unknown) => answerUpgrade(socket, error))
      .finally(() => clearTimeout(deadline));
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
    if (!this.connections.hasRoomFor(session.user.id)) throw CollabErrors.tooManyConnections();

    const networkId = await this.directory.networkOf(documentName);
    if (!networkId || (await this.access.decide(session.user.id, networkId, documentName)) === null) throw CollabErrors.documentNotFound();
    const lease = await this.hub.open(documentName);
    let canWrite: boolean | null;
    try {
      // Decided again now that the document is open: access may have changed while it loaded.
      canWrite = await this.access.decide(session.user.id, networkId, documentName);
    } catch (error) {
      lease.release();
      throw error;
    }
    if (canWrite === null || socket.destroyed) {
      lease.release();
      throw CollabErrors.documentNotFound();
    }
    const writable = canWrite;
    // A handshake ws refuses (a bad key, say) never reaches the callback: give the lease back. The
    // listener goes once the connection exists, so that a live connection keeps none of this.
    const releaseUnlessAttached = () => lease.release();
    socket.once('close', releaseUnlessAttached);
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      socket.off('close', releaseUnlessAttached);
      const user = { id: session.user.id, name: session.user.displayName };
      const connection = new CollabConnection(ws, user, session.session.id, networkId, documentName, writable, url.searchParams.get('ack') === '1');
      this.connections.add(connection);
      this.dispatch.attach(connection, lease);
      // Decided once more now that the connection is registered: a removal committed while it was
      // being set up is either seen by this decision, or its re-check (CollabAccess) finds it.
      inBackground(this.logger, `confirming access to ${documentName}`, this.access.confirm(connection));
    });
  }
}
