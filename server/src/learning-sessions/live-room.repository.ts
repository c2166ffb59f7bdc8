import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NetworkRole } from '../networks/network.rules';
import type { PollStatus } from './live-room.rules';
import type { MessageView } from '../shared/live-room.contract';

/** Someone in the room as others see them. */
export interface PersonRow {
  userId: string;
  name: string;
  role: NetworkRole | null;
  teamId: string | null;
  teamName: string | null;
}

export interface RoomStateRow {
  agendaIndex: number | null;
  agendaItemStartedAt: Date | null;
  breakoutRunning: boolean;
  breakoutEndsAt: Date | null;
  /** How many times groups have been started in this session: the round a timer belongs to. */
  breakoutRound: number;
}

export interface HandRow {
  userId: string;
  name: string;
  raisedAt: Date;
}

export interface QuestionRow {
  id: string;
  authorId: string | null;
  authorName: string | null;
  anonymous: boolean;
  anonymousLabel: string | null;
  text: string;
  answered: boolean;
  answer: string | null;
  votes: number;
  votedByMe: boolean;
  reports: number;
  hidden: boolean;
  hiddenReason: string | null;
  createdAt: Date;
}

export interface PollRow {
  id: string;
  sessionId: string;
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  status: PollStatus;
  revealed: boolean;
}

/** A chat message or broadcast as stored: what the room shows (MessageView), with its time as a Date. */
export type MessageRow = Omit<MessageView, 'at'> & { at: Date };

export interface GroupRow {
  id: string;
  position: number;
  name: string;
  memberIds: string[];
}

export interface AttendanceRow {
  userId: string;
  name: string;
  teamName: string | null;
  firstJoinedAt: Date;
  lastLeftAt: Date | null;
  present: boolean;
  visits: number;
  secondsPresent: number;
}

const QUESTION_COLUMNS = `
  q.id, q.author_id AS "authorId", q.anonymous, q.anonymous_label AS "anonymousLabel", q.text,
  -- An anonymous author's name is never read: it cannot leak from here.
  CASE WHEN q.anonymous THEN NULL ELSE u.display_name END AS "authorName",
  q.answered_at IS NOT NULL AS answered, q.answer, q.created_at AS "createdAt",
  (SELECT count(*)::int FROM live_room_question_votes v WHERE v.question_id = q.id) AS votes,
  EXISTS (SELECT 1 FROM live_room_question_votes v WHERE v.question_id = q.id AND v.user_id = $2) AS "votedByMe",
  (SELECT count(*)::int FROM live_room_question_reports r WHERE r.question_id = q.id) AS reports,
  q.hidden_at IS NOT NULL AS hidden, q.hidden_reason AS "hiddenReason"`;

const POLL_COLUMNS = `p.id, p.session_id AS "sessionId", p.question, p.options, p.multiple, p.anonymous, p.status, p.revealed`;

