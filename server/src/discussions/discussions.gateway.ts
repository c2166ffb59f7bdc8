import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { IsBoolean, IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import type { Server, Socket } from 'socket.io';
import { userRoom, type SocketCaller } from '../auth/auth.gateway';
import { KeyedQueue } from '../common/keyed-queue';
import { SocketGateway, type SocketAck } from '../common/socket-gateway';
import { OptionalField, validatePayload } from '../common/validation';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { NetworkEvents, type MembersChanged } from '../networks/network-events';
import { NetworkErrors } from '../networks/networks.errors';
import { AppError } from '../platform/app-error';
import { inBackground } from '../platform/background';
import { CONFIG, type Config } from '../platform/config';
import { RateLimiter, type RateLimitRule } from '../platform/rate-limiter';
import { ANONYMOUS_AS, anonymousLabel, type AnonymousAs } from './discussion.rules';
import { DiscussionEvents, type ThreadChanged, type ThreadMoved } from './discussion-events';
import { DiscussionsService } from './discussions.service';
import { DiscussionsLiveErrors } from './discussions-live.errors';
import { ThreadCatchUp, type LiveThreadEvent } from './thread-catch-up';
import { ThreadEventsRepository } from './thread-events.repository';

class JoinThreadMessage {
  @IsUUID('all', { message: 'threadId must be a UUID' })
  threadId: string;

  @OptionalField({ type: Number, minimum: 0, description: 'The last event this client applied; what came after is sent back as `missed`.' })
  @IsInt({ message: 'lastEventId must be a whole number' })
  @Min(0, { message: 'lastEventId must be 0 or more' })
  @Max(2_147_483_647, { message: 'lastEventId must be at most 2147483647' })
  lastEventId?: number;
}

class LeaveThreadMessage {
  @IsUUID('all', { message: 'threadId must be a UUID' })
  threadId: string;
}

class TypingMessage {
  @IsUUID('all', { message: 'threadId must be a UUID' })
  threadId: string;

  @OptionalField({ type: Boolean })
  @IsBoolean({ message: 'anonymous must be true or false' })
  anonymous?: boolean;

  @OptionalField({ enum: ANONYMOUS_AS })
  @IsIn(ANONYMOUS_AS, { message: `anonymousAs must be one of ${ANONYMOUS_AS.join(', ')}` })
  anonymousAs?: AnonymousAs;
}

export type JoinThreadAck = { ok: true; lastEventId: number; readingNow: number; missed?: LiveThreadEvent[]; reload?: true };

/** Who is typing: a member by name, or an anonymous writer by the label their post would carry. */
export type Typist = { kind: 'user'; userId: string; name: string; teamName: string | null } | { kind: 'anonymous'; label: string };

export const threadRoom = (threadId: string) => `thread:${threadId}`;
const THREAD_ROOM_PREFIX = 'thread:';
/** Every socket following some thread of a network: whom to re-check when the network's access changes. */
const networkThreadsRoom = (networkId: string) => `discussions:${networkId}`;

/** One typing indicator per socket and thread at most this often; the client shows it for a few seconds. */
const TYPING_EVERY_MS = 3000;
/** "N reading now" is recounted once the room has been quiet this long: a crowd arriving costs one recount, not one each. */
const READING_SETTLE_MS = 500;
/** Events delivered per read of the log; a backlog larger than this is read in several steps. */
const DELIVERY_BATCH = 200;

/**
 * The live door of discussions. A socket follows a thread by joining its room, after the same
 * access check as REST (readableThread: a thread the caller may not read is the same 404 as one
 * that does not exist); losing access (removed from the network, network made private, thread
 * moved away) takes it out of the room at once and tells it so.
 *
 * Delivery is ordered and gap-free per thread: every change DiscussionsService commits is a row
 * of the thread's event log, and delivery reads the log from the last event it sent to the room,
 * in one queue per thread that joins also run in. So a joining socket gets, in its
 * acknowledgement, exactly the events up to what the room has been sent, and every later one
 * live: no gap, no duplicate. (With several instances, each would deliver the log to its own
 * sockets; the scale-out issue relays DiscussionEvents to every instance.)
 */
@SocketGateway()
export class DiscussionsGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(DiscussionsGateway.name);
  private readonly unsubscribe: (() => void)[] = [];
  /** Joins and deliveries of one thread, one at a time. */
  private readonly perThread = new KeyedQueue();
  /**
   * The last event sent to each thread's room from this process, kept while the room has sockets
   * here. It is where delivery resumes and what a join's catch-up runs up to.
   */
  private readonly deliveredUpTo = new Map<string, number>();
  private readonly readingRecounts = new Map<string, NodeJS.Timeout>();
  /** When each socket last said it was typing in each thread (process-local: a socket lives on one instance). */
  private readonly lastTyping = new WeakMap<Socket, Map<string, number>>();
  @WebSocketServer() private server: Server;
  private readonly joinsPerMinute: RateLimitRule;

  constructor(
    private readonly discussions: DiscussionsService,
    private readonly catchUp: ThreadCatchUp,
    private readonly threadEvents: ThreadEventsRepository,
    private readonly policy: NetworkAccessPolicy,
    private readonly networkEvents: NetworkEvents,
    private readonly discussionEvents: DiscussionEvents,
    private readonly rateLimiter: RateLimiter,
    @Inject(CONFIG) config: Config,
  ) {
    this.joinsPerMinute = { name: 'discussion-thread-joins:minute', limit: config.threadJoinsPerMinute, windowSeconds: 60 };
  }

  afterInit(): void {
    this.unsubscribe.push(
      this.discussionEvents.onThreadChanged((event: ThreadChanged) =>
        inBackground(this.logger, `delivering event ${event.eventId} of thread ${event.threadId}`, this.deliver(event.threadId, event)),
      ),
      this.discussionEvents.onThreadMoved((event: ThreadMoved) =>
        inBackground(this.logger, `re-checking readers of moved thread ${event.threadId}`, this.onThreadMoved(event)),
      ),
      this.networkEvents.onMembersChanged((event) =>
        inBackground(this.logger, `re-checking thread readers of network ${event.networkId}`, this.onMembersChanged(event)),
      ),
    );
  }

  onModuleDestroy(): void {
    for (const stop of this.unsubscribe) stop();
    for (const timer of this.readingRecounts.values()) clearTimeout(timer);
  }

  handleConnection(socket: Socket): void {
    // Rooms are already emptied by the time 'disconnect' fires; the recount must know them before.
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) if (room.startsWith(THREAD_ROOM_PREFIX)) this.recountReadingSoon(room.slice(THREAD_ROOM_PREFIX.length));
    });
  }

  @SubscribeMessage('thread:join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<JoinThreadAck> {
    const message = await validatePayload(JoinThreadMessage, payload);
    const threadId = message.threadId.toLowerCase();
    const { userId } = socket.data as SocketCaller;
    // Per person over all their sockets, counted before the access check: each join costs two
    // access checks and maybe a replay, and a loop of joins to unknown ids is a probe of the ids.
    const verdict = await this.rateLimiter.take({ rule: this.joinsPerMinute, subject: userId });
    if (!verdict.allowed) throw DiscussionsLiveErrors.joinsRateLimited(verdict.retryAfterSeconds);
    const networkId = await this.discussions.readableThread(userId, threadId);
    const joined = await this.perThread.run(threadId, async () => {
      await socket.join([threadRoom(threadId), networkThreadsRoom(networkId)]);
      // Checked again once in the room, so that access lost in between is not missed; until this
      // task ends no delivery of this thread runs, so nothing reached the socket meanwhile.
      try {
        await this.discussions.readableThread(userId, threadId);
      } catch (error) {
        await socket.leave(threadRoom(threadId));
        throw error;
      }
      let upTo = this.deliveredUpTo.get(threadId);
      if (upTo === undefined) {
        upTo = (await this.threadEvents.lastSeq(threadId)) ?? 0;
        this.deliveredUpTo.set(threadId, upTo);
      }
      if (message.lastEventId === undefined) return { lastEventId: upTo };
      const caughtUp = await this.catchUp.since(threadId, message.lastEventId, upTo);
      return { lastEventId: 'reload' in caughtUp ? upTo : Math.max(upTo, message.lastEventId), ...caughtUp };
    });
    const readingNow = await this.readingNow(threadId);
    this.recountReadingSoon(threadId);
    return { ok: true, readingNow, ...joined };
  }

  @SubscribeMessage('thread:leave')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<SocketAck> {
    const { threadId } = await validatePayload(LeaveThreadMessage, payload);
    const room = threadRoom(threadId.toLowerCase());
    if (socket.rooms.has(room)) {
      await socket.leave(room);
      this.recountReadingSoon(threadId.toLowerCase());
    }
    return { ok: true };
  }

  @SubscribeMessage('thread:typing')
  async typing(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<SocketAck> {
    const message = await validatePayload(TypingMessage, payload);
    const threadId = message.threadId.toLowerCase();
    const { userId } = socket.data as SocketCaller;
    if (!socket.rooms.has(threadRoom(threadId))) throw DiscussionsLiveErrors.notJoined();
    const seen = this.lastTyping.get(socket) ?? new Map<string, number>();
    this.lastTyping.set(socket, seen);
    const last = seen.get(threadId) ?? 0;
    if (Date.now() - last < TYPING_EVERY_MS) return { ok: true };
    seen.set(threadId, Date.now());

    const networkId = await this.discussions.readableThread(userId, threadId);
    if (!(await this.policy.allows(userId, networkId, 'contribute'))) throw NetworkErrors.forbidden('contribute');
    const facts = await this.threadEvents.typist(userId, networkId);
    if (!facts) throw NetworkErrors.forbidden('contribute');
    const who: Typist = message.anonymous
      ? { kind: 'anonymous', label: anonymousLabel(message.anonymousAs ?? 'team', facts.teamName) }
      : { kind: 'user', userId, name: facts.name, teamName: facts.teamName };
    socket.to(threadRoom(threadId)).emit('thread:typing', { threadId, who });
    return { ok: true };
  }

  /** Sends the room every event after the last one it was sent, in order, each payload built once. */
  private deliver(threadId: string, changed: ThreadChanged): Promise<void> {
    return this.perThread.run(threadId, async () => {
      for (;;) {
        const upTo = this.deliveredUpTo.get(threadId);
        if (upTo === undefined) return; // nobody here follows the thread: joins start from the log
        if (!this.server.sockets.adapter.rooms.has(threadRoom(threadId))) {
          this.deliveredUpTo.delete(threadId);
          return;
        }
        // The usual case, the very next event, needs no read of the log: the event says what it is.
        const next = changed.eventId === upTo + 1 ? [{ seq: changed.eventId, kind: changed.kind, postId: changed.postId }] : null;
        const { rows, events } = next ? { rows: next, events: await this.catchUp.payloadsOf(threadId, next) } : await this.catchUp.after(threadId, upTo, DELIVERY_BATCH);
        if (rows.length === 0) return;
        for (const { event, payload } of events) this.server.to(threadRoom(threadId)).emit(event, payload);
        this.deliveredUpTo.set(threadId, rows[rows.length - 1].seq);
        if (rows.length < DELIVERY_BATCH) return;
      }
    });
  }

  /** Distinct people with a socket in the room, on every instance (fetchSockets asks the adapter). */
  private async readingNow(threadId: string): Promise<number> {
    const sockets = await this.server.in(threadRoom(threadId)).fetchSockets();
    return new Set(sockets.map((socket) => (socket.data as SocketCaller).userId)).size;
  }

  private recountReadingSoon(threadId: string): void {
    if (this.readingRecounts.has(threadId)) return;
    const timer = setTimeout(() => {
      this.readingRecounts.delete(threadId);
      inBackground(
        this.logger,
        `recounting readers of thread ${threadId}`,
        this.readingNow(threadId).then((readingNow) => this.server.to(threadRoom(threadId)).emit('thread:reading', { threadId, readingNow })),
      );
    }, READING_SETTLE_MS);
    timer.unref();
    this.readingRecounts.set(threadId, timer);
  }

  private async onMembersChanged({ networkId, affectedUserIds, everyone }: MembersChanged): Promise<void> {
    const sockets = everyone
      ? await this.server.in(networkThreadsRoom(networkId)).fetchSockets()
      : (await Promise.all(affectedUserIds.map((userId) => this.server.in(userRoom(userId)).fetchSockets()))).flat();
    await this.recheck(sockets, (socket) => [...socket.rooms].filter((room) => room.startsWith(THREAD_ROOM_PREFIX)).map((room) => room.slice(THREAD_ROOM_PREFIX.length)));
  }

  private async onThreadMoved({ threadId, toNetworkId }: ThreadMoved): Promise<void> {
    const sockets = await this.server.in(threadRoom(threadId)).fetchSockets();
    const kept = await this.recheck(sockets, () => [threadId]);
    for (const socket of kept) socket.join(networkThreadsRoom(toNetworkId));
  }

  /**
   * Asks readableThread again for each person and thread (once per pair, however many sockets);
   * sockets that lost access leave the room and hear `thread:access-lost`. Returns the others.
   */
  private async recheck<S extends { data: unknown; rooms: Set<string>; leave(room: string): unknown; emit(event: string, payload: unknown): unknown }>(
    sockets: S[],
    threadsOf: (socket: S) => string[],
  ): Promise<S[]> {
    const verdicts = new Map<string, Promise<boolean>>();
    const mayRead = (userId: string, threadId: string) => {
      const key = `${userId} ${threadId}`;
      let verdict = verdicts.get(key);
      if (!verdict) {
        // A refusal (404) is a loss of access; anything else (the database gone) is not a verdict.
        verdict = this.discussions.readableThread(userId, threadId).then(
          () => true,
          (error: unknown) => {
            if (error instanceof AppError) return false;
            throw error;
          },
        );
        verdicts.set(key, verdict);
      }
      return verdict;
    };
    const kept: S[] = [];
    for (const socket of sockets) {
      const { userId } = socket.data as SocketCaller;
      let keeps = true;
      for (const threadId of threadsOf(socket)) {
        if (!socket.rooms.has(threadRoom(threadId))) continue;
        if (await mayRead(userId, threadId)) continue;
        keeps = false;
        socket.leave(threadRoom(threadId));
        socket.emit('thread:access-lost', { threadId });
        this.recountReadingSoon(threadId);
      }
      if (keeps) kept.push(socket);
    }
    return kept;
  }
}

/** What the live door adds to DiscussionsModule. */
export const LIVE_PROVIDERS = [ThreadEventsRepository, ThreadCatchUp, DiscussionsGateway];
