import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { GroupCommit } from '../collab/group-commit';
import { userRoom } from '../auth/auth.gateway';
import { anonymousLabel } from '../discussions/discussion.rules';
import { DiscussionsRepository } from '../discussions/discussions.repository';
import { NetworkEvents, type MembersChanged } from '../networks/network-events';
import { networkAllows, type NetworkRole, type NetworkVisibility } from '../networks/network.rules';
import { inBackground } from '../platform/background';
import { CONFIG, type Config } from '../platform/config';
import { JobQueue } from '../platform/jobs/job-queue';
import { RateLimiter, type RateLimitRule } from '../platform/rate-limiter';
import { Transactions } from '../platform/transactions';
import type { AgendaItem } from './learning-session.rules';
import type { BreakoutView, MessageView, ParticipantView, QuestionView, RoomState } from '../shared/live-room.contract';
import { LearningSessionsService } from './learning-sessions.service';
import type { AttendanceDto, CreatePollBody, PollDto, RoomRecordDto } from './live-room.dto';
import { LiveRoomErrors } from './live-room.errors';
import { SessionEndHooks } from './session-end.hooks';
import { LiveRoomFanOut, liveGroup, liveHosts, liveRoom } from './live-room.fan-out';
import { SessionNotesService } from './session-notes.service';
import { LiveRoomRepository, type GroupRow, type HandRow, type MessageRow, type PersonRow, type PollRow, type QuestionRow } from './live-room.repository';
import {
  LIVE_ROOM_LIMITS as LIMITS,
  acknowledgeCheck,
  assignBreakouts,
  breakoutGroupName,
  checkChoices,
  checkManualAssignments,
  resultsFromTally,
  handQueue,
  maySeeQuestion,
  maySeeResults,
  timerStillApplies,
  transition,
  type BreakoutMode,
  type PollResults,
} from './live-room.rules';

/** Who the caller is in the session's room, decided by the network's policy on every message. */
export interface RoomAccess {
  sessionId: string;
  networkId: string;
  title: string;
  status: 'scheduled' | 'live' | 'ended' | 'cancelled';
  agenda: AgendaItem[];
  role: NetworkRole | null;
  visibility: NetworkVisibility;
  /** May act in the room: hands, questions, votes, chat. */
  contributes: boolean;
  /** Hosts it: coaches and admins. */
  hosts: boolean;
}

/**
 * How far apart one poll's poll:results go out: at least `least` ms (500 votes in a second make a
 * few dozen broadcasts, not 500), and at least `perSendMs` times as long as the last send took to
 * write to every socket: in a large room that takes a while, and votes waiting behind back-to-back
 * broadcasts would hear their results later, not sooner. (On this 2-core machine, 30 ms and three
 * times measured best in `npm run bench -- live-session`.)
 */
const RESULTS_EVERY_MS = { least: 30, most: 250, perSendMs: 3 };
/**
 * How long a member's access, once decided, serves their next messages (votes, chat) without
 * asking again. What keeps it right is that it is forgotten at once on any change of membership,
 * role or visibility (NetworkEvents) and on a start or end in the room; this bound only limits how
 * long a change this process did not hear of could go unseen.
 */
const ACCESS_REUSE_MS = 30_000;

export const BREAKOUT_END_JOB = 'learning-sessions:breakout-end';
const breakoutEndKey = (sessionId: string) => `learning-sessions:breakout-end:${sessionId}`;

interface BreakoutEndJob {
  sessionId: string;
  /** The round the timer was set for: a later round is not this job's to end. */
  round: number;
}

