import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssembledSummary, SummaryEdits, SummarySection } from './session-summary.rules';

export interface SummaryRow extends SummaryEdits {
  sessionId: string;
  status: 'draft' | 'published';
  assembled: AssembledSummary;
  assembledAt: Date;
  threadId: string | null;
  publishedAt: Date | null;
}

/** A session as the search index shows it, with its published summary when there is one. */
export interface SessionSearchRow {
  id: string;
  networkId: string;
  title: string;
  description: string | null;
  agenda: { title: string; presenter?: string }[];
  status: string;
  createdAt: Date;
  updatedAt: Date;
  summaryStatus: 'draft' | 'published' | null;
  assembled: AssembledSummary | null;
  introduction: string | null;
  keyPoints: string[] | null;
  answers: Record<string, string> | null;
  hiddenSections: SummarySection[] | null;
}

const SUMMARY_COLUMNS = `session_id AS "sessionId", status, assembled, assembled_at AS "assembledAt", introduction, key_points AS "keyPoints",
  answers, hidden_sections AS "hiddenSections", thread_id AS "threadId", published_at AS "publishedAt"`;

/** The only class that queries learning_session_summaries. */
@Injectable()
export class SessionSummaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async find(sessionId: string, manager?: EntityManager, lock = false): Promise<SummaryRow | null> {
    const rows: SummaryRow[] = await this.db(manager).query(
      `SELECT ${SUMMARY_COLUMNS} FROM learning_session_summaries WHERE session_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [sessionId],
    );
    return rows[0] ?? null;
  }

  /** Keeps the first assembly: ending twice (or two instances) never replaces a draft the coach has started on. */
  async insertDraft(sessionId: string, assembled: AssembledSummary, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(
      `INSERT INTO learning_session_summaries (session_id, assembled) VALUES ($1, $2::jsonb) ON CONFLICT (session_id) DO NOTHING`,
      [sessionId, JSON.stringify(assembled)],
    );
  }

  async reassemble(sessionId: string, assembled: AssembledSummary, userId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE learning_session_summaries SET assembled = $2::jsonb, assembled_at = now(), updated_at = now(), updated_by = $3 WHERE session_id = $1`,
      [sessionId, JSON.stringify(assembled), userId],
    );
  }

  async updateEdits(sessionId: string, edits: SummaryEdits, userId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE learning_session_summaries
          SET introduction = $2, key_points = $3, answers = $4::jsonb, hidden_sections = $5, updated_at = now(), updated_by = $6
        WHERE session_id = $1`,
      [sessionId, edits.introduction, edits.keyPoints, JSON.stringify(edits.answers), edits.hiddenSections, userId],
    );
  }

  async publish(sessionId: string, userId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE learning_session_summaries SET status = 'published', published_at = now(), published_by = $2, updated_at = now(), updated_by = $2 WHERE session_id = $1`,
      [sessionId, userId],
    );
  }

  /** Links the follow-up thread, unless one is linked already (the one kept is returned). */
  async linkThread(sessionId: string, threadId: string, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(`UPDATE learning_session_summaries SET thread_id = coalesce(thread_id, $2) WHERE session_id = $1`, [sessionId, threadId]);
  }

  /**
   * Claims the start of the session's follow-up thread for the rest of `manager`'s transaction,
   * or answers false at once when another transaction holds the claim.
   */
  async claimThreadStart(sessionId: string, manager: EntityManager): Promise<boolean> {
    const rows: { claimed: boolean }[] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtextextended('learning-session-follow-up:' || $1::text, 0)) AS claimed`, [sessionId]);
    return rows[0].claimed;
  }

  /** The session's newest follow-up thread still standing: the summary's own, or else any thread about the session. */
  async followUpThread(sessionId: string): Promise<{ id: string; title: string; postCount: number } | null> {
    const rows = await this.dataSource.query(
      `SELECT t.id, t.title, t.post_count AS "postCount"
         FROM discussion_threads t
         LEFT JOIN learning_session_summaries s ON s.session_id = $1 AND s.thread_id = t.id
        WHERE t.subject_type = 'learning_session' AND t.subject_session_id = $1
        ORDER BY (s.session_id IS NOT NULL) DESC, t.created_at DESC LIMIT 1`,
      [sessionId],
    );
    return rows[0] ?? null;
  }

  /** Who chose what in the session's named polls, for the coach's export (never an anonymous poll: its votes name nobody). */
  async namedVotes(sessionId: string): Promise<{ pollId: string; name: string; choices: number[] }[]> {
    return this.dataSource.query(
      `SELECT v.poll_id AS "pollId", u.display_name AS name, v.choices
         FROM live_room_poll_voters v
         JOIN live_room_polls p ON p.id = v.poll_id AND NOT p.anonymous
         JOIN users u ON u.id = v.user_id
        WHERE p.session_id = $1 AND v.choices IS NOT NULL
        ORDER BY p.created_at, u.display_name`,
      [sessionId],
    );
  }

  async searchRows(ids: string[], manager: EntityManager): Promise<SessionSearchRow[]> {
    return manager.query(
      `SELECT s.id, s.network_id AS "networkId", s.title, s.description, s.agenda, s.status, s.created_at AS "createdAt",
              greatest(s.updated_at, coalesce(m.updated_at, s.updated_at)) AS "updatedAt",
              m.status AS "summaryStatus",
              CASE WHEN m.status = 'published' THEN m.assembled END AS assembled,
              CASE WHEN m.status = 'published' THEN m.introduction END AS introduction,
              CASE WHEN m.status = 'published' THEN m.key_points END AS "keyPoints",
              CASE WHEN m.status = 'published' THEN m.answers END AS answers,
              CASE WHEN m.status = 'published' THEN m.hidden_sections END AS "hiddenSections"
         FROM learning_sessions s LEFT JOIN learning_session_summaries m ON m.session_id = s.id
        WHERE s.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async idsAfter(after: string | null, limit: number, manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await this.db(manager).query(
      `SELECT id FROM learning_sessions WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => row.id);
  }
}

/**
 * The room's rows of a session held before the demo existed (the demo seed only): what the live
 * room would have written, so that the seeded summary and exports read from real rows.
 */
@Injectable()
export class DemoRoomRows {
  async teams(networkId: string, manager: EntityManager): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM teams WHERE network_id = $1`, [networkId]);
    return new Map(rows.map((row) => [row.name, row.id]));
  }

  async teamOf(networkId: string, userId: string, manager: EntityManager): Promise<{ id: string; name: string } | null> {
    const rows = await manager.query(`SELECT t.id, t.name FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.network_id = $1 AND m.user_id = $2`, [networkId, userId]);
    return rows[0] ?? null;
  }

  async displayName(userId: string, manager: EntityManager): Promise<string> {
    const rows: { name: string }[] = await manager.query(`SELECT display_name AS name FROM users WHERE id = $1`, [userId]);
    return rows[0].name;
  }

  async actionItemDone(itemId: string, report: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE action_items SET status = 'done', done_at = now(), report = $2 WHERE id = $1`, [itemId, report]);
  }

  async roomState(sessionId: string, startedAt: Date, endedAt: Date, manager: EntityManager): Promise<void> {
    await manager.query(`INSERT INTO live_room_states (session_id, started_at, ended_at) VALUES ($1, $2, $3)`, [sessionId, startedAt, endedAt]);
  }

  async visit(visit: { sessionId: string; userId: string; teamId: string | null; teamName: string | null; joinedAt: Date; leftAt: Date }, manager: EntityManager): Promise<void> {
    await manager.query(`INSERT INTO live_room_visits (session_id, user_id, team_id, team_name, joined_at, left_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      visit.sessionId,
      visit.userId,
      visit.teamId,
      visit.teamName,
      visit.joinedAt,
      visit.leftAt,
    ]);
  }

  async group(sessionId: string, position: number, name: string, memberIds: string[], manager: EntityManager): Promise<string> {
    const [row] = await manager.query(`INSERT INTO live_room_breakout_groups (session_id, position, name) VALUES ($1, $2, $3) RETURNING id`, [sessionId, position, name]);
    for (const userId of memberIds) await manager.query(`INSERT INTO live_room_breakout_members (session_id, user_id, group_id) VALUES ($1, $2, $3)`, [sessionId, userId, row.id]);
    return row.id;
  }

  async question(
    question: { sessionId: string; authorId: string; anonymous: boolean; anonymousLabel: string | null; text: string; answeredAt: Date | null; createdAt: Date; voterIds: string[] },
    manager: EntityManager,
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO live_room_questions (session_id, author_id, anonymous, anonymous_label, text, answered_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [question.sessionId, question.authorId, question.anonymous, question.anonymousLabel, question.text, question.answeredAt, question.createdAt],
    );
    for (const userId of question.voterIds) await manager.query(`INSERT INTO live_room_question_votes (question_id, user_id) VALUES ($1, $2)`, [row.id, userId]);
    return row.id;
  }

  async closedPoll(
    poll: { sessionId: string; question: string; options: string[]; createdBy: string; createdAt: Date; closedAt: Date; votes: { userId: string; choice: number }[] },
    manager: EntityManager,
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO live_room_polls (session_id, question, options, status, revealed, created_by, created_at, closed_at) VALUES ($1, $2, $3::jsonb, 'closed', true, $4, $5, $6) RETURNING id`,
      [poll.sessionId, poll.question, JSON.stringify(poll.options), poll.createdBy, poll.createdAt, poll.closedAt],
    );
    for (const vote of poll.votes) await manager.query(`INSERT INTO live_room_poll_voters (poll_id, user_id, choices) VALUES ($1, $2, $3)`, [row.id, vote.userId, [vote.choice]]);
    return row.id;
  }

  async publishedSummary(
    summary: { sessionId: string; assembled: AssembledSummary; edits: SummaryEdits; threadId: string; publishedBy: string; publishedAt: Date },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO learning_session_summaries (session_id, status, assembled, assembled_at, introduction, key_points, answers, hidden_sections, thread_id, published_at, published_by, updated_at, updated_by)
       VALUES ($1, 'published', $2::jsonb, $3, $4, $5, $6::jsonb, $7, $8, $3, $9, $3, $9)`,
      [
        summary.sessionId,
        JSON.stringify(summary.assembled),
        summary.publishedAt,
        summary.edits.introduction,
        summary.edits.keyPoints,
        JSON.stringify(summary.edits.answers),
        summary.edits.hiddenSections,
        summary.threadId,
        summary.publishedBy,
      ],
    );
  }
}
