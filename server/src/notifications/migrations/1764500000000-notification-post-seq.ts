import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a notification's post sits in its thread (its number, 1, 2, 3…), so that reading a thread
 * up to a post marks read the notifications of that post and the earlier ones, and leaves the
 * later ones unread. Null for notifications that are not about a numbered post.
 */
export class NotificationPostSeq1764500000000 implements MigrationInterface {
  name = 'NotificationPostSeq1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications ADD COLUMN post_seq integer`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications DROP COLUMN post_seq`);
  }
}
