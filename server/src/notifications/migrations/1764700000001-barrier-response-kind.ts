import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A new kind: a higher network answered a systemic barrier in the recipient's lesson. */
export class BarrierResponseKind1764700000001 implements MigrationInterface {
  name = 'BarrierResponseKind1764700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
         CHECK (kind IN ('mention', 'reply', 'watched_post', 'moderation', 'invitation', 'barrier_response'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM notifications WHERE kind = 'barrier_response'`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('mention', 'reply', 'watched_post', 'moderation', 'invitation'))`,
    );
  }
}
