import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { userRoom, type SocketCaller } from '../auth/auth.gateway';
import { SocketGateway, type SocketAck } from '../common/socket-gateway';
import { validatePayload } from '../common/validation';
import { NetworkEvents, type MembersChanged } from '../networks/network-events';
import { AppError } from '../platform/app-error';
import { inBackground } from '../platform/background';
import {
  AgendaMessage,
  AnsweredMessage,
  AskMessage,
  BreakoutCreateMessage,
  BreakoutStartMessage,
  HandMessage,
  HideQuestionMessage,
  JoinMessage,
  MoveMessage,
  PollMessage,
  QuestionMessage,
  ReportMessage,
  SessionMessage,
  TextMessage,
  VisitMessage,
  VoteMessage,
} from './live-room.dto';
import { LiveRoomErrors } from './live-room.errors';
import { LIVE_ROOM_PATTERN, LiveRoomFanOut, liveGroup, liveHosts, liveNetwork, liveRoom, type BreakoutsEnded, type Delivery } from './live-room.fan-out';
import type { ParticipantView, RoomState } from '../shared/live-room.contract';
import { LiveRoomService } from './live-room.service';

/** Presence changes go out together at most this often: 500 people arriving are a few messages, not 500. */
const PRESENCE_EVERY_MS = 100;

/** What this gateway keeps on a socket: the breakout group a host is visiting, per session. */
interface LiveSocketData extends SocketCaller {
  liveVisits?: Record<string, string>;
}

type Ack<T extends object = object> = { ok: true } & T;

/**
 * The live room's socket.io door. `session:join` is authorised like every other door (the
 * session's access, through the network's policy: a session the caller may not read is the same
 * 404 as one that does not exist), and acknowledged with the whole room as the caller may see it,
 * read from PostgreSQL. Every later message is authorised again by the service. The socket.io
 * rooms here only fan out: a session's room, its hosts, its breakout groups.
 */
