import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory's search looks for words anywhere in a network's name or description
 * (`ILIKE '%words%'`), which no ordinary index serves: with thousands of networks every search
 * read them all. A trigram index serves it. pg_trgm ships with PostgreSQL (and is a trusted
 * extension, so the database's owner may create it).
 */
export class NetworkSearchIndex1764004000000 implements MigrationInterface {
  name = 'NetworkSearchIndex1764004000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`CREATE INDEX networks_search_idx ON networks USING gin ((name || ' ' || description) gin_trgm_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX networks_search_idx`);
  }
}