function isBreakoutEndJob(payload: unknown): payload is BreakoutEndJob {
  const job = payload as Partial<BreakoutEndJob> | null;
  return typeof job?.sessionId === 'string' && Number.isInteger(job.round);
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/**
 * The rules of the live room over its rows. Every message is authorised afresh through the
 * session's access (the network's one policy), every change is written to PostgreSQL first, and
 * only then announced (LiveRoomFanOut), so that a late joiner, a reconnecting client or a
 * restarted server reads the same room from the rows.
 */
@Injectable()
export class LiveRoomService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveRoomService.name);
  private readonly chatPerMinute: RateLimitRule = { name: 'live-room-chat:minute', limit: 30, windowSeconds: 60 };
  /** Questions reach everyone's list: fewer than chat, and a flood of them is what a limit is for. */
  private readonly questionsPerMinute: RateLimitRule = { name: 'live-room-questions:minute', limit: 10, windowSeconds: 60 };
  /** Every raised hand reaches everyone's queue: raising and lowering in a loop must not flood the room. */
  private readonly handsPerMinute: RateLimitRule = { name: 'live-room-hands:minute', limit: 10, windowSeconds: 60 };
  /** Per open poll: when its results last went out, how far apart sends must be, and whether one is planned or under way. */
  private readonly resultsSends = new Map<string, { lastAt: number; spacingMs: number; timer: NodeJS.Timeout | null; sending: boolean; askedWhileSending: boolean }>();
  /** Access just decided, per person and session, reused for a moment by members' frequent messages (see quickAccess). */
  private readonly recentAccess = new Map<string, { access: RoomAccess; until: number }>();
  /** Counts forgettings: a decision read across one is not kept (it may predate the change). */
  private accessGeneration = 0;
  private stopListening: (() => void) | null = null;
  /** Named votes arriving while a write is in flight go together in the next one (see voteNamedBatch). */
  private readonly namedVotes = new GroupCommit<{ pollId: string; userId: string; choices: number[] }, boolean>((batch) => this.repository.voteNamedBatch(batch));
  private readonly knownPolls = new Map<string, Pick<PollRow, 'sessionId' | 'options' | 'multiple' | 'anonymous'>>();

  constructor(
    private readonly sessions: LearningSessionsService,
    private readonly repository: LiveRoomRepository,
    private readonly transactions: Transactions,
    private readonly fanOut: LiveRoomFanOut,
    private readonly rateLimiter: RateLimiter,
    private readonly networkEvents: NetworkEvents,
    @Inject(CONFIG) private readonly config: Config,
    private readonly jobs: JobQueue,
    private readonly notes: SessionNotesService,
    private readonly revealLog: DiscussionsRepository,
    private readonly endHooks: SessionEndHooks,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.networkEvents.onMembersChanged((event) => this.forgetAccess(event));
    this.jobs.register(BREAKOUT_END_JOB, (payload) => this.breakoutTimeUp(payload));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopListening?.();
    for (const entry of this.resultsSends.values()) if (entry.timer) clearTimeout(entry.timer);
    // Votes being written are answered before the database goes away.
    await this.namedVotes.idle();
  }

  // ---- access ---------------------------------------------------------------------------------

  /**
   * The caller's place in the room, decided afresh; a session they may not read is the same 404 as
   * a missing one. The decision is kept for members' next messages (quickAccess), unless something
   * was forgotten while it was being read: then it may already be out of date.
   */
  async access(userId: string, sessionId: string): Promise<RoomAccess> {
    const generation = this.accessGeneration;
    const { room, access } = await this.sessions.roomAccess(userId, sessionId, 'read');
    const decided: RoomAccess = {
      sessionId: room.id,
      networkId: access.network.id,
      title: room.title,
      status: room.status,
      agenda: room.agenda,
      role: access.role,
      visibility: access.network.visibility,
      contributes: networkAllows(access.network.visibility, access.role, 'contribute'),
      hosts: networkAllows(access.network.visibility, access.role, 'moderate'),
    };
    if (generation === this.accessGeneration) {
      if (this.recentAccess.size >= 50_000) this.recentAccess.clear();
      this.recentAccess.set(`${userId} ${sessionId}`, { access: decided, until: Date.now() + ACCESS_REUSE_MS });
    }
    return decided;
  }

  /**
   * The last decision of `access` (joining the room makes one), reused for up to ACCESS_REUSE_MS:
   * 500 people voting within a second should not ask the policy 500 times in that second. A change
   * of membership, role or visibility (NetworkEvents) and a start or end in this room forget it at
   * once; hosts' controls always ask afresh.
   */
  private async quickAccess(userId: string, sessionId: string): Promise<RoomAccess> {
    const recent = this.recentAccess.get(`${userId} ${sessionId}`);
    if (recent && recent.until > Date.now()) return recent.access;
    return this.access(userId, sessionId);
  }

  private forgetAccess({ networkId, affectedUserIds, everyone }: MembersChanged): void {
    this.accessGeneration += 1;
    const affected = new Set(affectedUserIds);
    for (const [key, { access }] of this.recentAccess) {
      if (access.networkId === networkId && (everyone || affected.has(key.slice(0, key.indexOf(' '))))) this.recentAccess.delete(key);
    }
  }

  /** The room started or ended: decisions kept for it now carry the new status (nothing else about the people changed). */
  private restatusAccess(sessionId: string, status: RoomAccess['status']): void {
    this.accessGeneration += 1;
    for (const [key, entry] of this.recentAccess) {
      if (key.endsWith(` ${sessionId}`)) this.recentAccess.set(key, { ...entry, access: { ...entry.access, status } });
    }
  }

  private async hostAccess(userId: string, sessionId: string, what: string): Promise<RoomAccess> {
    const access = await this.access(userId, sessionId);
    if (!access.hosts) throw LiveRoomErrors.hostsOnly(what);
    return access;
  }

  /** A member acting in a running session. */
  private async memberAccess(userId: string, sessionId: string, what: string): Promise<RoomAccess> {
    const access = await this.quickAccess(userId, sessionId);
    if (!access.contributes) throw LiveRoomErrors.membersOnly(what);
    if (access.status !== 'live') throw LiveRoomErrors.notLive();
    return access;
  }

  // ---- joining, presence, attendance ------------------------------------------------------------

  async person(access: RoomAccess, userId: string): Promise<PersonRow> {
    const [person] = await this.repository.people(access.networkId, [userId]);
    return person;
  }

  async arrived(access: RoomAccess, person: PersonRow): Promise<void> {
    await this.repository.openVisit(access.sessionId, person);
  }

  async departed(sessionId: string, userId: string): Promise<void> {
    await this.repository.closeVisit(sessionId, userId);
  }

  participantView = (person: PersonRow): ParticipantView => ({ userId: person.userId, name: person.name, role: person.role, teamName: person.teamName });

  /** The whole room as `userId` may see it, from the rows; `presentUserIds` are the people with a socket in the room. */
  async state(access: RoomAccess, userId: string, presentUserIds: readonly string[]): Promise<RoomState> {
    const { sessionId } = access;
    const [room, people, hands, questions, polls, myChoices, myGroup, groups] = await Promise.all([
      this.repository.state(sessionId),
      this.repository.people(access.networkId, presentUserIds),
      this.repository.hands(sessionId),
      this.repository.questions(sessionId, userId),
      this.repository.polls(sessionId),
      this.repository.myChoices(sessionId, userId, (pollId) => this.ballotKey(pollId, userId)),
      this.repository.groupOf(sessionId, userId),
      this.repository.groups(sessionId),
    ]);
    const breakout = room.breakoutRunning && myGroup ? { groupId: myGroup.id, name: myGroup.name, endsAt: iso(room.breakoutEndsAt) } : null;
    const [messages, pollViews, breakouts] = await Promise.all([
      this.repository.recentMessages(sessionId, breakout?.groupId ?? null, LIMITS.recentMessages),
      Promise.all(polls.map((poll) => this.pollView(poll, access.hosts, myChoices.get(poll.id) ?? null))),
      this.breakoutView(access, groups, room.breakoutRunning, room.breakoutEndsAt),
    ]);
    return {
      session: { id: sessionId, status: access.status, title: access.title },
      me: { userId, role: access.role, hosts: access.hosts, contributes: access.contributes },
      agenda: { items: access.agenda, currentIndex: room.agendaIndex, itemStartedAt: iso(room.agendaItemStartedAt) },
      participants: people.map(this.participantView),
      hands: this.handsView(hands),
      questions: questions.filter((question) => maySeeQuestion({ userId, hosts: access.hosts }, question)).map((question) => this.questionView(question, userId, access.hosts)),
      polls: pollViews,
      breakout,
      breakouts,
      messages: messages.map(this.messageView),
    };
  }

  /**
   * What the room produced, for the coach's export and the session's summary, at any time: the
   * questions (most upvoted first, anonymous askers still unnamed), every poll with the results
   * hosts may see, and attendance by team.
   */
  async record(userId: string, sessionId: string): Promise<RoomRecordDto> {
    const access = await this.hostAccess(userId, sessionId, 'export what the room produced');
    const [questions, polls, attendance] = await Promise.all([
      this.repository.questions(sessionId, userId),
      this.repository.polls(sessionId),
      this.attendanceOf(sessionId),
    ]);
    return {
      // A hidden question is not part of what the session produced.
      questions: questions
        .filter((question) => !question.hidden)
        .map((question) => this.questionView(question, null, false))
        .sort((a, b) => b.votes - a.votes)
        .map(({ id, text, authorName, authorLabel, votes, answered, answer }) => ({ id, text, authorName, authorLabel, votes, answered, answer })),
      polls: await Promise.all(polls.map((poll) => this.pollView(poll, access.hosts, null))),
      attendance,
    };
  }

  async attendance(userId: string, sessionId: string): Promise<AttendanceDto> {
    await this.hostAccess(userId, sessionId, 'see attendance');
    return this.attendanceOf(sessionId);
  }

  private async attendanceOf(sessionId: string): Promise<AttendanceDto> {
    const rows = await this.repository.attendance(sessionId);
    const teams = new Map<string | null, number>();
    for (const row of rows) teams.set(row.teamName, (teams.get(row.teamName) ?? 0) + 1);
    return {
      total: rows.length,
      byTeam: [...teams].map(([teamName, people]) => ({ teamName, people })),
      people: rows.map((row) => ({
        userId: row.userId,
        name: row.name,
        teamName: row.teamName,
        firstJoinedAt: new Date(row.firstJoinedAt).toISOString(),
        lastLeftAt: iso(row.lastLeftAt),
        present: row.present,
        visits: row.visits,
        minutesPresent: Math.round(row.secondsPresent / 60),
      })),
    };
  }

  // ---- coach controls -----------------------------------------------------------------------

  async start(userId: string, sessionId: string): Promise<void> {
    await this.changeStatus(userId, sessionId, 'start');
  }

  async end(userId: string, sessionId: string): Promise<void> {
    await this.changeStatus(userId, sessionId, 'end');
    await this.endHooks.ended(sessionId, userId);
  }

  private async changeStatus(userId: string, sessionId: string, action: 'start' | 'end'): Promise<void> {
    const access = await this.hostAccess(userId, sessionId, action === 'start' ? 'start the session' : 'end the session');
    const closedPolls = await this.transactions.run(async (manager) => {
      const status = await this.repository.lockStatus(sessionId, manager, 'update');
      const next = transition((status ?? access.status) as RoomAccess['status'], action);
      if ('refused' in next) {
        if (next.refused === 'already') throw action === 'start' ? LiveRoomErrors.alreadyLive() : LiveRoomErrors.alreadyEnded();
        throw action === 'start' ? LiveRoomErrors.over() : LiveRoomErrors.notLive();
      }
      const open = action === 'end' ? (await this.repository.polls(sessionId)).filter((poll) => poll.status === 'open') : [];
      // Ending the session brings everyone back from their groups, as the coach's own end would.
      const breakoutsRunning = action === 'end' && (await this.repository.lockState(sessionId, manager)).breakoutRunning;
      await this.repository.setStatus(sessionId, next.to as 'live' | 'ended', access.agenda.length > 0, manager);
      if (breakoutsRunning) await this.jobs.remove(breakoutEndKey(sessionId), { manager });
      return { open, breakoutsRunning, status: next.to as RoomAccess['status'] };
    });
    this.restatusAccess(sessionId, closedPolls.status);
    const room = await this.repository.state(sessionId);
    this.fanOut.send({
      to: [liveRoom(sessionId)],
      event: 'session:status',
      payload: { sessionId, status: action === 'start' ? 'live' : 'ended', agenda: { currentIndex: room.agendaIndex, itemStartedAt: iso(room.agendaItemStartedAt) } },
    });
    for (const poll of closedPolls.open) this.fanOut.send({ to: [liveRoom(sessionId)], event: 'poll:closed', payload: { sessionId, pollId: poll.id } });
    if (closedPolls.breakoutsRunning) this.fanOut.breakoutsEnded({ sessionId, groupIds: (await this.repository.groups(sessionId)).map((group) => group.id) });
  }

  async advanceAgenda(userId: string, sessionId: string, index: number): Promise<{ currentIndex: number; itemStartedAt: string }> {
    const access = await this.hostAccess(userId, sessionId, 'move the agenda on');
    if (access.status !== 'live') throw LiveRoomErrors.notLive();
    if (index >= access.agenda.length) throw LiveRoomErrors.agendaIndex(access.agenda.length);
    const saved = await this.repository.setAgendaIndex(sessionId, index);
    const agenda = { currentIndex: saved.agendaIndex, itemStartedAt: new Date(saved.agendaItemStartedAt).toISOString() };
    this.fanOut.send({ to: [liveRoom(sessionId)], event: 'agenda:changed', payload: { sessionId, ...agenda } });
    return agenda;
  }

  async broadcast(userId: string, sessionId: string, text: string): Promise<MessageView> {
    const access = await this.hostAccess(userId, sessionId, 'broadcast to the room');
    if (access.status !== 'live') throw LiveRoomErrors.notLive();
    const { name } = await this.person(access, userId);
    const row = await this.repository.insertMessage({ sessionId, groupId: null, kind: 'broadcast', authorId: userId, authorName: name, text });
    const message = this.messageView(row);
    // Every socket of the session is in its main room, breakout groups included: a broadcast reaches all.
    this.fanOut.send({ to: [liveRoom(sessionId)], event: 'room:broadcast', payload: { sessionId, message } });
    return message;
  }

  // ---- polls --------------------------------------------------------------------------------

  async createPoll(userId: string, sessionId: string, body: CreatePollBody): Promise<PollDto> {
    const access = await this.hostAccess(userId, sessionId, 'create polls');
    if (access.status === 'ended' || access.status === 'cancelled') throw LiveRoomErrors.over();
    const poll = await this.transactions.run(async (manager) => {
      // Read again under the session's row lock: an end being written is waited for, and then
      // refuses the poll, which would otherwise stay open in an ended session (the end closes
      // only the polls it finds).
      const status = await this.repository.lockStatus(sessionId, manager, 'share');
      if (status === 'ended' || status === 'cancelled') throw LiveRoomErrors.over();
      return this.repository.insertPoll(
        { sessionId, question: body.question, options: body.options, multiple: body.multiple ?? false, anonymous: body.anonymous ?? false, createdBy: userId },
        manager,
      );
    });
    const opened = { ...this.pollFields(poll), myChoices: null };
    this.fanOut.send({ to: [liveRoom(sessionId)], event: 'poll:opened', payload: { sessionId, poll: opened } });
    return poll.anonymous ? opened : { ...opened, results: { counts: poll.options.map(() => 0), total: 0 } };
  }

  /** A vote: one per person under the voters' primary key, a changed vote replacing the old, counted from the rows. */
  async vote(userId: string, pollId: string, choices: number[], joinedTo: (sessionId: string) => boolean): Promise<{ pollId: string; myChoices: number[] }> {
    const located = await this.pollFacts(pollId);
    if (!located || !joinedTo(located.sessionId)) throw LiveRoomErrors.pollNotFound();
    await this.memberAccess(userId, located.sessionId, 'vote');
    const checked = checkChoices(located, choices);
    if ('problem' in checked) throw LiveRoomErrors.badChoices(checked.problem);
    if (located.anonymous) {
      await this.transactions.run(async (manager) => {
        // Share-locked: votes run side by side, and a close waits for them (then none lands after it).
        const poll = await this.repository.poll(pollId, manager, 'share');
        if (!poll) throw LiveRoomErrors.pollNotFound();
        if (poll.status !== 'open') throw LiveRoomErrors.pollClosed();
        const replaced = await this.repository.voteAnonymous(pollId, userId, this.ballotKey(pollId, userId), checked.choices, manager);
        if (!replaced) throw LiveRoomErrors.anonymousBallotLost();
      });
    } else if (!(await this.namedVotes.commit({ pollId, userId, choices: checked.choices }))) {
      throw LiveRoomErrors.pollClosed();
    }
    this.resultsSoon(located.sessionId, pollId);
    return { pollId, myChoices: checked.choices };
  }

  /**
   * What never changes about a poll (its session, options, kind), kept once read: a vote needs it
   * before anything else, and 500 votes in a second should not read it 500 times. Its status is
   * always read from the row, where the vote is written.
   */
  private async pollFacts(pollId: string): Promise<Pick<PollRow, 'sessionId' | 'options' | 'multiple' | 'anonymous'> | null> {
    const known = this.knownPolls.get(pollId);
    if (known) return known;
    const poll = await this.repository.poll(pollId);
    if (!poll) return null;
    if (this.knownPolls.size >= 10_000) this.knownPolls.delete(this.knownPolls.keys().next().value!);
    const facts = { sessionId: poll.sessionId, options: poll.options, multiple: poll.multiple, anonymous: poll.anonymous };
    this.knownPolls.set(pollId, facts);
    return facts;
  }

  async closePoll(userId: string, pollId: string, joinedTo: (sessionId: string) => boolean): Promise<PollResults> {
    const located = await this.repository.poll(pollId);
    if (!located || !joinedTo(located.sessionId)) throw LiveRoomErrors.pollNotFound();
    await this.hostAccess(userId, located.sessionId, 'close polls');
    const closedNow = await this.transactions.run(async (manager) => {
      await this.repository.poll(pollId, manager, 'update');
      return this.repository.closePoll(pollId, manager);
    });
    const closed = (await this.repository.poll(pollId))!;
    const results = await this.results(closed);
    // A poll already closed (by another host, or a second press) is answered but not announced again.
    if (closedNow) {
      this.fanOut.send({ to: [liveRoom(closed.sessionId)], event: 'poll:closed', payload: { sessionId: closed.sessionId, pollId } });
      this.fanOut.send({ to: [closed.revealed ? liveRoom(closed.sessionId) : liveHosts(closed.sessionId)], event: 'poll:results', payload: { pollId, ...results } });
      // The final count just went out: a send still planned has nothing to add, and one under way must not follow it.
      const planned = this.resultsSends.get(pollId);
      if (planned?.timer) clearTimeout(planned.timer);
      this.resultsSends.delete(pollId);
    }
    return results;
  }

  /** Shows everyone the results, now and as they change; an open anonymous poll's, once it closes. Returns them when they may be seen now. */
  async revealPoll(userId: string, pollId: string, joinedTo: (sessionId: string) => boolean): Promise<PollResults | null> {
    const located = await this.repository.poll(pollId);
    if (!located || !joinedTo(located.sessionId)) throw LiveRoomErrors.pollNotFound();
    await this.hostAccess(userId, located.sessionId, 'reveal poll results');
    const revealedNow = await this.repository.revealPoll(pollId);
    const poll = { ...located, revealed: true };
    const results = maySeeResults({ hosts: false }, poll) ? await this.results(poll) : null;
    // Revealed already: answered, not announced again (pressing it repeatedly must not flood the room).
    if (revealedNow) {
      this.fanOut.send({ to: [liveRoom(poll.sessionId)], event: 'poll:revealed', payload: { sessionId: poll.sessionId, pollId, results } });
      if (results) this.fanOut.send({ to: [liveRoom(poll.sessionId)], event: 'poll:results', payload: { pollId, ...results } });
    }
    return results;
  }

  private results(poll: Pick<PollRow, 'id' | 'anonymous' | 'options'>): Promise<PollResults> {
    return this.repository.tally(poll).then((tally) => resultsFromTally(poll.options.length, tally));
  }

  /**
   * Sends the poll's results soon: at once when none went out lately, otherwise when the spacing
   * is up (RESULTS_EVERY_MS), read from the rows then. A burst of votes is one send of the latest
   * count, never a count that misses a committed vote: every vote asks after its commit.
   */
  private resultsSoon(sessionId: string, pollId: string): void {
    const entry = this.resultsSends.get(pollId) ?? { lastAt: 0, spacingMs: RESULTS_EVERY_MS.least, timer: null, sending: false, askedWhileSending: false };
    this.resultsSends.set(pollId, entry);
    if (entry.sending) {
      // Counted after this send's read: planned again once it is out, so that two sends of one poll never overlap.
      entry.askedWhileSending = true;
      return;
    }
    if (entry.timer) return;
    const wait = Math.max(0, entry.lastAt + entry.spacingMs - Date.now());
    entry.timer = setTimeout(() => {
      entry.timer = null;
      entry.sending = true;
      entry.lastAt = Date.now();
      const sent = this.sendResults(sessionId, pollId, () => this.resultsSends.get(pollId) === entry)
        .then((sendMs) => {
          entry.spacingMs = Math.min(RESULTS_EVERY_MS.most, Math.max(RESULTS_EVERY_MS.least, RESULTS_EVERY_MS.perSendMs * sendMs));
        })
        .finally(() => {
          entry.sending = false;
          if (entry.askedWhileSending) {
            entry.askedWhileSending = false;
            this.resultsSoon(sessionId, pollId);
          }
        });
      inBackground(this.logger, `sending results of poll ${pollId}`, sent);
    }, wait);
    entry.timer.unref();
  }

  /**
   * Sends the poll's current results to whoever may see them, unless `stillWanted` says otherwise
   * once they are read (the poll closed meanwhile, and its final count went out: an earlier read
   * must not follow it). Answers how long writing them to the sockets took (ms).
   */
  private async sendResults(sessionId: string, pollId: string, stillWanted: () => boolean): Promise<number> {
    const poll = await this.repository.poll(pollId);
    if (!poll || !maySeeResults({ hosts: true }, poll)) return 0;
    const results = await this.results(poll);
    if (!stillWanted()) return 0;
    const started = performance.now();
    this.fanOut.send({ to: [poll.revealed ? liveRoom(sessionId) : liveHosts(sessionId)], event: 'poll:results', payload: { pollId, ...results } });
    return performance.now() - started;
  }

  /**
   * An anonymous poll's ballot key: the same for the same voter and poll (so a changed vote finds
   * its ballot), and, without the server's secret, nothing that links back to the voter.
   */
  private ballotKey(pollId: string, userId: string): Buffer {
    return createHmac('sha256', this.config.sessionSecret).update(`live-room-ballot\0${pollId}\0${userId}`).digest();
  }

  private pollFields(poll: PollRow): Omit<PollDto, 'myChoices' | 'results'> {
    return { id: poll.id, question: poll.question, options: poll.options, multiple: poll.multiple, anonymous: poll.anonymous, status: poll.status, revealed: poll.revealed };
  }

  private async pollView(poll: PollRow, hosts: boolean, myChoices: number[] | null): Promise<PollDto> {
    const view: PollDto = { ...this.pollFields(poll), myChoices };
    if (maySeeResults({ hosts }, poll)) view.results = await this.results(poll);
    return view;
  }

  // ---- hands --------------------------------------------------------------------------------

  private handsView(hands: HandRow[]) {
    return handQueue(hands.map((hand) => ({ ...hand, raisedAt: new Date(hand.raisedAt) }))).map((hand) => ({
      userId: hand.userId,
      name: hand.name,
      raisedAt: hand.raisedAt.toISOString(),
    }));
  }

  private async sendHands(sessionId: string): Promise<RoomState['hands']> {
    const hands = this.handsView(await this.repository.hands(sessionId));
    this.fanOut.send({ to: [liveRoom(sessionId)], event: 'hands:changed', payload: { sessionId, hands } });
    return hands;
  }

  async raiseHand(userId: string, sessionId: string): Promise<RoomState['hands']> {
    await this.memberAccess(userId, sessionId, 'raise a hand');
    // A hand already up changes nothing and is not announced again; each new one counts against the limit.
    if (await this.repository.handRaised(sessionId, userId)) return this.handsView(await this.repository.hands(sessionId));
    const verdict = await this.rateLimiter.take({ rule: this.handsPerMinute, subject: userId });
    if (!verdict.allowed) throw LiveRoomErrors.handsRateLimited(verdict.retryAfterSeconds);
    if (!(await this.repository.raiseHand(sessionId, userId))) return this.handsView(await this.repository.hands(sessionId));
    return this.sendHands(sessionId);
  }

  /** Lowers one's own hand (also after the session ended: nothing else changes then). Only a hand that was up is announced. */
  async lowerHand(userId: string, sessionId: string): Promise<RoomState['hands']> {
    const access = await this.quickAccess(userId, sessionId);
    if (!access.contributes) throw LiveRoomErrors.membersOnly('lower a hand');
    if (await this.repository.lowerHand(sessionId, userId)) return this.sendHands(sessionId);
    return this.handsView(await this.repository.hands(sessionId));
  }

  async acknowledgeHand(userId: string, sessionId: string, handUserId: string): Promise<RoomState['hands']> {
    await this.hostAccess(userId, sessionId, 'acknowledge raised hands');
    await this.transactions.run(async (manager) => {
      const queue = handQueue((await this.repository.hands(sessionId, manager)).map((hand) => ({ ...hand, raisedAt: new Date(hand.raisedAt) })));
      const verdict = acknowledgeCheck(queue, handUserId);
      if (verdict === 'not-raised') throw LiveRoomErrors.handNotRaised();
      if (verdict === 'not-next') throw LiveRoomErrors.handNotNext();
      await this.repository.lowerHand(sessionId, handUserId, manager);
    });
    this.fanOut.send({ to: [liveRoom(sessionId)], event: 'hand:acknowledged', payload: { sessionId, userId: handUserId } });
    return this.sendHands(sessionId);
  }

  // ---- questions ----------------------------------------------------------------------------

  private questionView(question: QuestionRow, viewerId: string | null, hosts: boolean): QuestionView {
    const asker = viewerId !== null && question.authorId === viewerId;
    const view: QuestionView = {
      id: question.id,
      text: question.text,
      authorName: question.anonymous ? null : question.authorName,
      authorLabel: question.anonymous ? (question.anonymousLabel ?? 'a member') : null,
      anonymous: question.anonymous,
      votes: question.votes,
      votedByMe: viewerId !== null && question.votedByMe,
      answered: question.answered,
      answer: question.answer,
      mine: asker,
      hidden: question.hidden,
    };
    if (question.hidden && (hosts || asker)) view.hiddenReason = question.hiddenReason;
    if (hosts) view.reports = question.reports;
    return view;
  }

  async ask(userId: string, sessionId: string, input: { text: string; anonymous?: boolean; anonymousAs?: 'team' | 'member' }): Promise<QuestionView> {
    const access = await this.memberAccess(userId, sessionId, 'ask questions');
    const verdict = await this.rateLimiter.take({ rule: this.questionsPerMinute, subject: userId });
    if (!verdict.allowed) throw LiveRoomErrors.questionsRateLimited(verdict.retryAfterSeconds);
    let label: string | null = null;
    if (input.anonymous) {
      // The discussions rule: anonymous only where the network's admins allow it, shown as "a member (of <team>)".
      if (!(await this.repository.allowsAnonymous(access.networkId))) throw LiveRoomErrors.anonymousNotAllowed();
      const wanted = input.anonymousAs ?? 'team';
      label = anonymousLabel(wanted, wanted === 'team' ? (await this.person(access, userId)).teamName : null);
    }
    const id = await this.repository.insertQuestion({ sessionId, authorId: userId, anonymous: input.anonymous ?? false, anonymousLabel: label, text: input.text });
    const row = (await this.repository.question(id, userId))!;
    // Peers and hosts get the same view: nobody in particular (no "mine", no author when anonymous).
    const peerView = this.questionView(row, null, false);
    this.fanOut.send({ to: [liveRoom(sessionId)], event: 'question:asked', payload: { sessionId, question: peerView } });
    return this.questionView(row, userId, access.hosts);
  }

  /** A question of a session the socket joined, that the caller may see (a hidden one is missing to peers). */
  private async questionIn(questionId: string, userId: string, joinedTo: (sessionId: string) => boolean) {
    const question = await this.repository.question(questionId, userId);
    if (!question || !joinedTo(question.sessionId) || !maySeeQuestion({ userId, hosts: false }, question)) throw LiveRoomErrors.questionNotFound();
    return question;
  }

  /**
   * A question for a host's control (answer, hide, reveal its asker), with the caller's access
   * decided afresh. A hidden question is looked for as the caller may see it: a member who is not
   * its asker finds it missing, exactly as a question that does not exist, rather than being told
   * that only hosts may act on it (which would say that it is still there).
   */
  private async questionForHosts(questionId: string, userId: string, joinedTo: (sessionId: string) => boolean): Promise<{ question: QuestionRow & { sessionId: string }; access: RoomAccess }> {
    const question = await this.repository.question(questionId, userId);
    if (!question || !joinedTo(question.sessionId)) throw LiveRoomErrors.questionNotFound();
    const access = await this.access(userId, question.sessionId);
    if (!maySeeQuestion({ userId, hosts: access.hosts }, question)) throw LiveRoomErrors.questionNotFound();
    return { question, access };
  }

  async upvote(userId: string, questionId: string, joinedTo: (sessionId: string) => boolean): Promise<{ questionId: string; votes: number }> {
    const question = await this.questionIn(questionId, userId, joinedTo);
    await this.memberAccess(userId, question.sessionId, 'upvote questions');
    if (question.authorId === userId) throw LiveRoomErrors.ownQuestion();
    const { added, votes } = await this.repository.upvote(questionId, userId);
    // An upvote given again changes nothing: the room is not told again (repeating it must not flood everyone).
    if (added) this.fanOut.send({ to: [liveRoom(question.sessionId)], event: 'question:votes', payload: { sessionId: question.sessionId, questionId, votes } });
    return { questionId, votes };
  }

  async report(userId: string, questionId: string, reason: string | undefined, joinedTo: (sessionId: string) => boolean): Promise<{ questionId: string }> {
    const question = await this.questionIn(questionId, userId, joinedTo);
    await this.memberAccess(userId, question.sessionId, 'report questions');
    if (question.authorId === userId) throw LiveRoomErrors.ownQuestion();
    const { added, reports } = await this.repository.report(questionId, userId, reason || null);
    if (!added) throw LiveRoomErrors.alreadyReported();
    // Reporters stay unnamed: hosts hear that a question was reported, and how often.
    this.fanOut.send({ to: [liveHosts(question.sessionId)], event: 'question:reported', payload: { sessionId: question.sessionId, questionId, reports } });
    return { questionId };
  }

  async markAnswered(
    userId: string,
    questionId: string,
    answered: boolean,
    answer: string | undefined,
    joinedTo: (sessionId: string) => boolean,
  ): Promise<{ questionId: string; answered: boolean; answer: string | null }> {
    const { question, access } = await this.questionForHosts(questionId, userId, joinedTo);
    if (!access.hosts) throw LiveRoomErrors.hostsOnly('mark questions answered');
    const stored = await this.repository.setAnswered(questionId, answered, answer);
    this.fanOut.send({ to: [liveRoom(question.sessionId)], event: 'question:answered', payload: { sessionId: question.sessionId, questionId, answered, answer: stored } });
    return { questionId, answered, answer: stored };
  }

  /**
   * Hides a question (as a moderator hides a post): it leaves everyone's list at once; its asker
   * keeps it, marked hidden with the reason, and the hosts keep it to show it again. `hidden`
   * false shows it again to everyone.
   */
  async hideQuestion(
    userId: string,
    questionId: string,
    input: { hidden: boolean; reason: string | null },
    joinedTo: (sessionId: string) => boolean,
  ): Promise<{ question: QuestionView }> {
    const { question: found, access } = await this.questionForHosts(questionId, userId, joinedTo);
    if (!access.hosts) throw LiveRoomErrors.hostsOnly('hide questions');
    if (!input.hidden && !found.hidden) throw LiveRoomErrors.notHidden();
    await this.repository.setHidden(questionId, input.hidden ? { reason: input.reason, by: userId } : null);
    const question = (await this.repository.question(questionId, userId))!;
    const { sessionId } = found;
    if (input.hidden) {
      const asker = question.authorId ? [userRoom(question.authorId)] : [];
      this.fanOut.send({ to: [liveRoom(sessionId)], except: asker, event: 'question:hidden', payload: { sessionId, questionId } });
      if (question.authorId) this.fanOut.send({ to: asker, event: 'question:hidden', payload: { sessionId, questionId, reason: question.hiddenReason } });
    } else {
      this.fanOut.send({ to: [liveRoom(sessionId)], event: 'question:shown', payload: { sessionId, question: this.questionView(question, null, false) } });
    }
    return { question: this.questionView(question, userId, access.hosts) };
  }

  /**
   * Who asked an anonymous question, for an admin of the network only, through the network's one
   * reveal log (the same as for anonymous posts and lessons): the look is recorded before anything
   * is answered. Coaches moderate (hide) but do not unmask, as in discussions.
   */
  async revealAsker(
    userId: string,
    questionId: string,
    joinedTo: (sessionId: string) => boolean,
  ): Promise<{ questionId: string; author: { userId: string; name: string; teamName: string | null } }> {
    const { question, access } = await this.questionForHosts(questionId, userId, joinedTo);
    if (!networkAllows(access.visibility, access.role, 'administer')) {
      throw access.hosts ? LiveRoomErrors.adminsOnly('see who asked an anonymous question') : LiveRoomErrors.hostsOnly('see who asked an anonymous question');
    }
    if (!question.anonymous) throw LiveRoomErrors.notAnonymous();
    await this.revealLog.recordReveal(access.networkId, { questionId }, userId);
    const author = await this.repository.asker(questionId, access.networkId);
    if (!author) throw LiveRoomErrors.questionNotFound(); // the asker's account was deleted: there is nobody to name
    return { questionId, author };
  }

  // ---- chat ---------------------------------------------------------------------------------

  messageView = (row: MessageRow): MessageView => ({
    id: String(row.id),
    kind: row.kind,
    groupId: row.groupId,
    authorId: row.authorId,
    authorName: row.authorName,
    text: row.text,
    at: new Date(row.at).toISOString(),
  });

  /**
   * A chat message, to the place the sender is in: their breakout group while groups run (a
   * visiting host: the group they visit), else the main room.
   */
  async chat(userId: string, sessionId: string, text: string, visiting: string | null): Promise<MessageView> {
    // What the message needs, read side by side: a chat message is one round trip, then the write.
    const [access, verdict, room, name] = await Promise.all([
      this.quickAccess(userId, sessionId),
      this.rateLimiter.take({ rule: this.chatPerMinute, subject: userId }),
      this.repository.state(sessionId),
      this.repository.displayName(userId),
    ]);
    if (!access.contributes) throw LiveRoomErrors.membersOnly('chat');
    if (access.status !== 'live') throw LiveRoomErrors.notLive();
    if (!verdict.allowed) throw LiveRoomErrors.chatRateLimited(verdict.retryAfterSeconds);
    const [groupId, groups] = room.breakoutRunning
      ? await Promise.all([
          access.hosts && visiting ? Promise.resolve(visiting) : this.repository.groupOf(sessionId, userId).then((group) => group?.id ?? null),
          this.repository.groups(sessionId),
        ])
      : [null, []];
    const row = await this.repository.insertMessage({ sessionId, groupId, kind: 'chat', authorId: userId, authorName: name, text });
    const message = this.messageView(row);
    if (groupId) {
      this.fanOut.send({ to: [liveGroup(sessionId, groupId)], event: 'chat:message', payload: { sessionId, message } });
    } else {
      // While groups run, the main room's chat is for those not in a group (hosts): groups do not hear it.
      const except = groups.map((group) => liveGroup(sessionId, group.id));
      this.fanOut.send({ to: [liveRoom(sessionId)], except, event: 'chat:message', payload: { sessionId, message } });
    }
    return message;
  }

  // ---- breakouts ----------------------------------------------------------------------------

  private async breakoutView(access: RoomAccess, groups: GroupRow[], running: boolean, endsAt: Date | null): Promise<BreakoutView | null> {
    if (groups.length === 0) return null;
    const people = await this.repository.people(access.networkId, [...new Set(groups.flatMap((group) => group.memberIds))]);
    const nameOf = new Map(people.map((person) => [person.userId, person.name]));
    return {
      running,
      endsAt: running ? iso(endsAt) : null,
      groups: groups.map((group) => ({ id: group.id, name: group.name, members: group.memberIds.map((id) => ({ userId: id, name: nameOf.get(id) ?? '' })) })),
    };
  }

  /**
   * Makes `count` groups from the members in the room now (hosts stay out: they visit), by team,
   * mixed, or as the coach assigned them (anyone in the network).
   */
  async createBreakouts(
    userId: string,
    sessionId: string,
    input: { count: number; mode: BreakoutMode; assignments?: { userId: string; group: number }[] },
    presentUserIds: readonly string[],
  ): Promise<BreakoutView> {
    const access = await this.hostAccess(userId, sessionId, 'create breakout groups');
    if (access.status !== 'live') throw LiveRoomErrors.notLive();
    let memberIds: string[][];
    if (input.mode === 'manual') {
      const assignments = input.assignments ?? [];
      const problem = checkManualAssignments(assignments, input.count);
      if (problem) throw LiveRoomErrors.badAssignments(problem);
      const people = await this.repository.people(access.networkId, assignments.map((assignment) => assignment.userId));
      const members = new Set(people.filter((person) => person.role !== null).map((person) => person.userId));
      if (assignments.some((assignment) => !members.has(assignment.userId))) throw LiveRoomErrors.badAssignments('assignments must name members of this network');
      memberIds = Array.from({ length: input.count }, (_, group) => assignments.filter((assignment) => assignment.group === group).map((assignment) => assignment.userId));
    } else {
      const people = await this.repository.people(access.networkId, presentUserIds);
      const members = people.filter((person) => person.role === 'member');
      memberIds = assignBreakouts(members.map((person) => ({ userId: person.userId, teamId: person.teamId })), input.count, input.mode);
    }
    await this.transactions.run(async (manager) => {
      await this.stillLive(sessionId, manager);
      const room = await this.repository.lockState(sessionId, manager);
      if (room.breakoutRunning) throw LiveRoomErrors.breakoutsRunning();
      await this.repository.replaceGroups(sessionId, memberIds.map((ids, position) => ({ name: breakoutGroupName(position), memberIds: ids })), manager);
    });
    const view = (await this.breakoutView(access, await this.repository.groups(sessionId), false, null))!;
    this.fanOut.send({ to: [liveRoom(sessionId)], event: 'breakout:created', payload: { sessionId, breakouts: view } });
    return view;
  }

  /**
   * Inside a breakout change's transaction: the session is still live, read under a share lock on
   * its row. The status read before the transaction may be stale: an end being written at that
   * moment holds the row (FOR UPDATE) and is waited for here, so that no group starts, and no
   * timer is set, in a session that has just ended. (Rows are taken in the end's order: the
   * session, then the room's state.)
   */
  private async stillLive(sessionId: string, manager: EntityManager): Promise<void> {
    if ((await this.repository.lockStatus(sessionId, manager, 'share')) !== 'live') throw LiveRoomErrors.notLive();
  }

  /** Starts the groups with a timer; returns who goes where, for the gateway to move sockets. */
  async startBreakouts(userId: string, sessionId: string, minutes: number): Promise<{ endsAt: Date; groups: GroupRow[] }> {
    const access = await this.hostAccess(userId, sessionId, 'start breakout groups');
    if (access.status !== 'live') throw LiveRoomErrors.notLive();
    const endsAt = new Date(Date.now() + minutes * 60_000);
    const groups = await this.transactions.run(async (manager) => {
      await this.stillLive(sessionId, manager);
      const room = await this.repository.lockState(sessionId, manager);
      if (room.breakoutRunning) throw LiveRoomErrors.breakoutsRunning();
      const groups = await this.repository.groups(sessionId, manager);
      if (groups.length === 0) throw LiveRoomErrors.noBreakouts();
      const round = await this.repository.setBreakoutRunning(sessionId, endsAt, true, manager);
      // The groups end by themselves when their time is up, through the job queue (in PostgreSQL:
      // a restart or another instance keeps the timer), unless the coach ends them first.
      const job: BreakoutEndJob = { sessionId, round };
      await this.jobs.add(BREAKOUT_END_JOB, job, { key: breakoutEndKey(sessionId), keyMode: 'replace', runAt: endsAt, maxAttempts: 5, manager });
      return groups;
    });
    return { endsAt, groups };
  }

  /** The coach brings everyone back. */
  async endBreakouts(userId: string, sessionId: string): Promise<void> {
    await this.hostAccess(userId, sessionId, 'bring everyone back');
    if (!(await this.finishBreakouts(sessionId, null))) throw LiveRoomErrors.breakoutsNotRunning();
  }

  /** The timer's job: ends the round it was set for, if that round is still running (idempotent, as jobs must be). */
  private async breakoutTimeUp(payload: unknown): Promise<void> {
    if (!isBreakoutEndJob(payload)) {
      this.logger.warn('A breakout timer job without a session was dropped.');
      return;
    }
    await this.finishBreakouts(payload.sessionId, payload.round);
  }

  /**
   * Stops the running groups (only round `round`, when given) and tells the gateway, which moves
   * every socket back to the main room; false when there was nothing to stop. The groups, their
   * chat and their notes stay: nothing anyone wrote goes anywhere.
   */
  private async finishBreakouts(sessionId: string, round: number | null): Promise<boolean> {
    const groups = await this.transactions.run(async (manager) => {
      const room = await this.repository.lockState(sessionId, manager);
      if (round === null ? !room.breakoutRunning : !timerStillApplies(room, round)) return null;
      await this.repository.setBreakoutRunning(sessionId, null, false, manager);
      if (round === null) await this.jobs.remove(breakoutEndKey(sessionId), { manager });
      return this.repository.groups(sessionId, manager);
    });
    if (!groups) return false;
    this.fanOut.breakoutsEnded({ sessionId, groupIds: groups.map((group) => group.id) });
    return true;
  }

  /**
   * Moves one person to another of the current groups (or into one, if they had none), before the
   * groups start or while they run. Their notes access follows them at once: connections to their
   * old group's notes are closed. Returns what the gateway needs to move their sockets.
   */
  async moveToGroup(
    userId: string,
    sessionId: string,
    personId: string,
    groupId: string,
  ): Promise<{ group: GroupRow; running: boolean; endsAt: string | null; breakouts: BreakoutView }> {
    const access = await this.hostAccess(userId, sessionId, 'move people between breakout groups');
    if (access.status !== 'live') throw LiveRoomErrors.notLive();
    const [person] = await this.repository.people(access.networkId, [personId]);
    if (!person || person.role === null) throw LiveRoomErrors.notANetworkMember();
    const { room, groups } = await this.transactions.run(async (manager) => {
      await this.stillLive(sessionId, manager);
      const room = await this.repository.lockState(sessionId, manager);
      const groups = await this.repository.groups(sessionId, manager);
      if (!groups.some((group) => group.id === groupId)) throw LiveRoomErrors.groupNotFound();
      await this.repository.moveMember(sessionId, personId, groupId, manager);
      return { room, groups: await this.repository.groups(sessionId, manager) };
    });
    await this.notes.breakoutMembershipChanged(sessionId);
    const breakouts = (await this.breakoutView(access, groups, room.breakoutRunning, room.breakoutEndsAt))!;
    this.fanOut.send({ to: [liveRoom(sessionId)], event: 'breakout:updated', payload: { sessionId, breakouts } });
    return { group: groups.find((group) => group.id === groupId)!, running: room.breakoutRunning, endsAt: room.breakoutRunning ? iso(room.breakoutEndsAt) : null, breakouts };
  }

  async visitGroup(userId: string, sessionId: string, groupId: string): Promise<{ group: GroupRow; messages: MessageView[] }> {
    await this.hostAccess(userId, sessionId, 'visit breakout groups');
    const room = await this.repository.state(sessionId);
    if (!room.breakoutRunning) throw LiveRoomErrors.breakoutsNotRunning();
    const group = (await this.repository.groups(sessionId)).find((candidate) => candidate.id === groupId);
    if (!group) throw LiveRoomErrors.groupNotFound();
    const messages = await this.repository.recentMessages(sessionId, groupId, LIMITS.recentMessages);
    return { group, messages: messages.map(this.messageView) };
  }

  async groupOf(sessionId: string, userId: string): Promise<{ id: string; name: string; endsAt: string | null } | null> {
    const room = await this.repository.state(sessionId);
    if (!room.breakoutRunning) return null;
    const group = await this.repository.groupOf(sessionId, userId);
    return group ? { ...group, endsAt: iso(room.breakoutEndsAt) } : null;
  }
}
