import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications and the choices about them. Threads belong to discussions, which may land in any
 * order with this module, so thread ids are not foreign keys here; a thread's level row keeps its
 * network so that it goes with the network.
 */
export class Notifications1764400100000 implements MigrationInterface {
  name = 'Notifications1764400100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('mention', 'reply', 'watched_post', 'moderation', 'invitation')),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        thread_id uuid,
        post_id uuid,
        title text NOT NULL,
        excerpt text NOT NULL DEFAULT '',
        actor_label text NOT NULL,
        url text NOT NULL,
        reason text,
        -- What makes a notification the same one again (a retried job notifying twice): one row per user and key.
        dedupe_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        mailed_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX notifications_dedupe ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL`);
    await db.query(`CREATE INDEX notifications_by_user ON notifications (user_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX notifications_unread ON notifications (user_id, thread_id) WHERE read_at IS NULL`);
    await db.query(`CREATE INDEX notifications_to_mail ON notifications (user_id) WHERE read_at IS NULL AND mailed_at IS NULL`);
    await db.query(`
      CREATE TABLE notification_settings (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email IN ('immediately', 'daily', 'never')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE network_notification_levels (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        level text NOT NULL CHECK (level IN ('watching', 'normal', 'muted')),
        PRIMARY KEY (user_id, network_id)
      )`);
    await db.query(`
      CREATE TABLE thread_notification_levels (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        thread_id uuid NOT NULL,
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        level text NOT NULL CHECK (level IN ('watching', 'normal', 'muted')),
        PRIMARY KEY (user_id, thread_id)
      )`);
    await db.query(`CREATE INDEX thread_notification_levels_watchers ON thread_notification_levels (thread_id) WHERE level = 'watching'`);
    await db.query(`CREATE INDEX network_notification_levels_watchers ON network_notification_levels (network_id) WHERE level = 'watching'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE thread_notification_levels, network_notification_levels, notification_settings, notifications`);
  }
}
