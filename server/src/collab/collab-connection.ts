import { Injectable } from '@nestjs/common';
import { WebSocket } from 'ws';
import type { Peer } from './collab-document';

export const COLLAB_CONNECTION_LIMITS = {
  maxMessageBytes: 2 * 1024 * 1024,
  /** Messages per second per connection, averaged over a short burst allowance. */
  messagesPerSecond: 200,
  burst: 400,
  pingEveryMs: 30_000,
};

export type CloseReason = { readonly code: number; readonly reason: string };

/** One WebSocket peer of one document, with who is behind it and what they may do. */
export class CollabConnection implements Peer {
  private tokens = COLLAB_CONNECTION_LIMITS.burst;
  private lastRefill = Date.now();
  /** Answered the last ping; a connection that misses one is cut. */
  alive = true;

  constructor(
    readonly socket: WebSocket,
    readonly user: { readonly id: string; readonly name: string },
    readonly sessionId: string,
    readonly networkId: string,
    public canWrite: boolean,
    readonly wantsSaved: boolean,
  ) {}

  get userId(): string {
    return this.user.id;
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  close(reason: CloseReason): void {
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

/** Every open /collab connection of this process, and the ping that cuts the silent ones. */
@Injectable()
export class CollabConnections {
  private readonly open = new Set<CollabConnection>();
  private pingTimer: NodeJS.Timeout | null = null;

  add(connection: CollabConnection): void {
    this.open.add(connection);
    connection.socket.on('pong', () => (connection.alive = true));
    connection.socket.once('close', () => this.open.delete(connection));
  }

  /** A copy, so that closing connections while going through them is safe. */
  all(): CollabConnection[] {
    return [...this.open];
  }

  startPinging(): void {
    this.pingTimer = setInterval(() => this.pingAll(), COLLAB_CONNECTION_LIMITS.pingEveryMs);
    this.pingTimer.unref();
  }

  closeAll(reason: CloseReason): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const connection of this.all()) connection.close(reason);
  }

  private pingAll(): void {
    for (const connection of this.all()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}
