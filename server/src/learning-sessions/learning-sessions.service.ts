import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../common/request-context';
import { NetworkAccessPolicy, type NetworkAccess } from '../networks/network-access.policy';
import { networkAllows, type NetworkAction, type NetworkRole, type NetworkVisibility } from '../networks/network.rules';
import { AppError } from '../platform/app-error';
import { Transactions } from '../platform/transactions';
import { NotificationsService } from '../notifications/notifications.service';
import { SearchOutbox } from '../search/search-outbox';
import { calendarTimeZone } from './learning-session-calendar';
import { LearningSessionReminders } from './learning-session-reminders';
import {
  LEARNING_SESSION_LIMITS as LIMITS,
  acceptsRsvps,
  hasRoom,
  isEditable,
  isPast,
  timeChanged,
  timeProblem,
  type AgendaItem,
  type RsvpStatus,
} from './learning-session.rules';
import type { LearningSession } from './learning-session.entity';
import type {
  AgendaItemBody,
  CancelLearningSessionBody,
  CreateLearningSessionBody,
  LearningSessionDto,
  LearningSessionPageDto,
  ListLearningSessionsQuery,
  UpdateLearningSessionBody,
} from './learning-sessions.dto';
import { LearningSessionErrors } from './learning-sessions.errors';
import { LearningSessionsRepository, type RoomSessionRow, type SessionChanges, type SessionRow } from './learning-sessions.repository';
import type { FoundNetworkAccess } from '../networks/networks.repository';

/** What `access` found: the session, and who the caller is in its network. */
export interface SessionAccess {
  session: LearningSession;
  networkId: string;
  role: NetworkRole | null;
  visibility: NetworkVisibility;
  /** The session as its pages show it (counts and the caller's own answer). */
  row: SessionRow;
}

export function toAgenda(items: AgendaItemBody[]): AgendaItem[] {
  return items.map((item) => ({ title: item.title, minutes: item.minutes, ...(item.presenter ? { presenter: item.presenter } : {}) }));
}