@SocketGateway()
export class LiveRoomGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(LiveRoomGateway.name);
  @WebSocketServer() private server: Server;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly presence = new Map<string, { joined: Map<string, ParticipantView>; left: Set<string>; timer: NodeJS.Timeout }>();

  constructor(
    private readonly room: LiveRoomService,
    private readonly fanOut: LiveRoomFanOut,
    private readonly networkEvents: NetworkEvents,
  ) {}

  afterInit(): void {
    this.unsubscribe.push(
      this.fanOut.onSend((delivery: Delivery) => this.deliver(delivery)),
      this.fanOut.onBreakoutsEnded((ended) => inBackground(this.logger, `bringing session ${ended.sessionId} back from its groups`, this.breakoutsEnded(ended))),
      this.networkEvents.onMembersChanged((event) => inBackground(this.logger, `re-checking live rooms of network ${event.networkId}`, this.recheck(event))),
    );
  }

  onModuleDestroy(): void {
    for (const stop of this.unsubscribe) stop();
    for (const pending of this.presence.values()) clearTimeout(pending.timer);
  }

  handleConnection(socket: Socket): void {
    // The rooms are gone by 'disconnect'; whoever leaves must be known before.
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        const sessionId = LIVE_ROOM_PATTERN.exec(room)?.[1];
        if (sessionId) inBackground(this.logger, `recording that a socket left session ${sessionId}`, this.left(socket, sessionId));
      }
    });
  }

  private deliver({ to, except, event, payload }: Delivery): void {
    let target = this.server.to(to);
    if (except && except.length > 0) target = target.except(except);
    target.emit(event, payload);
  }

  // ---- joining and leaving ------------------------------------------------------------------

  @SubscribeMessage('session:join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack<{ state: RoomState }>> {
    const { sessionId: given } = await validatePayload(JoinMessage, payload);
    const sessionId = given.toLowerCase();
    const { userId } = socket.data as SocketCaller;
    const access = await this.room.access(userId, sessionId);
    // A socket already in the room that joins again (a client re-reading the room) is no arrival:
    // announcing it every time would let one member flood everyone's presence.
    const arriving = !socket.rooms.has(liveRoom(sessionId)) && !(await this.hasOtherSocketIn(userId, sessionId, socket.id));
    const rooms = [liveRoom(sessionId), liveNetwork(access.networkId)];
    if (access.hosts) rooms.push(liveHosts(sessionId));
    const group = await this.room.groupOf(sessionId, userId);
    if (group) rooms.push(liveGroup(sessionId, group.id));
    await socket.join(rooms);
    if (!access.hosts) await this.noLongerHosts(socket, userId, sessionId); // a host who lost the role and joins again hears no more
    const person = await this.room.person(access, userId);
    if (arriving) {
      await this.room.arrived(access, person);
      this.presenceSoon(sessionId, { joined: this.room.participantView(person) });
    }
    const present = await this.presentUserIds(sessionId);
    const state = await this.room.state(access, userId, present);
    return { ok: true, state };
  }

  @SubscribeMessage('session:leave')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<SocketAck> {
    const sessionId = this.sessionOf(socket, await validatePayload(SessionMessage, payload));
    await this.left(socket, sessionId);
    for (const room of [...socket.rooms]) if (room === liveRoom(sessionId) || room.startsWith(`${liveRoom(sessionId)}:`)) await socket.leave(room);
    return { ok: true };
  }

  /**
   * Membership, role or visibility changed in a network: every socket of the people concerned in
   * one of its rooms is asked again; one that may no longer read the session leaves its rooms and
   * hears `session:access-lost`, one whose role changed joins or leaves the hosts' room.
   */
  private async recheck({ networkId, affectedUserIds, everyone }: MembersChanged): Promise<void> {
    const sockets = everyone
      ? await this.server.in(liveNetwork(networkId)).fetchSockets()
      : (await Promise.all(affectedUserIds.map((userId) => this.server.in(userRoom(userId)).fetchSockets()))).flat();
    for (const socket of sockets) {
      const { userId } = socket.data as SocketCaller;
      for (const room of [...socket.rooms]) {
        const sessionId = LIVE_ROOM_PATTERN.exec(room)?.[1];
        if (!sessionId) continue;
        try {
          const access = await this.room.access(userId, sessionId);
          if (access.hosts) socket.join(liveHosts(sessionId));
          else await this.noLongerHosts(socket, userId, sessionId);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          for (const own of [...socket.rooms]) if (own === room || own.startsWith(`${room}:`)) socket.leave(own);
          socket.emit('session:access-lost', { sessionId });
          await this.room.departed(sessionId, userId);
          this.presenceSoon(sessionId, { left: userId });
        }
      }
    }
  }

  /**
   * A socket whose person no longer hosts the session leaves the hosts' room and any breakout
   * group it was visiting as a host: it keeps only the group its person is assigned to.
   */
  private async noLongerHosts(socket: { rooms: Set<string>; data: unknown; leave: (room: string) => unknown }, userId: string, sessionId: string): Promise<void> {
    socket.leave(liveHosts(sessionId));
    const data = socket.data as LiveSocketData;
    if (data.liveVisits) delete data.liveVisits[sessionId];
    const own = await this.room.groupOf(sessionId, userId);
    for (const room of [...socket.rooms]) {
      if (room.startsWith(`${liveRoom(sessionId)}:group:`) && (!own || room !== liveGroup(sessionId, own.id))) socket.leave(room);
    }
  }

  /** A socket leaves a session's room (or is about to): the person leaves when it was their last socket there. */
  private async left(socket: Socket, sessionId: string): Promise<void> {
    const { userId } = socket.data as SocketCaller;
    if (await this.hasOtherSocketIn(userId, sessionId, socket.id)) return;
    await this.room.departed(sessionId, userId);
    this.presenceSoon(sessionId, { left: userId });
  }

  private async hasOtherSocketIn(userId: string, sessionId: string, socketId: string): Promise<boolean> {
    const sockets = await this.server.in(userRoom(userId)).fetchSockets();
    return sockets.some((other) => other.id !== socketId && other.rooms.has(liveRoom(sessionId)));
  }

  /** The people with a socket in the room, on every instance (fetchSockets asks the adapter). */
  private async presentUserIds(sessionId: string): Promise<string[]> {
    const sockets = await this.server.in(liveRoom(sessionId)).fetchSockets();
    return [...new Set(sockets.map((socket) => (socket.data as SocketCaller).userId))];
  }

  private presenceSoon(sessionId: string, change: { joined: ParticipantView } | { left: string }): void {
    let pending = this.presence.get(sessionId);
    if (!pending) {
      const timer = setTimeout(() => {
        this.presence.delete(sessionId);
        const { joined, left } = pending!;
        this.server.to(liveRoom(sessionId)).emit('presence:changed', { sessionId, joined: [...joined.values()], left: [...left] });
      }, PRESENCE_EVERY_MS);
      timer.unref();
      pending = { joined: new Map(), left: new Set(), timer };
      this.presence.set(sessionId, pending);
    }
    if ('joined' in change) {
      pending.left.delete(change.joined.userId);
      pending.joined.set(change.joined.userId, change.joined);
    } else {
      pending.joined.delete(change.left);
      pending.left.add(change.left);
    }
  }

  /**
   * The session a message is about: the one it names, which the socket must have joined, or, when
   * it names none, the one session room the socket is in.
   */
  private sessionOf(socket: Socket, message: { sessionId?: string }): string {
    if (message.sessionId) {
      const sessionId = message.sessionId.toLowerCase();
      if (!socket.rooms.has(liveRoom(sessionId))) throw LiveRoomErrors.notJoined();
      return sessionId;
    }
    const joined = [...socket.rooms].map((room) => LIVE_ROOM_PATTERN.exec(room)?.[1]).filter((id): id is string => id !== undefined);
    if (joined.length !== 1) throw LiveRoomErrors.notJoined();
    return joined[0];
  }

  private joinedTo(socket: Socket): (sessionId: string) => boolean {
    return (sessionId) => socket.rooms.has(liveRoom(sessionId));
  }

  private caller(socket: Socket): string {
    return (socket.data as SocketCaller).userId;
  }

  // ---- coach controls -----------------------------------------------------------------------

  @SubscribeMessage('session:start')
  async start(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<SocketAck> {
    await this.room.start(this.caller(socket), this.sessionOf(socket, await validatePayload(SessionMessage, payload ?? {})));
    return { ok: true };
  }

  @SubscribeMessage('session:end')
  async end(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<SocketAck> {
    const sessionId = this.sessionOf(socket, await validatePayload(SessionMessage, payload ?? {}));
    // Groups still running end with it (LiveRoomFanOut.breakoutsEnded moves everyone back).
    await this.room.end(this.caller(socket), sessionId);
    return { ok: true };
  }

  @SubscribeMessage('agenda:advance')
  async advance(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(AgendaMessage, payload);
    const agenda = await this.room.advanceAgenda(this.caller(socket), this.sessionOf(socket, message), message.index);
    return { ok: true, ...agenda };
  }

  @SubscribeMessage('room:broadcast')
  async broadcast(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(TextMessage, payload);
    return { ok: true, message: await this.room.broadcast(this.caller(socket), this.sessionOf(socket, message), message.text) };
  }

  @SubscribeMessage('breakout:broadcast')
  breakoutBroadcast(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    // Every socket of the session is in its main room, in a group or not: one broadcast reaches all groups.
    return this.broadcast(socket, payload);
  }

  @SubscribeMessage('poll:close')
  async closePoll(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const { pollId } = await validatePayload(PollMessage, payload);
    return { ok: true, results: await this.room.closePoll(this.caller(socket), pollId.toLowerCase(), this.joinedTo(socket)) };
  }

  @SubscribeMessage('poll:reveal')
  async revealPoll(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const { pollId } = await validatePayload(PollMessage, payload);
    return { ok: true, results: await this.room.revealPoll(this.caller(socket), pollId.toLowerCase(), this.joinedTo(socket)) };
  }

  @SubscribeMessage('hand:acknowledge')
  async acknowledge(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(HandMessage, payload);
    return { ok: true, hands: await this.room.acknowledgeHand(this.caller(socket), this.sessionOf(socket, message), message.userId.toLowerCase()) };
  }

  @SubscribeMessage('question:answered')
  async answered(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(AnsweredMessage, payload);
    return { ok: true, ...(await this.room.markAnswered(this.caller(socket), message.questionId.toLowerCase(), message.answered ?? true, message.answer, this.joinedTo(socket))) };
  }

  // ---- members ------------------------------------------------------------------------------

  @SubscribeMessage('poll:vote')
  async vote(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(VoteMessage, payload);
    return { ok: true, ...(await this.room.vote(this.caller(socket), message.pollId.toLowerCase(), message.choices, this.joinedTo(socket))) };
  }

  @SubscribeMessage('hand:raise')
  async raise(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const sessionId = this.sessionOf(socket, await validatePayload(SessionMessage, payload ?? {}));
    return { ok: true, hands: await this.room.raiseHand(this.caller(socket), sessionId) };
  }

  @SubscribeMessage('hand:lower')
  async lower(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const sessionId = this.sessionOf(socket, await validatePayload(SessionMessage, payload ?? {}));
    return { ok: true, hands: await this.room.lowerHand(this.caller(socket), sessionId) };
  }

  @SubscribeMessage('question:ask')
  async ask(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(AskMessage, payload);
    return { ok: true, question: await this.room.ask(this.caller(socket), this.sessionOf(socket, message), message) };
  }

  @SubscribeMessage('question:upvote')
  async upvote(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const { questionId } = await validatePayload(QuestionMessage, payload);
    return { ok: true, ...(await this.room.upvote(this.caller(socket), questionId.toLowerCase(), this.joinedTo(socket))) };
  }

  @SubscribeMessage('question:report')
  async report(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(ReportMessage, payload);
    return { ok: true, ...(await this.room.report(this.caller(socket), message.questionId.toLowerCase(), message.reason, this.joinedTo(socket))) };
  }

  @SubscribeMessage('question:hide')
  async hideQuestion(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(HideQuestionMessage, payload);
    const input = { hidden: message.hidden ?? true, reason: message.reason || null };
    return { ok: true, ...(await this.room.hideQuestion(this.caller(socket), message.questionId.toLowerCase(), input, this.joinedTo(socket))) };
  }

  @SubscribeMessage('question:reveal')
  async revealAsker(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const { questionId } = await validatePayload(QuestionMessage, payload);
    return { ok: true, ...(await this.room.revealAsker(this.caller(socket), questionId.toLowerCase(), this.joinedTo(socket))) };
  }

  @SubscribeMessage('chat:send')
  async chat(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(TextMessage, payload);
    const sessionId = this.sessionOf(socket, message);
    const visiting = (socket.data as LiveSocketData).liveVisits?.[sessionId] ?? null;
    return { ok: true, message: await this.room.chat(this.caller(socket), sessionId, message.text, visiting) };
  }

  // ---- breakouts ----------------------------------------------------------------------------

  @SubscribeMessage('breakout:create')
  async createBreakouts(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(BreakoutCreateMessage, payload);
    const sessionId = this.sessionOf(socket, message);
    const present = await this.presentUserIds(sessionId);
    return { ok: true, breakouts: await this.room.createBreakouts(this.caller(socket), sessionId, message, present) };
  }

  @SubscribeMessage('breakout:start')
  async startBreakouts(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(BreakoutStartMessage, payload);
    const sessionId = this.sessionOf(socket, message);
    const { endsAt, groups } = await this.room.startBreakouts(this.caller(socket), sessionId, message.minutes);
    const groupOf = new Map(groups.flatMap((group) => group.memberIds.map((userId) => [userId, group] as const)));
    for (const member of await this.server.in(liveRoom(sessionId)).fetchSockets()) {
      const group = groupOf.get((member.data as SocketCaller).userId);
      if (!group) continue;
      member.join(liveGroup(sessionId, group.id));
      member.emit('breakout:started', { sessionId, breakout: { groupId: group.id, name: group.name, endsAt: endsAt.toISOString() } });
    }
    this.server.to(liveHosts(sessionId)).emit('breakout:running', { sessionId, endsAt: endsAt.toISOString() });
    return { ok: true, endsAt: endsAt.toISOString() };
  }

  @SubscribeMessage('breakout:end')
  async endBreakouts(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<SocketAck> {
    const sessionId = this.sessionOf(socket, await validatePayload(SessionMessage, payload ?? {}));
    await this.room.endBreakouts(this.caller(socket), sessionId);
    return { ok: true };
  }

  /** However the groups ended (the coach, their timer, the session's end): everyone back in the main room, and told so. */
  private async breakoutsEnded({ sessionId, groupIds }: BreakoutsEnded): Promise<void> {
    const rooms = groupIds.map((groupId) => liveGroup(sessionId, groupId));
    if (rooms.length > 0) this.server.in(rooms).socketsLeave(rooms);
    for (const host of await this.server.in(liveHosts(sessionId)).fetchSockets()) {
      const visits = (host.data as LiveSocketData).liveVisits;
      if (visits) delete visits[sessionId];
    }
    this.server.to(liveRoom(sessionId)).emit('breakout:ended', { sessionId });
  }

  @SubscribeMessage('breakout:move')
  async moveToGroup(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(MoveMessage, payload);
    const sessionId = this.sessionOf(socket, message);
    const personId = message.userId.toLowerCase();
    const { group, running, endsAt, breakouts } = await this.room.moveToGroup(this.caller(socket), sessionId, personId, message.groupId.toLowerCase());
    if (running) {
      // Their sockets in the room leave their old group's chat for the new one's.
      for (const member of await this.server.in(userRoom(personId)).fetchSockets()) {
        if (!member.rooms.has(liveRoom(sessionId))) continue;
        for (const room of [...member.rooms]) if (room.startsWith(`${liveRoom(sessionId)}:group:`)) member.leave(room);
        member.join(liveGroup(sessionId, group.id));
        member.emit('breakout:moved', { sessionId, breakout: { groupId: group.id, name: group.name, endsAt } });
      }
    }
    return { ok: true, breakouts };
  }

  @SubscribeMessage('breakout:visit')
  async visit(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    const message = await validatePayload(VisitMessage, payload);
    const sessionId = this.sessionOf(socket, message);
    const { group, messages } = await this.room.visitGroup(this.caller(socket), sessionId, message.groupId.toLowerCase());
    for (const room of [...socket.rooms]) if (room.startsWith(`${liveRoom(sessionId)}:group:`)) await socket.leave(room);
    await socket.join(liveGroup(sessionId, group.id));
    const data = socket.data as LiveSocketData;
    data.liveVisits = { ...data.liveVisits, [sessionId]: group.id };
    return { ok: true, group: { id: group.id, name: group.name }, messages };
  }
}
