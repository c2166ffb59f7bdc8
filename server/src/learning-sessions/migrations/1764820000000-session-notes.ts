import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The kinds there were before this migration: the earlier ones, and the learning sessions' own (1764800000000). */
const KINDS_BEFORE = `'mention', 'reply', 'watched_post', 'moderation', 'invitation', 'barrier_response', 'session_cancelled', 'session_updated', 'session_reminder'`;
const ACTION_KINDS = `'action_item_assigned', 'action_item_due'`;

/**
 * The harvest of a session: action items for teams (the action period), and which lesson drafts
 * were captured from a session (the link back). The notes themselves are /collab documents and
 * need no table of their own.
 */
export class SessionNotes1764820000000 implements MigrationInterface {
  name = 'SessionNotes1764820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE action_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        title text NOT NULL,
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
        done_at timestamptz NULL,
        report text NOT NULL DEFAULT '',
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'done') = (done_at IS NOT NULL))
      )`);
    // The session page lists its items; the team page lists its open items by due date.
    await db.query(`CREATE INDEX action_items_by_session ON action_items (session_id, due_on, id)`);
    await db.query(`CREATE INDEX action_items_by_team ON action_items (team_id, status, due_on, id)`);

    await db.query(`
      CREATE TABLE learning_session_captures (
        lesson_id uuid PRIMARY KEY REFERENCES lessons(id) ON DELETE CASCADE,
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('notes', 'question', 'answer')),
        source_id uuid NULL,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX learning_session_captures_by_session ON learning_session_captures (session_id, created_at)`);

    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS_BEFORE}, ${ACTION_KINDS}))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM notifications WHERE kind IN (${ACTION_KINDS})`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
    await db.query(`DROP TABLE learning_session_captures`);
    await db.query(`DROP TABLE action_items`);
  }
}
