import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { networkAllowsSql } from '../networks/network-access.sql';
import { networkAccessColumns, networkAccessFrom, type FoundNetworkAccess, type NetworkAccessColumns } from '../networks/networks.repository';
import type { AgendaItem, LearningSessionStatus, RsvpStatus } from './learning-session.rules';
import { LearningSession } from './learning-session.entity';

/** A session with what its pages show beside it: its network's name, who scheduled it, the answers so far and the reader's own. */
export interface SessionRow {
  session: LearningSession;
  networkName: string;
  createdByName: string | null;
  going: number;
  notGoing: number;
  myRsvp: RsvpStatus | null;
  /** Its summary is published (the harvest). */
  summaryPublished: boolean;
}

/** The part of a session the live room needs to decide a message. */
export type RoomSessionRow = Pick<LearningSession, 'id' | 'title' | 'status' | 'agenda'>;

interface RawSessionRow {
  id: string;
  networkId: string;
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  meetingUrl: string | null;
  capacity: number | null;
  agenda: AgendaItem[];
  status: LearningSessionStatus;
  sequence: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  networkName: string;
  createdByName: string | null;
  going: number;
  notGoing: number;
  myRsvp: RsvpStatus | null;
  summaryPublished: boolean;
}

/** $1: the reader. */
const SESSION_COLUMNS = `
  s.id, s.network_id AS "networkId", s.title, s.description, s.starts_at AS "startsAt", s.ends_at AS "endsAt",
  s.time_zone AS "timeZone", s.meeting_url AS "meetingUrl", s.capacity, s.agenda, s.status, s.sequence,
  s.created_by AS "createdBy", s.created_at AS "createdAt", s.updated_at AS "updatedAt",
  sn.name AS "networkName", cu.display_name AS "createdByName",
  (SELECT count(*)::int FROM learning_session_rsvps r WHERE r.session_id = s.id AND r.status = 'going') AS going,
  (SELECT count(*)::int FROM learning_session_rsvps r WHERE r.session_id = s.id AND r.status = 'not_going') AS "notGoing",
  (SELECT r.status FROM learning_session_rsvps r WHERE r.session_id = s.id AND r.user_id = $1::uuid) AS "myRsvp",
  EXISTS (SELECT 1 FROM learning_session_summaries m WHERE m.session_id = s.id AND m.status = 'published') AS "summaryPublished"`;

const SESSION_FROM = `learning_sessions s JOIN networks sn ON sn.id = s.network_id LEFT JOIN users cu ON cu.id = s.created_by`;

function toSessionRow(raw: RawSessionRow): SessionRow {
  const session = Object.assign(new LearningSession(), {
    id: raw.id,
    networkId: raw.networkId,
    title: raw.title,
    description: raw.description,
    startsAt: new Date(raw.startsAt),
    endsAt: new Date(raw.endsAt),
    timeZone: raw.timeZone,
    meetingUrl: raw.meetingUrl,
    capacity: raw.capacity,
    agenda: raw.agenda,
    status: raw.status,
    sequence: raw.sequence,
    createdBy: raw.createdBy,
    createdAt: new Date(raw.createdAt),
    updatedAt: new Date(raw.updatedAt),
  });
  return { session, networkName: raw.networkName, createdByName: raw.createdByName, going: raw.going, notGoing: raw.notGoing, myRsvp: raw.myRsvp, summaryPublished: raw.summaryPublished };
}

export interface NewSession {
  networkId: string;
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  meetingUrl: string | null;
  capacity: number | null;
  agenda: AgendaItem[];
  createdBy: string | null;
  status?: LearningSessionStatus;
}

export type SessionChanges = Partial<Pick<NewSession, 'title' | 'description' | 'startsAt' | 'endsAt' | 'timeZone' | 'meetingUrl' | 'capacity' | 'agenda'>>;

const CHANGE_COLUMNS: Record<keyof SessionChanges, string> = {
  title: 'title',
  description: 'description',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  timeZone: 'time_zone',
  meetingUrl: 'meeting_url',
  capacity: 'capacity',
  agenda: 'agenda',
};

export interface ListPage {
  networkId: string;
  readerId: string;
  when: 'upcoming' | 'past';
  now: Date;
  /** The last session of the previous page. */
  after: { startsAt: Date; id: string } | null;
  limit: number;
}