/** A page cursor: the last session's start and id, which the client hands back untouched. */
function encodeCursor(session: LearningSession): string {
  return Buffer.from(`${session.startsAt.toISOString()}|${session.id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function decodeCursor(cursor: string): { startsAt: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startsAt = new Date(at ?? '');
  const year = startsAt.getUTCFullYear();
  if (rest.length > 0 || Number.isNaN(startsAt.getTime()) || year < 1 || year > 9999 || !UUID.test(id ?? '')) throw LearningSessionErrors.badCursor();
  return { startsAt, id };
}

/**
 * Learning sessions: who may see and host them (through the network's access policy), scheduling
 * and the pages' view of a session. Every door to a session by its own id starts at `access`.
 */
@Injectable()
export class LearningSessionsService {
  constructor(
    private readonly repository: LearningSessionsRepository,
    private readonly policy: NetworkAccessPolicy,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsService,
    private readonly reminders: LearningSessionReminders,
    private readonly outbox: SearchOutbox,
  ) {}

  /**
   * The session and the caller's role in its network, or the usual refusal: a missing session and
   * a session in a network the caller cannot read are the same 404; a readable one whose network
   * does not allow `action` is a 403. `read` sees it, `contribute` takes part (answers, the room),
   * `moderate` hosts it. With `manager`, the session's row is locked for the rest of the
   * transaction, so that changes to one session happen one after another.
   */
  async access(caller: Pick<Caller, 'userId'>, sessionId: string, action: NetworkAction, manager?: EntityManager): Promise<SessionAccess> {
    const loaded = await this.repository.findWithAccess(sessionId, caller.userId, manager, manager !== undefined);
    if (!loaded) throw LearningSessionErrors.notFound();
    const access = this.decide(loaded.found, action);
    return { session: loaded.row.session, networkId: access.network.id, role: access.role, visibility: access.network.visibility, row: loaded.row };
  }

  /** The same decision as `access`, with only what the live room needs of the session (it asks on every message). */
  async roomAccess(userId: string, sessionId: string, action: NetworkAction): Promise<{ room: RoomSessionRow; access: NetworkAccess }> {
    const loaded = await this.repository.findForRoom(sessionId, userId);
    if (!loaded) throw LearningSessionErrors.notFound();
    return { room: loaded.room, access: this.decide(loaded.found, action) };
  }

  /** The network's policy on the session's network; a network the caller may not see is the same 404 as a missing session. */
  private decide(found: FoundNetworkAccess, action: NetworkAction): NetworkAccess {
    try {
      return this.policy.decide(found, action);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') throw LearningSessionErrors.notFound();
      throw error;
    }
  }

  async create(caller: Caller, network: NetworkAccess, body: CreateLearningSessionBody): Promise<LearningSessionDto> {
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    const now = new Date();
    this.checkTimes(startsAt, endsAt, now);
    if (startsAt.getTime() <= now.getTime()) throw LearningSessionErrors.startsInPast();
    const timeZone = this.calendarZone(body.timeZone);
    const id = await this.transactions.run(async (manager) => {
      const created = await this.repository.insert(
        {
          networkId: network.network.id,
          title: body.title,
          description: body.description || null,
          startsAt,
          endsAt,
          timeZone,
          meetingUrl: body.meetingUrl || null,
          capacity: body.capacity ?? null,
          agenda: toAgenda(body.agenda),
          createdBy: caller.userId,
        },
        manager,
      );
      await this.reminders.schedule({ id: created, startsAt }, manager, now);
      await this.outbox.changed(manager, 'learning-session', created);
      return created;
    });
    return this.get(caller, id);
  }

  /** The zone's calendar name (see calendarTimeZone), or the field error. */
  private calendarZone(zone: string): string {
    const known = calendarTimeZone(zone);
    if (!known) throw LearningSessionErrors.unknownTimeZone();
    return known;
  }

  /**
   * Changes a scheduled session that is not over. Every edit bumps its sequence (calendars then
   * replace the event); a new start or end moves the reminders and tells the people going.
   */
  async update(caller: Caller, sessionId: string, body: UpdateLearningSessionBody): Promise<LearningSessionDto> {
    await this.transactions.run(async (manager) => {
      const { session, row } = await this.access(caller, sessionId, 'moderate', manager);
      const now = new Date();
      if (session.status === 'live') throw LearningSessionErrors.underWay();
      if (!isEditable(session, now)) throw LearningSessionErrors.notEditable();
      const startsAt = body.startsAt !== undefined ? new Date(body.startsAt) : session.startsAt;
      const endsAt = body.endsAt !== undefined ? new Date(body.endsAt) : session.endsAt;
      this.checkTimes(startsAt, endsAt, now);
      if (startsAt.getTime() !== session.startsAt.getTime() && startsAt.getTime() <= now.getTime()) throw LearningSessionErrors.startsInPast();
      if (body.capacity !== undefined && body.capacity !== null && body.capacity < row.going) throw LearningSessionErrors.capacityBelowGoing(row.going);
      const changes: SessionChanges = {
        title: body.title,
        description: body.description === undefined ? undefined : body.description || null,
        startsAt: body.startsAt !== undefined ? startsAt : undefined,
        endsAt: body.endsAt !== undefined ? endsAt : undefined,
        timeZone: body.timeZone !== undefined ? this.calendarZone(body.timeZone) : undefined,
        meetingUrl: body.meetingUrl === undefined ? undefined : body.meetingUrl || null,
        capacity: body.capacity,
        agenda: body.agenda !== undefined ? toAgenda(body.agenda) : undefined,
      };
      await this.repository.update(session.id, changes, manager);
      await this.outbox.changed(manager, 'learning-session', session.id);
      if (startsAt.getTime() !== session.startsAt.getTime()) await this.reminders.schedule({ id: session.id, startsAt }, manager, now);
      if (timeChanged(session, { startsAt, endsAt })) {
        const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: changes.timeZone ?? session.timeZone }).format(startsAt);
        await this.tellPeopleGoing(caller, session, manager, {
          kind: 'session_updated',
          title: changes.title ?? session.title,
          excerpt: `Now ${when} (${changes.timeZone ?? session.timeZone}).`,
          key: `session_updated:${session.id}:${session.sequence + 1}`,
        });
      }
    });
    return this.get(caller, sessionId);
  }

  /** Calls a session off: it stays, marked cancelled, so that calendars and the people going learn of it. */
  async cancel(caller: Caller, sessionId: string, body: CancelLearningSessionBody): Promise<LearningSessionDto> {
    await this.transactions.run(async (manager) => {
      const { session } = await this.access(caller, sessionId, 'moderate', manager);
      if (session.status === 'cancelled') throw LearningSessionErrors.alreadyCancelled();
      if (session.status === 'live') throw LearningSessionErrors.underWay();
      if (!isEditable(session, new Date())) throw LearningSessionErrors.notEditable();
      await this.repository.setStatus(session.id, 'cancelled', true, manager);
      await this.reminders.unschedule(session.id, manager);
      await this.outbox.changed(manager, 'learning-session', session.id);
      await this.tellPeopleGoing(caller, session, manager, {
        kind: 'session_cancelled',
        title: session.title,
        excerpt: body.reason ?? '',
        key: `session_cancelled:${session.id}`,
      });
    });
    return this.get(caller, sessionId);
  }

  /** The people going hear of a change, except whoever made it. */
  private async tellPeopleGoing(
    caller: Caller,
    session: LearningSession,
    manager: EntityManager,
    what: { kind: 'session_updated' | 'session_cancelled'; title: string; excerpt: string; key: string },
  ): Promise<void> {
    const going = (await this.repository.goingUserIds(session.id, manager)).filter((userId) => userId !== caller.userId);
    await this.notifications.notify(
      {
        kind: what.kind,
        networkId: session.networkId,
        recipients: going,
        title: what.title,
        excerpt: what.excerpt,
        actorLabel: caller.displayName,
        url: `/networks/${session.networkId}/learning-sessions/${session.id}`,
        key: what.key,
      },
      manager,
    );
  }

  /**
   * A member says whether they are going. A full session refuses one more "going" (409) but
   * always takes "not going"; a session that is over or cancelled takes no answers.
   */
  async rsvp(caller: Caller, sessionId: string, status: RsvpStatus): Promise<LearningSessionDto> {
    await this.transactions.run(async (manager) => {
      // The session's row is locked: two people taking the last place are served one after the other.
      const { session, row } = await this.access(caller, sessionId, 'contribute', manager);
      if (!acceptsRsvps(session, new Date())) throw LearningSessionErrors.closedForRsvps();
      if (status === 'going' && row.myRsvp !== 'going' && !hasRoom(session.capacity, row.going)) throw LearningSessionErrors.full();
      await this.repository.setRsvp(session.id, caller.userId, status, manager);
    });
    return this.get(caller, sessionId);
  }

  async get(caller: Caller, sessionId: string): Promise<LearningSessionDto> {
    const found = await this.access(caller, sessionId, 'read');
    return this.toDto(found.row, found.role, found.visibility);
  }

  async list(caller: Caller, network: NetworkAccess, query: ListLearningSessionsQuery): Promise<LearningSessionPageDto> {
    const limit = query.limit ?? LIMITS.pageSize;
    const rows = await this.repository.list({
      networkId: network.network.id,
      readerId: caller.userId,
      when: query.when ?? 'upcoming',
      now: new Date(),
      after: query.cursor ? decodeCursor(query.cursor) : null,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => this.toDto(row, network.role, network.network.visibility)),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].session) : null,
      can: { schedule: networkAllows(network.network.visibility, network.role, 'moderate') },
    };
  }

  /** Throws the field error for times that cannot make a session. */
  checkTimes(startsAt: Date, endsAt: Date, now: Date): void {
    switch (timeProblem(startsAt, endsAt, now)) {
      case 'order':
        throw LearningSessionErrors.endsBeforeStart();
      case 'too-long':
        throw LearningSessionErrors.tooLong(LIMITS.maxLengthMinutes / 60);
      case 'too-far':
        throw LearningSessionErrors.tooFarAhead(LIMITS.maxYearsAhead);
      case null:
        return;
    }
  }

  toDto(row: SessionRow, role: NetworkRole | null, visibility: NetworkVisibility, now = new Date()): LearningSessionDto {
    const { session } = row;
    const moderates = networkAllows(visibility, role, 'moderate');
    const member = role !== null;
    // A public network is read by everyone signed in; its video call is for those who belong.
    const meetingUrl = member ? session.meetingUrl : null;
    return {
      id: session.id,
      networkId: session.networkId,
      networkName: row.networkName,
      title: session.title,
      description: session.description,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      timeZone: session.timeZone,
      meetingUrl,
      meetingUrlForMembersOnly: session.meetingUrl !== null && meetingUrl === null,
      capacity: session.capacity,
      agenda: session.agenda,
      status: session.status,
      past: isPast(session, now),
      sequence: session.sequence,
      createdBy: session.createdBy && row.createdByName ? { id: session.createdBy, name: row.createdByName } : null,
      rsvps: { going: row.going, notGoing: row.notGoing },
      myRsvp: row.myRsvp,
      summaryPublished: row.summaryPublished,
      createdAt: session.createdAt.toISOString(),
      updatedAt: session.updatedAt.toISOString(),
      can: {
        edit: moderates && isEditable(session, now),
        cancel: moderates && isEditable(session, now),
        rsvp: networkAllows(visibility, role, 'contribute') && acceptsRsvps(session, now),
        host: moderates,
      },
      full: !hasRoom(session.capacity, row.going),
    };
  }
}
