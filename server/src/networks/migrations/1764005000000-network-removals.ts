import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an admin removed someone from a network. An invitation link without an email can be used
 * by anyone who holds it, again and again; someone removed must not walk back in with a link that
 * was made before they were removed (a new invitation, made afterwards, works).
 */
export class NetworkRemovals1764005000000 implements MigrationInterface {
  name = 'NetworkRemovals1764005000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE network_removals (
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        removed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (network_id, user_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE network_removals`);
  }
}
