import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** The socket.io rooms of a session: everyone in it, its hosts, and each breakout group. */
export const liveRoom = (sessionId: string) => `live:${sessionId}`;
export const liveHosts = (sessionId: string) => `live:${sessionId}:hosts`;
export const liveGroup = (sessionId: string, groupId: string) => `live:${sessionId}:group:${groupId}`;
/** Every socket in some session room of a network: whom to re-check when the network's access changes. */
export const liveNetwork = (networkId: string) => `live-network:${networkId}`;
export const LIVE_ROOM_PATTERN = /^live:([0-9a-f-]{36})$/;

/** One message to the sockets in `to` (any of them), leaving out those in `except`. */
export interface Delivery {
  to: string[];
  except?: string[];
  event: string;
  payload: unknown;
}

export interface BreakoutsEnded {
  sessionId: string;
  groupIds: string[];
}

/**
 * The one way the live room's rules reach sockets: the service says what to send to which rooms
 * after its writes committed, and the gateway (which holds the socket.io server) sends it. The
 * rooms only fan out; what they say is already in PostgreSQL.
 */
@Injectable()
export class LiveRoomFanOut {
  private readonly emitter = new EventEmitter();

  send(delivery: Delivery): void {
    this.emitter.emit('deliver', delivery);
  }

  /**
   * Breakout groups stopped (the coach brought everyone back, their time ran out, or the session
   * ended): the gateway takes every socket out of the groups' rooms and tells the room, the same
   * way whatever ended them.
   */
  breakoutsEnded(ended: BreakoutsEnded): void {
    this.emitter.emit('breakouts-ended', ended);
  }

  onBreakoutsEnded(listener: (ended: BreakoutsEnded) => void): () => void {
    this.emitter.on('breakouts-ended', listener);
    return () => this.emitter.off('breakouts-ended', listener);
  }

  onSend(listener: (delivery: Delivery) => void): () => void {
    this.emitter.on('deliver', listener);
    return () => this.emitter.off('deliver', listener);
  }
}
