import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A host may write the answer when marking a question answered; it flows into the session summary. */
export class QuestionAnswers1764840000000 implements MigrationInterface {
  name = 'QuestionAnswers1764840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE live_room_questions ADD COLUMN answer text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE live_room_questions DROP COLUMN answer`);
  }
}
