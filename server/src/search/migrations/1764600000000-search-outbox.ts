import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What changed and must reach the search index: one row per write, in the writer's transaction,
 * taken (and deleted) by the drain once Meilisearch has it. No uniqueness: a unique key would make
 * a writer wait for a drain holding the same row; the drain folds repeats together instead.
 */
export class SearchOutbox1764600000000 implements MigrationInterface {
  name = 'SearchOutbox1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE search_outbox (
      id bigserial PRIMARY KEY,
      type text NOT NULL,
      doc_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE search_outbox`);
  }
}
