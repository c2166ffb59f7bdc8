import { Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { SessionCookie } from '../auth/session-cookie';
import { validatePayload } from '../common/validation';
import { toErrorBody, type ErrorBody } from '../platform/error-response';
import { NetworkAccessPolicy } from './network-access.policy';
import { NetworkEvents, type MembersChanged } from './network-events';

export class FollowNetworkMessage {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'networkId must be a UUID' })
  networkId: string;
}

type Ack = { ok: true } | { ok: false; error: ErrorBody };

interface SocketData {
  userId: string;
}

const room = (networkId: string) => `network:${networkId}`;

/**
 * Live updates about networks over socket.io. A socket is signed in from the session cookie at
 * the handshake; following a network asks the same access policy as REST, and a member who
 * loses access is dropped from the network's room at once.
 */
@WebSocketGateway()
export class NetworksGateway implements OnGatewayInit, OnModuleDestroy {
  private readonly logger = new Logger(NetworksGateway.name);
  private readonly unsubscribe: (() => void)[] = [];
  @WebSocketServer() private server: Server;

  constructor(
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
    private readonly policy: NetworkAccessPolicy,
    private readonly events: NetworkEvents,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      const token = this.cookie.fromHeader(socket.handshake.headers.cookie);
      if (!token) return next(new Error('not signed in'));
      this.auth
        .authenticate(token)
        .then((found) => {
          if (!found) return next(new Error('not signed in'));
          (socket.data as SocketData).userId = found.user.id;
          void socket.join(`user:${found.user.id}`);
          next();
        })
        .catch((error: Error) => {
          this.logger.warn(`socket authentication failed: ${error.message}`);
          next(new Error('authentication failed'));
        });
    });
    this.unsubscribe.push(
      this.events.onMembersChanged((event) => void this.onMembersChanged(event)),
      this.events.onNetworkChanged((networkId) => this.server.to(room(networkId)).emit('network:changed', { networkId })),
    );
  }

  onModuleDestroy(): void {
    for (const stop of this.unsubscribe) stop();
  }

  @SubscribeMessage('network:follow')
  async follow(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    try {
      const { networkId } = await validatePayload(FollowNetworkMessage, payload);
      await this.policy.require((socket.data as SocketData).userId, networkId.toLowerCase(), 'read');
      await socket.join(room(networkId.toLowerCase()));
      return { ok: true };
    } catch (error) {
      return { ok: false, error: toErrorBody(error).body };
    }
  }

  @SubscribeMessage('network:unfollow')
  async unfollow(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    try {
      const { networkId } = await validatePayload(FollowNetworkMessage, payload);
      await socket.leave(room(networkId.toLowerCase()));
      return { ok: true };
    } catch (error) {
      return { ok: false, error: toErrorBody(error).body };
    }
  }

  private async onMembersChanged({ networkId, affectedUserIds }: MembersChanged): Promise<void> {
    for (const userId of affectedUserIds) {
      if (await this.policy.allows(userId, networkId, 'read')) continue;
      for (const socket of await this.server.in(`user:${userId}`).fetchSockets()) {
        if (!socket.rooms.has(room(networkId))) continue;
        socket.leave(room(networkId));
        socket.emit('network:access-lost', { networkId });
      }
    }
    this.server.to(room(networkId)).emit('network:members-changed', { networkId });
  }
}
