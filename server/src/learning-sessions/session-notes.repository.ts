import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActionItemStatus, CaptureSource } from './session-notes.rules';

export interface ActionItemRow {
  id: string;
  sessionId: string;
  sessionTitle: string;
  networkId: string;
  teamId: string;
  teamName: string;
  title: string;
  dueOn: string;
  status: ActionItemStatus;
  doneAt: Date | null;
  report: string;
  createdBy: string | null;
  createdAt: Date;
}

const ITEM_SELECT = `
  SELECT a.id, a.session_id AS "sessionId", s.title AS "sessionTitle", a.network_id AS "networkId",
         a.team_id AS "teamId", t.name AS "teamName", a.title, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
         a.status, a.done_at AS "doneAt", a.report, a.created_by AS "createdBy", a.created_at AS "createdAt"
    FROM action_items a
    JOIN learning_sessions s ON s.id = a.session_id
    JOIN teams t ON t.id = a.team_id`;

/** The only class that queries the action_items and learning_session_captures tables. */
@Injectable()
export class SessionNotesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /** The network of a session, for /collab (the session's own table is read, never written, here). */
  async networkOfSession(sessionId: string): Promise<string | null> {
    const rows: { networkId: string }[] = await this.dataSource.query(`SELECT network_id AS "networkId" FROM learning_sessions WHERE id = $1`, [sessionId]);
    return rows[0]?.networkId ?? null;
  }

  async findTeam(networkId: string, teamId: string): Promise<{ id: string; name: string; memberCount: number } | null> {
    const rows = await this.dataSource.query(
      `SELECT t.id, t.name, (SELECT count(*)::int FROM memberships m WHERE m.team_id = t.id) AS "memberCount"
         FROM teams t WHERE t.id = $1 AND t.network_id = $2`,
      [teamId, networkId],
    );
    return rows[0] ?? null;
  }

  /** The team the user belongs to in a network, if any. */
  async teamOf(networkId: string, userId: string, manager?: EntityManager): Promise<string | null> {
    const rows: { teamId: string | null }[] = await this.db(manager).query(
      `SELECT team_id AS "teamId" FROM memberships WHERE network_id = $1 AND user_id = $2`,
      [networkId, userId],
    );
    return rows[0]?.teamId ?? null;
  }

  async teamMemberIds(teamId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { userId: string }[] = await this.db(manager).query(`SELECT user_id AS "userId" FROM memberships WHERE team_id = $1`, [teamId]);
    return rows.map((row) => row.userId);
  }

  async findItem(id: string, manager?: EntityManager): Promise<ActionItemRow | null> {
    const rows: ActionItemRow[] = await this.db(manager).query(`${ITEM_SELECT} WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  itemsOfSession(sessionId: string): Promise<ActionItemRow[]> {
    return this.dataSource.query(`${ITEM_SELECT} WHERE a.session_id = $1 ORDER BY a.due_on, lower(t.name), a.created_at, a.id`, [sessionId]);
  }

  itemsOfTeam(teamId: string): Promise<ActionItemRow[]> {
    return this.dataSource.query(
      `${ITEM_SELECT} WHERE a.team_id = $1
        ORDER BY (a.status = 'done'), CASE WHEN a.status = 'open' THEN a.due_on END, a.done_at DESC, a.id`,
      [teamId],
    );
  }

  async countOfSession(sessionId: string, manager?: EntityManager): Promise<number> {
    const rows: { count: number }[] = await this.db(manager).query(`SELECT count(*)::int AS count FROM action_items WHERE session_id = $1`, [sessionId]);
    return rows[0].count;
  }

  async insertItem(
    item: { sessionId: string; networkId: string; teamId: string; title: string; dueOn: string; createdBy: string },
    manager: EntityManager,
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO action_items (session_id, network_id, team_id, title, due_on, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [item.sessionId, item.networkId, item.teamId, item.title, item.dueOn, item.createdBy],
    );
    return rows[0].id;
  }

  async updateItem(id: string, changes: { teamId: string; title: string; dueOn: string }, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE action_items SET team_id = $2, title = $3, due_on = $4, updated_at = now() WHERE id = $1`, [
      id,
      changes.teamId,
      changes.title,
      changes.dueOn,
    ]);
  }

  async setProgress(id: string, progress: { status: ActionItemStatus; report: string }, manager?: EntityManager): Promise<void> {
    // done_at keeps the first time it was marked done, so that saving the report again does not move it.
    await this.db(manager).query(
      `UPDATE action_items
          SET status = $2, report = $3, updated_at = now(),
              done_at = CASE WHEN $2 = 'done' THEN coalesce(done_at, now()) ELSE NULL END
        WHERE id = $1`,
      [id, progress.status, progress.report],
    );
  }

  async deleteItem(id: string, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(`DELETE FROM action_items WHERE id = $1`, [id]);
  }

  async insertCapture(capture: { lessonId: string; sessionId: string; source: CaptureSource; sourceId: string | null; createdBy: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO learning_session_captures (lesson_id, session_id, source, source_id, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [capture.lessonId, capture.sessionId, capture.source, capture.sourceId, capture.createdBy],
    );
  }
}
