import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { SocketGateway } from '../common/socket-gateway';
import { inBackground } from '../platform/background';
import { toErrorBody } from '../platform/error-response';
import { AuthErrors } from './auth.errors';
import { AuthService } from './auth.service';
import { SessionCookie } from './session-cookie';
import { SessionEvents, type SessionsEnded } from './session-events';

/** What every signed-in socket carries; feature gateways read the caller from here. */
export interface SocketCaller {
  userId: string;
  sessionId: string;
}

/** A refused handshake: socket.io hands `data` to the client's connect_error, here the one error body. */
function handshakeRefusal(message: string, cause: unknown): Error {
  return Object.assign(new Error(message), { data: toErrorBody(cause).body });
}

/** The room of every socket of one user, for per-user messages and re-checks. */
export const userRoom = (userId: string) => `user:${userId}`;

/**
 * The socket.io door's sign-in: every handshake must carry a live session cookie (Origin is
 * checked before this, in KnotworkIoAdapter), and a socket lives no longer than its session.
 */
@SocketGateway()
export class AuthGateway implements OnGatewayInit, OnModuleDestroy {
  private readonly logger = new Logger(AuthGateway.name);
  private stopListening: (() => void) | null = null;
  @WebSocketServer() private server: Server;

  constructor(
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
    private readonly sessionEvents: SessionEvents,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      const token = this.cookie.fromHeader(socket.handshake.headers.cookie);
      if (!token) return next(handshakeRefusal('not signed in', AuthErrors.notSignedIn()));
      this.auth
        .authenticate(token)
        .then((found) => {
          if (!found) return next(handshakeRefusal('not signed in', AuthErrors.notSignedIn()));
          Object.assign(socket.data as SocketCaller, { userId: found.user.id, sessionId: found.session.id });
          // In the user's own room before any handler runs; a failure to join refuses the handshake.
          return Promise.resolve(socket.join(userRoom(found.user.id))).then(() => next());
        })
        .catch((error: unknown) => next(handshakeRefusal('sign-in failed', error)));
    });
    this.stopListening = this.sessionEvents.onEnded((event) =>
      inBackground(this.logger, `disconnecting ended sessions of ${event.userId}`, this.disconnectEnded(event)),
    );
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  private async disconnectEnded(event: SessionsEnded): Promise<void> {
    for (const socket of await this.server.in(userRoom(event.userId)).fetchSockets()) {
      const { sessionId } = socket.data as SocketCaller;
      const ended = 'allSessions' in event ? sessionId !== event.exceptSessionId : sessionId === event.sessionId;
      if (ended) socket.disconnect(true);
    }
  }
}