/** The live room's tables: the only place that queries them. */
@Injectable()
export class LiveRoomRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  // ---- people -------------------------------------------------------------------------------

  async people(networkId: string, userIds: readonly string[]): Promise<PersonRow[]> {
    if (userIds.length === 0) return [];
    return this.db().query(
      `SELECT u.id AS "userId", u.display_name AS name, m.role, m.team_id AS "teamId", t.name AS "teamName"
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id AND m.network_id = $1
         LEFT JOIN teams t ON t.id = m.team_id
        WHERE u.id = ANY($2::uuid[])
        ORDER BY u.display_name, u.id`,
      [networkId, userIds],
    );
  }

  async allowsAnonymous(networkId: string): Promise<boolean> {
    const rows: { allowed: boolean }[] = await this.db().query(`SELECT allow_anonymous_posts AS allowed FROM networks WHERE id = $1`, [networkId]);
    return rows[0]?.allowed ?? false;
  }

  // ---- room state and status ----------------------------------------------------------------

  async state(sessionId: string, manager?: EntityManager): Promise<RoomStateRow> {
    const rows: RoomStateRow[] = await this.db(manager).query(
      `SELECT agenda_index AS "agendaIndex", agenda_item_started_at AS "agendaItemStartedAt",
              breakout_running AS "breakoutRunning", breakout_ends_at AS "breakoutEndsAt", breakout_round AS "breakoutRound"
         FROM live_room_states WHERE session_id = $1`,
      [sessionId],
    );
    return rows[0] ?? { agendaIndex: null, agendaItemStartedAt: null, breakoutRunning: false, breakoutEndsAt: null, breakoutRound: 0 };
  }

  /** The session's status, locked until the transaction ends: start, end and votes agree on it. */
  async lockStatus(sessionId: string, manager: EntityManager, mode: 'share' | 'update'): Promise<string | null> {
    const rows: { status: string }[] = await manager.query(
      `SELECT status FROM learning_sessions WHERE id = $1 ${mode === 'share' ? 'FOR SHARE' : 'FOR UPDATE'}`,
      [sessionId],
    );
    return rows[0]?.status ?? null;
  }

  async setStatus(sessionId: string, status: 'live' | 'ended', firstAgendaItem: boolean, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE learning_sessions SET status = $2, updated_at = now() WHERE id = $1`, [sessionId, status]);
    if (status === 'live') {
      await manager.query(
        `INSERT INTO live_room_states (session_id, started_at, agenda_index, agenda_item_started_at)
         VALUES ($1, now(), CASE WHEN $2 THEN 0 END, CASE WHEN $2 THEN now() END)
         ON CONFLICT (session_id) DO UPDATE SET started_at = now(),
           agenda_index = EXCLUDED.agenda_index, agenda_item_started_at = EXCLUDED.agenda_item_started_at`,
        [sessionId, firstAgendaItem],
      );
    } else {
      await manager.query(
        `INSERT INTO live_room_states (session_id, ended_at) VALUES ($1, now())
         ON CONFLICT (session_id) DO UPDATE SET ended_at = now(), breakout_running = false`,
        [sessionId],
      );
      // Whoever is still in the room leaves it when the session ends.
      await manager.query(`UPDATE live_room_visits SET left_at = now() WHERE session_id = $1 AND left_at IS NULL`, [sessionId]);
      // FOR UPDATE first: a plain UPDATE of the status would not wait for votes in flight (they hold KEY SHARE).
      await manager.query(`SELECT id FROM live_room_polls WHERE session_id = $1 AND status = 'open' FOR UPDATE`, [sessionId]);
      await manager.query(`UPDATE live_room_polls SET status = 'closed', closed_at = now() WHERE session_id = $1 AND status = 'open'`, [sessionId]);
    }
  }

  async setAgendaIndex(sessionId: string, index: number): Promise<{ agendaIndex: number; agendaItemStartedAt: Date }> {
    const rows: { agendaIndex: number; agendaItemStartedAt: Date }[] = await this.db().query(
      `INSERT INTO live_room_states (session_id, agenda_index, agenda_item_started_at) VALUES ($1, $2, now())
       ON CONFLICT (session_id) DO UPDATE SET agenda_index = $2, agenda_item_started_at = now()
       RETURNING agenda_index AS "agendaIndex", agenda_item_started_at AS "agendaItemStartedAt"`,
      [sessionId, index],
    );
    return rows[0];
  }

  // ---- attendance ---------------------------------------------------------------------------

  /** Opens a visit unless one is open (a reconnect, a second tab, a restart that never saw the leave). */
  async openVisit(sessionId: string, person: PersonRow): Promise<void> {
    await this.db().query(
      `INSERT INTO live_room_visits (session_id, user_id, team_id, team_name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id, user_id) WHERE left_at IS NULL DO NOTHING`,
      [sessionId, person.userId, person.teamId, person.teamName],
    );
  }

  async closeVisit(sessionId: string, userId: string): Promise<void> {
    await this.db().query(`UPDATE live_room_visits SET left_at = now() WHERE session_id = $1 AND user_id = $2 AND left_at IS NULL`, [sessionId, userId]);
  }

  async attendance(sessionId: string): Promise<AttendanceRow[]> {
    return this.db().query(
      `SELECT v.user_id AS "userId", u.display_name AS name,
              (array_agg(v.team_name ORDER BY v.joined_at))[1] AS "teamName",
              min(v.joined_at) AS "firstJoinedAt",
              CASE WHEN bool_or(v.left_at IS NULL) THEN NULL ELSE max(v.left_at) END AS "lastLeftAt",
              bool_or(v.left_at IS NULL) AS present,
              count(*)::int AS visits,
              round(sum(extract(epoch FROM coalesce(v.left_at, now()) - v.joined_at)))::int AS "secondsPresent"
         FROM live_room_visits v JOIN users u ON u.id = v.user_id
        WHERE v.session_id = $1
        GROUP BY v.user_id, u.display_name
        ORDER BY "teamName" NULLS LAST, u.display_name`,
      [sessionId],
    );
  }

  // ---- hands --------------------------------------------------------------------------------

  /** Raises a hand; true when it was not up already. */
  async raiseHand(sessionId: string, userId: string): Promise<boolean> {
    const inserted: unknown[] = await this.db().query(`INSERT INTO live_room_hands (session_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [sessionId, userId]);
    return inserted.length > 0;
  }

  async handRaised(sessionId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db().query(`SELECT 1 FROM live_room_hands WHERE session_id = $1 AND user_id = $2`, [sessionId, userId]);
    return rows.length > 0;
  }

  /** Lowers a hand; true when one was raised. */
  async lowerHand(sessionId: string, userId: string, manager?: EntityManager): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.db(manager).query(`DELETE FROM live_room_hands WHERE session_id = $1 AND user_id = $2`, [
      sessionId,
      userId,
    ]);
    return affected > 0;
  }

  /** Raised hands, the queue's rows locked when `manager` is a transaction's (acknowledgements take turns). */
  async hands(sessionId: string, manager?: EntityManager): Promise<HandRow[]> {
    return this.db(manager).query(
      `SELECT h.user_id AS "userId", u.display_name AS name, h.raised_at AS "raisedAt"
         FROM live_room_hands h JOIN users u ON u.id = h.user_id
        WHERE h.session_id = $1 ORDER BY h.raised_at, h.user_id ${manager ? 'FOR UPDATE OF h' : ''}`,
      [sessionId],
    );
  }

  // ---- questions ----------------------------------------------------------------------------

  async insertQuestion(input: { sessionId: string; authorId: string; anonymous: boolean; anonymousLabel: string | null; text: string }): Promise<string> {
    const rows: { id: string }[] = await this.db().query(
      `INSERT INTO live_room_questions (session_id, author_id, anonymous, anonymous_label, text) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.sessionId, input.authorId, input.anonymous, input.anonymousLabel, input.text],
    );
    return rows[0].id;
  }

  async questions(sessionId: string, viewerId: string): Promise<QuestionRow[]> {
    return this.db().query(
      `SELECT ${QUESTION_COLUMNS} FROM live_room_questions q LEFT JOIN users u ON u.id = q.author_id
        WHERE q.session_id = $1 ORDER BY q.created_at, q.id`,
      [sessionId, viewerId],
    );
  }

  async question(questionId: string, viewerId: string): Promise<(QuestionRow & { sessionId: string }) | null> {
    const rows: (QuestionRow & { sessionId: string })[] = await this.db().query(
      `SELECT ${QUESTION_COLUMNS}, q.session_id AS "sessionId" FROM live_room_questions q LEFT JOIN users u ON u.id = q.author_id WHERE q.id = $1`,
      [questionId, viewerId],
    );
    return rows[0] ?? null;
  }

  /** One upvote per person (the primary key); the count after it. */
  /** An upvote, once per person; `added` false when they had upvoted it already. The count of upvotes after. */
  async upvote(questionId: string, userId: string): Promise<{ added: boolean; votes: number }> {
    const added: unknown[] = await this.db().query(
      `INSERT INTO live_room_question_votes (question_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [questionId, userId],
    );
    const rows: { votes: number }[] = await this.db().query(`SELECT count(*)::int AS votes FROM live_room_question_votes WHERE question_id = $1`, [questionId]);
    return { added: added.length > 0, votes: rows[0].votes };
  }

  /** A report, once per person; false when they had already reported it. The count of reports after. */
  async report(questionId: string, reporterId: string, reason: string | null): Promise<{ added: boolean; reports: number }> {
    const added: unknown[] = await this.db().query(
      `INSERT INTO live_room_question_reports (question_id, reporter_id, reason) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [questionId, reporterId, reason],
    );
    const rows: { reports: number }[] = await this.db().query(`SELECT count(*)::int AS reports FROM live_room_question_reports WHERE question_id = $1`, [questionId]);
    return { added: added.length > 0, reports: rows[0].reports };
  }

  /** Hides a question with its reason and who hid it, or (null) shows it again. */
  async setHidden(questionId: string, hidden: { reason: string | null; by: string } | null): Promise<void> {
    await this.db().query(
      `UPDATE live_room_questions SET hidden_at = CASE WHEN $2 THEN coalesce(hidden_at, now()) END, hidden_reason = $3, hidden_by = $4 WHERE id = $1`,
      [questionId, hidden !== null, hidden?.reason ?? null, hidden?.by ?? null],
    );
  }

  /** Who asked a question (for an admin's recorded reveal), with their team in the network now. */
  async asker(questionId: string, networkId: string): Promise<{ userId: string; name: string; teamName: string | null } | null> {
    const rows: { userId: string; name: string; teamName: string | null }[] = await this.db().query(
      `SELECT u.id AS "userId", u.display_name AS name, t.name AS "teamName"
         FROM live_room_questions q JOIN users u ON u.id = q.author_id
         LEFT JOIN memberships m ON m.user_id = u.id AND m.network_id = $2
         LEFT JOIN teams t ON t.id = m.team_id
        WHERE q.id = $1`,
      [questionId, networkId],
    );
    return rows[0] ?? null;
  }

  /** `answer` undefined keeps the written answer; taking the mark back removes it. */
  async setAnswered(questionId: string, answered: boolean, answer: string | undefined): Promise<string | null> {
    // An UPDATE's raw result is [rows, count].
    const [rows]: [{ answer: string | null }[], number] = await this.db().query(
      `UPDATE live_room_questions
          SET answered_at = CASE WHEN $2 THEN coalesce(answered_at, now()) END,
              answer = CASE WHEN $2 THEN (CASE WHEN $3::boolean THEN nullif($4, '') ELSE answer END) END
        WHERE id = $1 RETURNING answer`,
      [questionId, answered, answer !== undefined, answer ?? null],
    );
    return rows[0]?.answer ?? null;
  }

  // ---- polls --------------------------------------------------------------------------------

  async insertPoll(
    input: { sessionId: string; question: string; options: string[]; multiple: boolean; anonymous: boolean; createdBy: string },
    manager?: EntityManager,
  ): Promise<PollRow> {
    const rows: PollRow[] = await this.db(manager).query(
      `INSERT INTO live_room_polls AS p (session_id, question, options, multiple, anonymous, created_by) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
       RETURNING ${POLL_COLUMNS}`,
      [input.sessionId, input.question, JSON.stringify(input.options), input.multiple, input.anonymous, input.createdBy],
    );
    return rows[0];
  }

  async polls(sessionId: string): Promise<PollRow[]> {
    return this.db().query(`SELECT ${POLL_COLUMNS} FROM live_room_polls p WHERE p.session_id = $1 ORDER BY p.created_at, p.id`, [sessionId]);
  }

  /** The poll; `share` (KEY SHARE, what votes take) and `update` (what a close takes) lock it until the transaction ends, so that no vote lands after a close. */
  async poll(pollId: string, manager?: EntityManager, lock: 'share' | 'update' | null = null): Promise<PollRow | null> {
    const rows: PollRow[] = await this.db(manager).query(
      `SELECT ${POLL_COLUMNS} FROM live_room_polls p WHERE p.id = $1 ${lock === 'share' ? 'FOR KEY SHARE' : lock === 'update' ? 'FOR UPDATE' : ''}`,
      [pollId],
    );
    return rows[0] ?? null;
  }

  /**
   * Named polls' votes, many in one statement (a group commit: 500 votes in a second are a few
   * commits, not 500): one row per voter, a changed vote replacing the choices (the later of two
   * from one person in a batch wins, as it would one after the other), and only while the poll
   * is open. The poll's row is read FOR KEY SHARE, the lock the foreign key takes anyway, which a
   * close's FOR UPDATE waits for and which re-reads the status after a close: no vote lands after
   * one. Answers, per vote, whether it counted (false: the poll is closed).
   */
  async voteNamedBatch(votes: readonly { pollId: string; userId: string; choices: number[] }[]): Promise<boolean[]> {
    const rows: { pollId: string }[] = await this.db().query(
      `WITH incoming AS (
         SELECT DISTINCT ON (poll_id, user_id) poll_id, user_id, choices
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) WITH ORDINALITY AS t(poll_id, user_id, choices, n)
          ORDER BY poll_id, user_id, n DESC),
       open_polls AS (
         SELECT id FROM live_room_polls WHERE id IN (SELECT poll_id FROM incoming) AND status = 'open' FOR KEY SHARE)
       INSERT INTO live_room_poll_voters (poll_id, user_id, choices)
       SELECT i.poll_id, i.user_id, i.choices::smallint[] FROM incoming i JOIN open_polls p ON p.id = i.poll_id
       ON CONFLICT (poll_id, user_id) DO UPDATE SET choices = EXCLUDED.choices
       RETURNING poll_id AS "pollId"`,
      [votes.map((vote) => vote.pollId), votes.map((vote) => vote.userId), votes.map((vote) => `{${vote.choices.join(',')}}`)],
    );
    const open = new Set(rows.map((row) => row.pollId));
    return votes.map((vote) => open.has(vote.pollId));
  }

  async displayName(userId: string): Promise<string> {
    const rows: { name: string }[] = await this.db().query(`SELECT display_name AS name FROM users WHERE id = $1`, [userId]);
    return rows[0]?.name ?? '';
  }

  /**
   * An anonymous poll's vote: the voter's row says only that they voted; the choices go to a
   * ballot under an opaque key. A first vote adds both; a changed one replaces its ballot, and
   * says so (false when the ballot cannot be found, e.g. after the server's secret changed).
   */
  async voteAnonymous(pollId: string, userId: string, ballotKey: Buffer, choices: number[], manager: EntityManager): Promise<boolean> {
    const first: unknown[] = await manager.query(
      `INSERT INTO live_room_poll_voters (poll_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [pollId, userId],
    );
    if (first.length > 0) {
      await manager.query(`INSERT INTO live_room_poll_ballots (poll_id, ballot_key, choices) VALUES ($1, $2, $3::smallint[])`, [pollId, ballotKey, choices]);
      return true;
    }
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE live_room_poll_ballots SET choices = $3::smallint[] WHERE poll_id = $1 AND ballot_key = $2`,
      [pollId, ballotKey, choices],
    );
    return affected > 0;
  }

  /**
   * A poll's count, made in PostgreSQL from the rows (the voters' own for a named poll, the opaque
   * ballots for an anonymous one): how many ballots, and how many chose each option. One row per
   * chosen option comes back rather than one per voter, as results go out many times a second
   * while 500 people vote.
   */
  async tally(poll: Pick<PollRow, 'id' | 'anonymous'>): Promise<{ total: number; chosen: { choice: number; votes: number }[] }> {
    const table = poll.anonymous ? 'live_room_poll_ballots' : 'live_room_poll_voters';
    const rows: { total: number; chosen: { choice: number; votes: number }[] }[] = await this.db().query(
      `SELECT (SELECT count(*)::int FROM ${table} WHERE poll_id = $1) AS total,
              coalesce((SELECT json_agg(json_build_object('choice', choice, 'votes', votes))
                          FROM (SELECT choice, count(*)::int AS votes FROM ${table}, unnest(choices) AS choice
                                 WHERE poll_id = $1 GROUP BY choice) chosen), '[]') AS chosen`,
      [poll.id],
    );
    return rows[0];
  }

  async voterCount(pollId: string): Promise<number> {
    const rows: { total: number }[] = await this.db().query(`SELECT count(*)::int AS total FROM live_room_poll_voters WHERE poll_id = $1`, [pollId]);
    return rows[0].total;
  }

  /** The viewer's own choices in each poll of the session that they voted in (their ballot, for anonymous ones). */
  async myChoices(sessionId: string, userId: string, ballotKeyOf: (pollId: string) => Buffer): Promise<Map<string, number[]>> {
    const named: { pollId: string; choices: number[] | null; anonymous: boolean }[] = await this.db().query(
      `SELECT v.poll_id AS "pollId", v.choices, p.anonymous
         FROM live_room_poll_voters v JOIN live_room_polls p ON p.id = v.poll_id
        WHERE p.session_id = $1 AND v.user_id = $2`,
      [sessionId, userId],
    );
    const mine = new Map<string, number[]>();
    const anonymous = named.filter((row) => row.anonymous);
    for (const row of named) if (!row.anonymous && row.choices) mine.set(row.pollId, row.choices);
    if (anonymous.length > 0) {
      const ballots: { pollId: string; choices: number[] }[] = await this.db().query(
        `SELECT poll_id AS "pollId", choices FROM live_room_poll_ballots b
          WHERE (b.poll_id, b.ballot_key) IN (SELECT * FROM unnest($1::uuid[], $2::bytea[]))`,
        [anonymous.map((row) => row.pollId), anonymous.map((row) => ballotKeyOf(row.pollId))],
      );
      for (const ballot of ballots) mine.set(ballot.pollId, ballot.choices);
    }
    return mine;
  }

  /** Closes an open poll; false when it was closed already. */
  async closePoll(pollId: string, manager: EntityManager): Promise<boolean> {
    const [, affected]: [unknown[], number] = await manager.query(`UPDATE live_room_polls SET status = 'closed', closed_at = now() WHERE id = $1 AND status = 'open'`, [pollId]);
    return affected > 0;
  }

  /** Reveals a poll's results; false when they were revealed already. */
  async revealPoll(pollId: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.db().query(`UPDATE live_room_polls SET revealed = true WHERE id = $1 AND NOT revealed`, [pollId]);
    return affected > 0;
  }

  // ---- chat and broadcasts ------------------------------------------------------------------

  async insertMessage(input: { sessionId: string; groupId: string | null; kind: 'chat' | 'broadcast'; authorId: string; authorName: string; text: string }): Promise<MessageRow> {
    const rows: MessageRow[] = await this.db().query(
      `INSERT INTO live_room_messages (session_id, group_id, kind, author_id, author_name, text) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id::text, kind, group_id AS "groupId", author_id AS "authorId", author_name AS "authorName", text, created_at AS at`,
      [input.sessionId, input.groupId, input.kind, input.authorId, input.authorName, input.text],
    );
    return rows[0];
  }

  /** The last messages a place hears: the main room's chat (or one group's), and every broadcast; oldest first. */
  async recentMessages(sessionId: string, groupId: string | null, limit: number): Promise<MessageRow[]> {
    const rows: MessageRow[] = await this.db().query(
      `SELECT id::text, kind, group_id AS "groupId", author_id AS "authorId", author_name AS "authorName", text, created_at AS at
         FROM live_room_messages
        WHERE session_id = $1 AND (kind = 'broadcast' OR group_id IS NOT DISTINCT FROM $2::uuid)
        ORDER BY live_room_messages.id DESC LIMIT $3`, // the table's bigint: "id" alone would sort the text column of that name
      [sessionId, groupId, limit],
    );
    return rows.reverse();
  }

  // ---- breakouts ----------------------------------------------------------------------------

  /**
   * Every group the session has had, earlier rounds first and the current round last: what was
   * written in a round's notes stays part of the session's record after the next round begins.
   */
  async groupsOfEveryRound(sessionId: string): Promise<(Pick<GroupRow, 'id' | 'name'> & { earlierRound: boolean })[]> {
    return this.db().query(
      `SELECT id, name, retired_at IS NOT NULL AS "earlierRound"
         FROM live_room_breakout_groups WHERE session_id = $1
        ORDER BY retired_at IS NULL, retired_at, position`,
      [sessionId],
    );
  }

  async groups(sessionId: string, manager?: EntityManager): Promise<GroupRow[]> {
    return this.db(manager).query(
      `SELECT g.id, g.position, g.name,
              coalesce(array_agg(m.user_id ORDER BY m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS "memberIds"
         FROM live_room_breakout_groups g LEFT JOIN live_room_breakout_members m ON m.group_id = g.id AND NOT m.retired
        WHERE g.session_id = $1 AND g.retired_at IS NULL GROUP BY g.id ORDER BY g.position`,
      [sessionId],
    );
  }

  async groupOf(sessionId: string, userId: string): Promise<{ id: string; name: string } | null> {
    const rows: { id: string; name: string }[] = await this.db().query(
      `SELECT g.id, g.name FROM live_room_breakout_members m JOIN live_room_breakout_groups g ON g.id = m.group_id
        WHERE m.session_id = $1 AND m.user_id = $2 AND NOT m.retired`,
      [sessionId, userId],
    );
    return rows[0] ?? null;
  }

  /**
   * For a group's notes: whether the group is one of the session's (current or retired), and
   * whether `userId` is or was in it in that round. A person moved out of a group is no longer
   * in it: their row moved with them.
   */
  async groupMembership(sessionId: string, groupId: string, userId: string): Promise<{ exists: boolean; member: boolean }> {
    const rows: { exists: boolean; member: boolean }[] = await this.db().query(
      `SELECT EXISTS (SELECT 1 FROM live_room_breakout_groups WHERE id = $2 AND session_id = $1) AS exists,
              EXISTS (SELECT 1 FROM live_room_breakout_members WHERE group_id = $2 AND session_id = $1 AND user_id = $3) AS member`,
      [sessionId, groupId, userId],
    );
    return rows[0];
  }

  /** Puts a person in one of the session's current groups, out of whichever current group they were in. */
  async moveMember(sessionId: string, userId: string, groupId: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM live_room_breakout_members WHERE session_id = $1 AND user_id = $2 AND NOT retired`, [sessionId, userId]);
    await manager.query(`INSERT INTO live_room_breakout_members (session_id, user_id, group_id) VALUES ($1, $2, $3)`, [sessionId, userId, groupId]);
  }

  /**
   * Replaces the session's groups (not while they run: the caller checks under the state row's
   * lock). The old ones are retired, not deleted: their chat stays theirs and their members keep
   * their notes.
   */
  async replaceGroups(sessionId: string, groups: { name: string; memberIds: string[] }[], manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE live_room_breakout_groups SET retired_at = now() WHERE session_id = $1 AND retired_at IS NULL`, [sessionId]);
    await manager.query(`UPDATE live_room_breakout_members SET retired = true WHERE session_id = $1 AND NOT retired`, [sessionId]);
    for (const [position, group] of groups.entries()) {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO live_room_breakout_groups (session_id, position, name) VALUES ($1, $2, $3) RETURNING id`,
        [sessionId, position, group.name],
      );
      if (group.memberIds.length > 0) {
        await manager.query(
          `INSERT INTO live_room_breakout_members (session_id, user_id, group_id) SELECT $1, unnest($2::uuid[]), $3`,
          [sessionId, group.memberIds, rows[0].id],
        );
      }
    }
  }

  async lockState(sessionId: string, manager: EntityManager): Promise<RoomStateRow> {
    await manager.query(`INSERT INTO live_room_states (session_id) VALUES ($1) ON CONFLICT DO NOTHING`, [sessionId]);
    await manager.query(`SELECT 1 FROM live_room_states WHERE session_id = $1 FOR UPDATE`, [sessionId]);
    return this.state(sessionId, manager);
  }

  /** Starts (a new round) or stops the groups; the round they are in after. */
  async setBreakoutRunning(sessionId: string, endsAt: Date | null, running: boolean, manager?: EntityManager): Promise<number> {
    // An UPDATE answers [rows, affected count] through TypeORM's PostgreSQL driver.
    const [rows]: [{ round: number }[], number] = await this.db(manager).query(
      `UPDATE live_room_states SET breakout_running = $2, breakout_ends_at = $3,
              breakout_started_at = CASE WHEN $2 THEN now() ELSE breakout_started_at END,
              breakout_round = breakout_round + CASE WHEN $2 THEN 1 ELSE 0 END
        WHERE session_id = $1 RETURNING breakout_round AS round`,
      [sessionId, running, endsAt],
    );
    return rows[0]?.round ?? 0;
  }
}
