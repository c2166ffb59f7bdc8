import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The harvest of a session: its summary, assembled from the room's rows and the notes documents
 * when the coach ends the session, kept as a draft the coach edits, and published to the network.
 * `assembled` is what the session produced (agenda, notes, breakout notes, questions, poll
 * results, attendance by team), already free of anonymous askers' names; the coach's words
 * (introduction, key points, answers) and the sections left out are kept apart from it, so that
 * assembling again never loses an edit.
 */
export class SessionSummaries1764830000000 implements MigrationInterface {
  name = 'SessionSummaries1764830000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE learning_session_summaries (
        session_id uuid PRIMARY KEY REFERENCES learning_sessions(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
        assembled jsonb NOT NULL,
        assembled_at timestamptz NOT NULL DEFAULT now(),
        introduction text NOT NULL DEFAULT '',
        key_points text[] NOT NULL DEFAULT '{}',
        answers jsonb NOT NULL DEFAULT '{}',
        hidden_sections text[] NOT NULL DEFAULT '{}',
        thread_id uuid REFERENCES discussion_threads(id) ON DELETE SET NULL,
        published_at timestamptz,
        published_by uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        CHECK (status = 'draft' OR published_at IS NOT NULL)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE learning_session_summaries`);
  }
}
