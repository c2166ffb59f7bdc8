import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The barrier register: answers from higher networks to systemic barriers met in lessons, and
 * links that make barriers raised in several networks one. Which registers a barrier shows in is
 * not stored: it follows from the lesson's network and visibility at query time, so a network
 * turned private takes its barriers out of the registers above it at once.
 */
export class BarrierRegister1764700000000 implements MigrationInterface {
  name = 'BarrierRegister1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE barrier_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        barrier_id uuid NOT NULL REFERENCES lesson_barriers(id) ON DELETE CASCADE,
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('acknowledged', 'being_addressed', 'addressed', 'out_of_scope')),
        reply text NOT NULL,
        responder_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX barrier_responses_by_barrier ON barrier_responses (barrier_id, created_at, id)`);
    // One row per linked barrier; the barriers sharing a link_id are one barrier hit in several places.
    await db.query(`
      CREATE TABLE barrier_links (
        barrier_id uuid PRIMARY KEY REFERENCES lesson_barriers(id) ON DELETE CASCADE,
        link_id uuid NOT NULL,
        linked_in uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        linked_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX barrier_links_by_link ON barrier_links (link_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE barrier_links`);
    await db.query(`DROP TABLE barrier_responses`);
  }
}
