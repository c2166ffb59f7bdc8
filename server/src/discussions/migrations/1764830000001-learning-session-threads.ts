import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Threads about a learning session (its follow-up, started when its summary is published or by
 * "Discuss this session"). As for lessons, the session is referenced by id and its title is read
 * live; a deleted session leaves its threads standing, about nothing.
 */
export class LearningSessionThreads1764830000001 implements MigrationInterface {
  name = 'LearningSessionThreads1764830000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE discussion_threads DROP CONSTRAINT discussion_threads_subject_type_check`);
    await db.query(`ALTER TABLE discussion_threads DROP CONSTRAINT discussion_threads_lesson_subject_check`);
    await db.query(`ALTER TABLE discussion_threads ADD COLUMN subject_session_id uuid REFERENCES learning_sessions(id) ON DELETE SET NULL`);
    await db.query(`
      ALTER TABLE discussion_threads ADD CONSTRAINT discussion_threads_subject_type_check
        CHECK (subject_type IN ('change_package', 'change_idea', 'lesson', 'learning_session'))`);
    // A thread is about one thing: only a lesson's thread names a lesson, only a session's names a session.
    await db.query(`
      ALTER TABLE discussion_threads ADD CONSTRAINT discussion_threads_lesson_subject_check
        CHECK (CASE WHEN subject_type IN ('lesson', 'learning_session') THEN subject_package_id IS NULL AND subject_idea_id IS NULL ELSE subject_lesson_id IS NULL END)`);
    await db.query(`
      ALTER TABLE discussion_threads ADD CONSTRAINT discussion_threads_session_subject_check
        CHECK (subject_type = 'learning_session' OR subject_session_id IS NULL)`);
    await db.query(`CREATE INDEX discussion_threads_session_idx ON discussion_threads (subject_session_id, last_activity_at DESC) WHERE subject_session_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE discussion_threads SET subject_type = NULL, subject_session_id = NULL WHERE subject_type = 'learning_session'`);
    await db.query(`ALTER TABLE discussion_threads DROP CONSTRAINT discussion_threads_session_subject_check`);
    await db.query(`ALTER TABLE discussion_threads DROP CONSTRAINT discussion_threads_lesson_subject_check`);
    await db.query(`ALTER TABLE discussion_threads DROP CONSTRAINT discussion_threads_subject_type_check`);
    await db.query(`ALTER TABLE discussion_threads DROP COLUMN subject_session_id`);
    await db.query(`ALTER TABLE discussion_threads ADD CONSTRAINT discussion_threads_subject_type_check CHECK (subject_type IN ('change_package', 'change_idea', 'lesson'))`);
    await db.query(`
      ALTER TABLE discussion_threads ADD CONSTRAINT discussion_threads_lesson_subject_check
        CHECK (CASE WHEN subject_type = 'lesson' THEN subject_package_id IS NULL AND subject_idea_id IS NULL ELSE subject_lesson_id IS NULL END)`);
  }
}
