import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import { IsUUID } from 'class-validator';
import type { Server, Socket } from 'socket.io';
import { userRoom, type SocketCaller } from '../auth/auth.gateway';
import { SocketGateway, type SocketAck } from '../common/socket-gateway';
import { validatePayload } from '../common/validation';
import { inBackground } from '../platform/background';
import { NetworkAccessPolicy } from './network-access.policy';
import { NetworkEvents, type MembersChanged } from './network-events';
import { NetworkErrors } from './networks.errors';

class FollowNetworkMessage {
  @IsUUID('all', { message: 'networkId must be a UUID' })
  networkId: string;
}

const networkRoom = (networkId: string) => `network:${networkId}`;

/**
 * Live updates about networks over socket.io. Following a network asks the same access policy
 * as REST; a member who loses access is dropped from the network's room at once. Failures reach
 * the acknowledgement through SocketGateway's filter.
 */
@SocketGateway()
export class NetworksGateway implements OnGatewayInit, OnModuleDestroy {
  private readonly logger = new Logger(NetworksGateway.name);
  private readonly unsubscribe: (() => void)[] = [];
  @WebSocketServer() private server: Server;

  constructor(
    private readonly policy: NetworkAccessPolicy,
    private readonly events: NetworkEvents,
  ) {}

  afterInit(): void {
    this.unsubscribe.push(
      this.events.onMembersChanged((event) => inBackground(this.logger, `re-checking followers of ${event.networkId}`, this.onMembersChanged(event))),
      this.events.onNetworkChanged((networkId) => this.server.to(networkRoom(networkId)).emit('network:changed', { networkId })),
    );
  }

  onModuleDestroy(): void {
    for (const stop of this.unsubscribe) stop();
  }

  @SubscribeMessage('network:follow')
  async follow(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<SocketAck> {
    const { networkId } = await validatePayload(FollowNetworkMessage, payload);
    const userId = (socket.data as SocketCaller).userId;
    await this.policy.require(userId, networkId.toLowerCase(), 'read');
    await socket.join(networkRoom(networkId.toLowerCase()));
    // Checked again once in the room, so that a removal in between is not missed.
    if (!(await this.policy.allows(userId, networkId.toLowerCase(), 'read'))) {
      await socket.leave(networkRoom(networkId.toLowerCase()));
      throw NetworkErrors.notFound();
    }
    return { ok: true };
  }

  @SubscribeMessage('network:unfollow')
  async unfollow(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<SocketAck> {
    const { networkId } = await validatePayload(FollowNetworkMessage, payload);
    await socket.leave(networkRoom(networkId.toLowerCase()));
    return { ok: true };
  }

  private async onMembersChanged({ networkId, affectedUserIds, everyone }: MembersChanged): Promise<void> {
    const sockets = everyone
      ? await this.server.in(networkRoom(networkId)).fetchSockets()
      : (await Promise.all(affectedUserIds.map((userId) => this.server.in(userRoom(userId)).fetchSockets()))).flat();
    for (const socket of sockets) {
      if (!socket.rooms.has(networkRoom(networkId))) continue;
      if (await this.policy.allows((socket.data as SocketCaller).userId, networkId, 'read')) continue;
      socket.leave(networkRoom(networkId));
      socket.emit('network:access-lost', { networkId });
    }
    this.server.to(networkRoom(networkId)).emit('network:members-changed', { networkId });
  }
}
