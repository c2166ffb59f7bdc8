import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Breakouts and question moderation in the live room.
 *
 * - Rounds: each start of the breakout groups is a new round (`breakout_round`), so that the job
 *   that ends a round when its time is up can tell its round from a later one.
 * - Groups are retired rather than deleted when the coach makes new ones: a deleted group's chat
 *   would fall back into the main room (its messages' group_id is SET NULL), and its members
 *   would lose their group's notes. A person is in at most one current group of a session; the
 *   retired memberships stay, for who may still open a past group's notes.
 * - Questions can be hidden by the session's hosts, with a reason, as posts are.
 * - The reveal log of anonymous writers (discussions' table, which lessons joined too) records a
 *   look at an anonymous question's asker: exactly one subject per row.
 */
export class BreakoutRounds1764835000000 implements MigrationInterface {
  name = 'BreakoutRounds1764835000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE live_room_states ADD COLUMN breakout_round integer NOT NULL DEFAULT 0`);

    await db.query(`ALTER TABLE live_room_breakout_groups ADD COLUMN retired_at timestamptz`);
    await db.query(`ALTER TABLE live_room_breakout_groups DROP CONSTRAINT live_room_breakout_groups_session_id_position_key`);
    await db.query(`CREATE UNIQUE INDEX live_room_breakout_groups_current_position ON live_room_breakout_groups (session_id, position) WHERE retired_at IS NULL`);
    await db.query(`ALTER TABLE live_room_breakout_members ADD COLUMN retired boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE live_room_breakout_members DROP CONSTRAINT live_room_breakout_members_pkey`);
    await db.query(`ALTER TABLE live_room_breakout_members ADD PRIMARY KEY (group_id, user_id)`);
    await db.query(`CREATE UNIQUE INDEX live_room_breakout_members_current ON live_room_breakout_members (session_id, user_id) WHERE NOT retired`);

    await db.query(`ALTER TABLE live_room_questions ADD COLUMN hidden_at timestamptz`);
    await db.query(`ALTER TABLE live_room_questions ADD COLUMN hidden_by uuid REFERENCES users(id) ON DELETE SET NULL`);
    await db.query(`ALTER TABLE live_room_questions ADD COLUMN hidden_reason text`);

    await db.query(`ALTER TABLE discussion_author_reveals ADD COLUMN question_id uuid REFERENCES live_room_questions(id) ON DELETE CASCADE`);
    await db.query(`ALTER TABLE discussion_author_reveals DROP CONSTRAINT discussion_author_reveals_one_subject`);
    await db.query(`ALTER TABLE discussion_author_reveals ADD CONSTRAINT discussion_author_reveals_one_subject CHECK (num_nonnulls(post_id, lesson_id, question_id) = 1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM discussion_author_reveals WHERE question_id IS NOT NULL`);
    await db.query(`ALTER TABLE discussion_author_reveals DROP CONSTRAINT discussion_author_reveals_one_subject`);
    await db.query(`ALTER TABLE discussion_author_reveals DROP COLUMN question_id`);
    await db.query(`ALTER TABLE discussion_author_reveals ADD CONSTRAINT discussion_author_reveals_one_subject CHECK (num_nonnulls(post_id, lesson_id) = 1)`);
    await db.query(`ALTER TABLE live_room_questions DROP COLUMN hidden_reason, DROP COLUMN hidden_by, DROP COLUMN hidden_at`);
    await db.query(`DELETE FROM live_room_breakout_groups WHERE retired_at IS NOT NULL`);
    await db.query(`DELETE FROM live_room_breakout_members WHERE retired`);
    await db.query(`DROP INDEX live_room_breakout_members_current`);
    await db.query(`ALTER TABLE live_room_breakout_members DROP CONSTRAINT live_room_breakout_members_pkey`);
    await db.query(`ALTER TABLE live_room_breakout_members ADD PRIMARY KEY (session_id, user_id)`);
    await db.query(`ALTER TABLE live_room_breakout_members DROP COLUMN retired`);
    await db.query(`DROP INDEX live_room_breakout_groups_current_position`);
    await db.query(`ALTER TABLE live_room_breakout_groups ADD CONSTRAINT live_room_breakout_groups_session_id_position_key UNIQUE (session_id, position)`);
    await db.query(`ALTER TABLE live_room_breakout_groups DROP COLUMN retired_at`);
    await db.query(`ALTER TABLE live_room_states DROP COLUMN breakout_round`);
  }
}
