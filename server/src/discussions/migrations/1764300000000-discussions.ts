import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Discussions: threads (whose opening text is their first post), posts with their revisions,
 * reactions, reports, the log of who revealed an anonymous author, read markers, and the
 * per-thread event log that live clients catch up from.
 */
export class Discussions1764300000000 implements MigrationInterface {
  name = 'Discussions1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE networks ADD COLUMN allow_anonymous_posts boolean NOT NULL DEFAULT false`);

    await db.query(`
      CREATE TABLE discussion_threads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        title text NOT NULL,
        author_id uuid NOT NULL REFERENCES users(id),
        anonymous boolean NOT NULL DEFAULT false,
        -- Fixed when written ("a member of <team>"), so that a later change of team cannot point at the writer.
        anonymous_label text,
        tags text[] NOT NULL DEFAULT '{}',
        subject_type text CHECK (subject_type IN ('change_package', 'change_idea')),
        subject_package_id uuid REFERENCES change_packages(id) ON DELETE SET NULL,
        subject_idea_id text,
        -- The idea's title as it was when the thread started: reading it live would load the package's document for every list.
        subject_title text,
        pinned boolean NOT NULL DEFAULT false,
        locked boolean NOT NULL DEFAULT false,
        post_count integer NOT NULL DEFAULT 0,
        last_post_seq integer NOT NULL DEFAULT 0,
        last_event_seq integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_activity_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A busy network's list: by latest activity or newest, keyset on (time, id); pinned first.
    await db.query(`CREATE INDEX discussion_threads_activity_idx ON discussion_threads (network_id, last_activity_at DESC, id DESC)`);
    await db.query(`CREATE INDEX discussion_threads_newest_idx ON discussion_threads (network_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX discussion_threads_pinned_idx ON discussion_threads (network_id, last_activity_at DESC) WHERE pinned`);
    await db.query(`CREATE INDEX discussion_threads_subject_idx ON discussion_threads (subject_package_id, subject_idea_id) WHERE subject_package_id IS NOT NULL`);
    await db.query(`CREATE INDEX discussion_threads_tags_idx ON discussion_threads USING gin (tags)`);

    await db.query(`
      CREATE TABLE discussion_posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES discussion_threads(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        parent_id uuid REFERENCES discussion_posts(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id),
        anonymous boolean NOT NULL DEFAULT false,
        anonymous_label text,
        body_source text NOT NULL,
        body_html text NOT NULL,
        mentioned_user_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        revision_count integer NOT NULL DEFAULT 0,
        removed text CHECK (removed IN ('author', 'moderator')),
        removed_at timestamptz,
        hidden_reason text,
        hidden_by uuid REFERENCES users(id) ON DELETE SET NULL,
        hidden_at timestamptz
      )`);
    // A 10,000-post thread opens at any place by keyset on (thread_id, seq).
    await db.query(`CREATE UNIQUE INDEX discussion_posts_thread_seq_key ON discussion_posts (thread_id, seq)`);
    await db.query(`CREATE INDEX discussion_posts_parent_idx ON discussion_posts (parent_id) WHERE parent_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE discussion_post_revisions (
        post_id uuid NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
        revision integer NOT NULL,
        body_source text NOT NULL,
        body_html text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (post_id, revision)
      )`);

    await db.query(`
      CREATE TABLE discussion_reactions (
        post_id uuid NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reaction text NOT NULL CHECK (reaction IN ('thumbs_up', 'heart', 'lightbulb', 'clap', 'eyes')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (post_id, reaction, user_id)
      )`);

    await db.query(`
      CREATE TABLE discussion_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        post_id uuid NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
        reporter_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'hidden')),
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
        resolved_at timestamptz
      )`);
    // Once per post and person while it is open.
    await db.query(`CREATE UNIQUE INDEX discussion_reports_open_key ON discussion_reports (post_id, reporter_id) WHERE status = 'open'`);
    await db.query(`CREATE INDEX discussion_reports_open_idx ON discussion_reports (post_id) WHERE status = 'open'`);

    await db.query(`
      CREATE TABLE discussion_author_reveals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        post_id uuid NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
        revealed_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX discussion_author_reveals_network_idx ON discussion_author_reveals (network_id, created_at DESC)`);

    await db.query(`
      CREATE TABLE discussion_thread_reads (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        thread_id uuid NOT NULL REFERENCES discussion_threads(id) ON DELETE CASCADE,
        last_read_seq integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, thread_id)
      )`);

    await db.query(`
      CREATE TABLE discussion_events (
        thread_id uuid NOT NULL REFERENCES discussion_threads(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('post:created', 'post:updated', 'post:deleted', 'thread:updated')),
        post_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, seq)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'discussion_events',
      'discussion_thread_reads',
      'discussion_author_reveals',
      'discussion_reports',
      'discussion_reactions',
      'discussion_post_revisions',
      'discussion_posts',
      'discussion_threads',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`ALTER TABLE networks DROP COLUMN allow_anonymous_posts`);
  }
}