/** The only class that queries the learning-session tables. */
@Injectable()
export class LearningSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /**
   * A session as the reader sees it together with what the access policy decides from (its
   * network and the reader's membership), in one round trip. `lock` takes the row for update, so
   * that edits, cancels and answers to it happen one after another.
   */
  async findWithAccess(
    sessionId: string,
    readerId: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<{ row: SessionRow; found: FoundNetworkAccess } | null> {
    if (lock) await this.db(manager).query(`SELECT 1 FROM learning_sessions WHERE id = $1 FOR UPDATE`, [sessionId]);
    const rows: (RawSessionRow & NetworkAccessColumns)[] = await this.db(manager).query(
      `SELECT ${SESSION_COLUMNS}, ${networkAccessColumns('sn', 'am')}
         FROM ${SESSION_FROM}
         LEFT JOIN memberships am ON am.network_id = sn.id AND am.user_id = $1::uuid
        WHERE s.id = $2`,
      [readerId, sessionId],
    );
    const raw = rows[0];
    if (!raw) return null;
    return { row: toSessionRow(raw), found: networkAccessFrom(raw, readerId) };
  }

  /**
   * What the live room decides each message by: the session's status and plan and the reader's
   * place in its network, without the page's counts (every vote and chat message asks this).
   */
  async findForRoom(sessionId: string, readerId: string): Promise<{ room: RoomSessionRow; found: FoundNetworkAccess } | null> {
    const rows: (RoomSessionRow & NetworkAccessColumns)[] = await this.db().query(
      `SELECT s.id, s.title, s.status, s.agenda, ${networkAccessColumns('sn', 'am')}
         FROM learning_sessions s JOIN networks sn ON sn.id = s.network_id
         LEFT JOIN memberships am ON am.network_id = sn.id AND am.user_id = $1::uuid
        WHERE s.id = $2`,
      [readerId, sessionId],
    );
    const raw = rows[0];
    if (!raw) return null;
    return { room: { id: raw.id, title: raw.title, status: raw.status, agenda: raw.agenda }, found: networkAccessFrom(raw, readerId) };
  }

  async find(sessionId: string, readerId: string | null, manager?: EntityManager): Promise<SessionRow | null> {
    const rows: RawSessionRow[] = await this.db(manager).query(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = $2`, [readerId, sessionId]);
    return rows[0] ? toSessionRow(rows[0]) : null;
  }

  async insert(session: NewSession, manager?: EntityManager): Promise<string> {
    const rows: { id: string }[] = await this.db(manager).query(
      `INSERT INTO learning_sessions (network_id, title, description, starts_at, ends_at, time_zone, meeting_url, capacity, agenda, created_by, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11) RETURNING id`,
      [
        session.networkId,
        session.title,
        session.description,
        session.startsAt,
        session.endsAt,
        session.timeZone,
        session.meetingUrl,
        session.capacity,
        JSON.stringify(session.agenda),
        session.createdBy,
        session.status ?? 'scheduled',
      ],
    );
    return rows[0].id;
  }

  /** Applies the changes and bumps the sequence, so that calendars replace the event they hold. */
  async update(sessionId: string, changes: SessionChanges, manager?: EntityManager): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [sessionId];
    for (const [field, column] of Object.entries(CHANGE_COLUMNS) as [keyof SessionChanges, string][]) {
      if (changes[field] === undefined) continue;
      params.push(field === 'agenda' ? JSON.stringify(changes.agenda) : changes[field]);
      sets.push(`${column} = $${params.length}${field === 'agenda' ? '::jsonb' : ''}`);
    }
    await this.db(manager).query(
      `UPDATE learning_sessions SET ${[...sets, 'sequence = sequence + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
      params,
    );
  }

  async setStatus(sessionId: string, status: LearningSessionStatus, bumpSequence: boolean, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(
      `UPDATE learning_sessions SET status = $2, sequence = sequence + $3::int, updated_at = now() WHERE id = $1`,
      [sessionId, status, bumpSequence ? 1 : 0],
    );
  }

  /** A page of a network's sessions: upcoming soonest first, past latest first. */
  async list(page: ListPage, manager?: EntityManager): Promise<SessionRow[]> {
    const params: unknown[] = [page.readerId, page.networkId, page.now, page.limit];
    const upcoming = page.when === 'upcoming';
    const where = upcoming ? `s.status <> 'ended' AND s.ends_at > $3` : `(s.status = 'ended' OR s.ends_at <= $3)`;
    let after = '';
    if (page.after) {
      params.push(page.after.startsAt, page.after.id);
      after = upcoming ? `AND (s.starts_at, s.id) > ($5, $6::uuid)` : `AND (s.starts_at, s.id) < ($5, $6::uuid)`;
    }
    const rows: RawSessionRow[] = await this.db(manager).query(
      `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM}
        WHERE s.network_id = $2 AND ${where} ${after}
        ORDER BY s.starts_at ${upcoming ? 'ASC' : 'DESC'}, s.id ${upcoming ? 'ASC' : 'DESC'}
        LIMIT $4`,
      params,
    );
    return rows.map(toSessionRow);
  }

  // ---- answers ----

  async setRsvp(sessionId: string, userId: string, status: RsvpStatus, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(
      `INSERT INTO learning_session_rsvps (session_id, user_id, status) VALUES ($1, $2, $3)
       ON CONFLICT (session_id, user_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
      [sessionId, userId, status],
    );
  }

  async removeRsvp(sessionId: string, userId: string, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(`DELETE FROM learning_session_rsvps WHERE session_id = $1 AND user_id = $2`, [sessionId, userId]);
  }

  /** Who said they are going. */
  async goingUserIds(sessionId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { userId: string }[] = await this.db(manager).query(
      `SELECT user_id AS "userId" FROM learning_session_rsvps WHERE session_id = $1 AND status = 'going' ORDER BY created_at, user_id`,
      [sessionId],
    );
    return rows.map((row) => row.userId);
  }

  /** The sessions a user is going to (for their calendar feed), in networks they may still read, nearest first. */
  async sessionsGoingTo(userId: string, since: Date, manager?: EntityManager): Promise<SessionRow[]> {
    const rows: RawSessionRow[] = await this.db(manager).query(
      `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM}
         JOIN learning_session_rsvps mine ON mine.session_id = s.id AND mine.user_id = $1::uuid AND mine.status = 'going'
         LEFT JOIN memberships fm ON fm.network_id = sn.id AND fm.user_id = $1::uuid
        WHERE s.ends_at >= $2 AND ${networkAllowsSql('read', { visibility: 'sn.visibility', role: 'fm.role' })}
        ORDER BY s.starts_at, s.id
        LIMIT 500`,
      [userId, since],
    );
    return rows.map(toSessionRow);
  }

  /** The networks among `networkIds` the user belongs to. */
  async membershipsOf(userId: string, networkIds: string[], manager?: EntityManager): Promise<Set<string>> {
    if (networkIds.length === 0) return new Set();
    const rows: { networkId: string }[] = await this.db(manager).query(
      `SELECT network_id AS "networkId" FROM memberships WHERE user_id = $1 AND network_id = ANY($2::uuid[])`,
      [userId, networkIds],
    );
    return new Set(rows.map((row) => row.networkId));
  }

  // ---- calendar feed ----

  async feedTokenExists(userId: string, manager?: EntityManager): Promise<{ createdAt: Date } | null> {
    const rows: { createdAt: Date }[] = await this.db(manager).query(`SELECT created_at AS "createdAt" FROM calendar_feed_tokens WHERE user_id = $1`, [userId]);
    return rows[0] ?? null;
  }

  /** One token per user: making a new one replaces the old, whose address stops working at once. */
  async replaceFeedToken(userId: string, tokenHash: string, manager?: EntityManager): Promise<Date> {
    const rows: { createdAt: Date }[] = await this.db(manager).query(
      `INSERT INTO calendar_feed_tokens (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()
       RETURNING created_at AS "createdAt"`,
      [userId, tokenHash],
    );
    return rows[0].createdAt;
  }

  async removeFeedToken(userId: string, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(`DELETE FROM calendar_feed_tokens WHERE user_id = $1`, [userId]);
  }

  async feedOwner(tokenHash: string, manager?: EntityManager): Promise<string | null> {
    const rows: { userId: string }[] = await this.db(manager).query(`SELECT user_id AS "userId" FROM calendar_feed_tokens WHERE token_hash = $1`, [tokenHash]);
    return rows[0]?.userId ?? null;
  }
}
