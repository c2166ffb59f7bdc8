import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Threads about a lesson. The lesson is referenced by id (its title is read live, so a renamed
 * lesson shows its new title and nothing of its author is ever copied into the thread); a deleted
 * lesson leaves its threads standing, about nothing.
 */
export class LessonThreads1764750000000 implements MigrationInterface {
  name = 'LessonThreads1764750000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE discussion_threads DROP CONSTRAINT discussion_threads_subject_type_check`);
    await db.query(`ALTER TABLE discussion_threads ADD COLUMN subject_lesson_id uuid REFERENCES lessons(id) ON DELETE SET NULL`);
    await db.query(`
      ALTER TABLE discussion_threads ADD CONSTRAINT discussion_threads_subject_type_check
        CHECK (subject_type IN ('change_package', 'change_idea', 'lesson'))`);
    // A thread is about one thing: a lesson's thread names no package or idea, and only it names a lesson.
    await db.query(`
      ALTER TABLE discussion_threads ADD CONSTRAINT discussion_threads_lesson_subject_check
        CHECK (CASE WHEN subject_type = 'lesson' THEN subject_package_id IS NULL AND subject_idea_id IS NULL ELSE subject_lesson_id IS NULL END)`);
    // The lesson page lists its threads.
    await db.query(`CREATE INDEX discussion_threads_lesson_idx ON discussion_threads (subject_lesson_id, last_activity_at DESC) WHERE subject_lesson_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    // The threads stay; they are no longer about their lesson.
    await db.query(`UPDATE discussion_threads SET subject_type = NULL, subject_lesson_id = NULL WHERE subject_type = 'lesson'`);
    await db.query(`ALTER TABLE discussion_threads DROP CONSTRAINT discussion_threads_lesson_subject_check`);
    await db.query(`ALTER TABLE discussion_threads DROP CONSTRAINT discussion_threads_subject_type_check`);
    await db.query(`ALTER TABLE discussion_threads DROP COLUMN subject_lesson_id`);
    await db.query(`ALTER TABLE discussion_threads ADD CONSTRAINT discussion_threads_subject_type_check CHECK (subject_type IN ('change_package', 'change_idea'))`);
  }
}
