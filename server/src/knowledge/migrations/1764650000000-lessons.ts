import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lessons: what a team learned from trying something, failures included, with the barriers it
 * met and the change ideas it tried. The reveal log of discussions is extended to lessons (one
 * log per network for every kind of anonymous writing, so that admins read it in one place).
 */
export class Lessons1764650000000 implements MigrationInterface {
  name = 'Lessons1764650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE lessons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        author_id uuid NOT NULL REFERENCES users(id),
        anonymous boolean NOT NULL DEFAULT false,
        -- Fixed when written ("a member of <team>"), as in discussions: a later change of team cannot point at the writer.
        anonymous_label text,
        -- A draft is saved as it is typed, so its texts may still be empty and its outcome unchosen;
        -- the service requires them all before a lesson is published.
        title text NOT NULL,
        setting text NOT NULL,
        population text,
        tried text NOT NULL,
        happened text NOT NULL,
        outcome text CHECK (outcome IN ('worked', 'partly_worked', 'did_not_work', 'abandoned')),
        why text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CHECK ((status = 'published') = (published_at IS NOT NULL)),
        CHECK (status = 'draft' OR outcome IS NOT NULL)
      )`);
    // The network's list: published lessons newest first, keyset on (published_at, id).
    await db.query(`CREATE INDEX lessons_published_idx ON lessons (network_id, published_at DESC, id DESC) WHERE status = 'published'`);
    // A writer's own drafts, which only they see.
    await db.query(`CREATE INDEX lessons_drafts_idx ON lessons (author_id, updated_at DESC) WHERE status = 'draft'`);
    await db.query(`CREATE INDEX lessons_tags_idx ON lessons USING gin (tags)`);

    await db.query(`
      CREATE TABLE lesson_barriers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
        -- The lesson's network, kept here so that a barrier register reads barriers without the lesson.
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        description text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('local', 'systemic')),
        position integer NOT NULL,
        UNIQUE (lesson_id, position)
      )`);
    await db.query(`CREATE INDEX lesson_barriers_systemic_idx ON lesson_barriers (network_id) WHERE kind = 'systemic'`);

    await db.query(`
      CREATE TABLE lesson_change_ideas (
        lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
        change_package_id uuid NOT NULL REFERENCES change_packages(id) ON DELETE CASCADE,
        -- The idea's id inside the package's document, as discussions' change-idea subjects keep it.
        idea_id text NOT NULL,
        -- The idea's title when it was linked: reading it live would load the package's document for every list.
        idea_title text NOT NULL,
        PRIMARY KEY (lesson_id, change_package_id, idea_id)
      )`);
    // An idea's page lists the lessons that tried it.
    await db.query(`CREATE INDEX lesson_change_ideas_idea_idx ON lesson_change_ideas (change_package_id, idea_id)`);

    // The reveal log records a look at an anonymous lesson's writer as it does a post's: exactly one of the two.
    await db.query(`ALTER TABLE discussion_author_reveals ALTER COLUMN post_id DROP NOT NULL`);
    await db.query(`ALTER TABLE discussion_author_reveals ADD COLUMN lesson_id uuid REFERENCES lessons(id) ON DELETE CASCADE`);
    await db.query(`ALTER TABLE discussion_author_reveals ADD CONSTRAINT discussion_author_reveals_one_subject CHECK (num_nonnulls(post_id, lesson_id) = 1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM discussion_author_reveals WHERE lesson_id IS NOT NULL`);
    await db.query(`ALTER TABLE discussion_author_reveals DROP CONSTRAINT discussion_author_reveals_one_subject`);
    await db.query(`ALTER TABLE discussion_author_reveals DROP COLUMN lesson_id`);
    await db.query(`ALTER TABLE discussion_author_reveals ALTER COLUMN post_id SET NOT NULL`);
    await db.query(`DROP TABLE lesson_change_ideas`);
    await db.query(`DROP TABLE lesson_barriers`);
    await db.query(`DROP TABLE lessons`);
  }
}
