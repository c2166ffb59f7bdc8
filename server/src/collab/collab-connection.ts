import { Injectable } from '@nestjs/common';
import { WebSocket } from 'ws';
import type { Peer } from './collab-document';

export const COLLAB_CONNECTION_LIMITS = {
  maxMessageBytes: 2 * 1024 * 1024,
  /** Messages per second per connection, averaged over a short burst allowance. */
  messagesPerSecond: 200,
  burst: 400,
  pingEveryMs: 30_000,
  /** An upgrade that has not become a connection by then is cut. */
  handshakeTimeoutMs: 10_000,
  /** Presence messages per second (cursor moves), beyond a short burst; more are dropped, not relayed. */
  presencePerSecond: 30,
  presenceBurst: 60,
  /** Open connections of one account in this process (tabs, devices): more is a script. */
  perUser: 100,
};

export type CloseReason = { readonly code: number; readonly reason: string };

/** One WebSocket peer of one document, with who is behind it and what they may do. */
export class CollabConnection implements Peer {
  private readonly messages = new TokenBucket(COLLAB_CONNECTION_LIMITS.messagesPerSecond, COLLAB_CONNECTION_LIMITS.burst);
  /** Made on the first presence message: many connections (readers, scripts) never send one. */
  private presence: TokenBucket | null = null;
  /** Answered the last ping; a connection that misses one is cut. */
  alive = true;

  constructor(
    readonly socket: WebSocket,
    readonly user: { readonly id: string; readonly name: string },
    readonly sessionId: string,
    readonly networkId: string,
    readonly documentName: string,
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

  /** False once the connection sends faster than its limit for longer than the burst. */
  takeToken(): boolean {
    return this.messages.take();
  }

  /** False while presence comes faster than a person moves. */
  takePresenceToken(): boolean {
    this.presence ??= new TokenBucket(COLLAB_CONNECTION_LIMITS.presencePerSecond, COLLAB_CONNECTION_LIMITS.presenceBurst);
    return this.presence.take();
  }
}

/** A token bucket: `perSecond` on average, `burst` at once. */
class TokenBucket {
  private tokens: number;
  private lastRefill = Date.now();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.perSecond);
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
  private readonly perUser = new Map<string, number>();
  private pingTimer: NodeJS.Timeout | null = null;

  add(connection: CollabConnection): void {
    this.open.add(connection);
    this.perUser.set(connection.userId, (this.perUser.get(connection.userId) ?? 0) + 1);
    connection.socket.on('pong', () => (connection.alive = true));
    connection.socket.once('close', () => this.remove(connection));
  }

  private remove(connection: CollabConnection): void {
    this.open.delete(connection);
    const left = (this.perUser.get(connection.userId) ?? 1) - 1;
    if (left > 0) this.perUser.set(connection.userId, left);
    else this.perUser.delete(connection.userId);
  }

  /** Whether `userId` may open one more connection here. */
  hasRoomFor(userId: string): boolean {
    return (this.perUser.get(userId) ?? 0) < COLLAB_CONNECTION_LIMITS.perUser;
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
