import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'mention', 'reply', 'watched_post', 'moderation', 'invitation', 'barrier_response'`;
const SESSION_KINDS = `'session_cancelled', 'session_updated', 'session_reminder'`;

/**
 * Learning sessions a network's coaches schedule, who is going to them, and each person's private
 * calendar feed. The feed's token is stored only as a hash: the address is a password that a
 * calendar app keeps, and a copy of the database must not hand out everyone's calendars.
 */
export class LearningSessions1764800000000 implements MigrationInterface {
  name = 'LearningSessions1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE learning_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        title text NOT NULL,
        description text NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        time_zone text NOT NULL,
        meeting_url text NULL CHECK (meeting_url IS NULL OR meeting_url ~* '^https?://'),
        capacity int NULL CHECK (capacity IS NULL OR capacity >= 1),
        agenda jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(agenda) = 'array'),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'live', 'ended', 'cancelled')),
        sequence int NOT NULL DEFAULT 0,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    // A network's list runs by start time, both ways from now.
    await db.query(`CREATE INDEX learning_sessions_by_network ON learning_sessions (network_id, starts_at, id)`);
    await db.query(`
      CREATE TABLE learning_session_rsvps (
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('going', 'not_going')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, user_id)
      )`);
    // A person's calendar feed lists the sessions they are going to.
    await db.query(`CREATE INDEX learning_session_rsvps_by_user ON learning_session_rsvps (user_id) WHERE status = 'going'`);
    await db.query(`
      CREATE TABLE calendar_feed_tokens (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS_BEFORE}, ${SESSION_KINDS}))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM notifications WHERE kind IN (${SESSION_KINDS})`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
    await db.query(`DROP TABLE calendar_feed_tokens`);
    await db.query(`DROP TABLE learning_session_rsvps`);
    await db.query(`DROP TABLE learning_sessions`);
  }
}
