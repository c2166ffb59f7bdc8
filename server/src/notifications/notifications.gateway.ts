import { WebSocketServer } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { userRoom } from '../auth/auth.gateway';
import { SocketGateway } from '../common/socket-gateway';
import type { NotificationDto } from './notifications.dto';

/** The live side of notifications: the server tells a user's own sockets (signed in by AuthGateway); clients send nothing here. */
@SocketGateway()
export class NotificationsGateway {
  @WebSocketServer() private server: Server;

  newNotification(userId: string, notification: NotificationDto, unreadCount: number): void {
    this.server.to(userRoom(userId)).emit('notification:new', { notification, unreadCount });
  }

  /** After notifications were marked read (here or in another tab), so that every open tab shows the same count. */
  unreadCountChanged(userId: string, unreadCount: number): void {
    this.server.to(userRoom(userId)).emit('notification:count', { unreadCount });
  }
}
