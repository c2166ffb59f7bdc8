import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a counter last counted, so that a limit can slow attempts down progressively (each one
 * waiting longer after the one before) instead of only refusing them until the window ends.
 */
export class RateLimitBackoff1764200000000 implements MigrationInterface {
  name = 'RateLimitBackoff1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rate_limit_counters ADD COLUMN last_hit_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rate_limit_counters DROP COLUMN last_hit_at`);
  }
}
