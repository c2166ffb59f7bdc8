import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChangePackagesCollab1763900000000 implements MigrationInterface {
  name = 'ChangePackagesCollab1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE change_packages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        title text NOT NULL,
        document_name text NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Lineage of an adaptation: the package it was adapted from, and the version it started from.
        source_id uuid REFERENCES change_packages(id) ON DELETE SET NULL,
        source_version_id uuid,
        -- The source's state as of the adaptation or the last pull: a pull brings only what is new
        -- upstream since, and "what did we change" compares against it.
        source_state bytea
      )`);
    await db.query(`CREATE UNIQUE INDEX change_packages_document_name_key ON change_packages (document_name)`);
    await db.query(`CREATE INDEX change_packages_network_id_idx ON change_packages (network_id)`);
    await db.query(`CREATE INDEX change_packages_source_id_idx ON change_packages (source_id)`);

    // The Yjs update log: every update is stored, with its author, before any peer sees it.
    await db.query(`
      CREATE TABLE collab_updates (
        id bigserial PRIMARY KEY,
        document_name text NOT NULL,
        update bytea NOT NULL,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX collab_updates_document_idx ON collab_updates (document_name, id)`);

    // The compacted state: the merge of every update up to and including up_to_update_id.
    await db.query(`
      CREATE TABLE collab_snapshots (
        document_name text PRIMARY KEY,
        state bytea NOT NULL,
        up_to_update_id bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Checkpoints (automatic) and named versions of a document.
    await db.query(`
      CREATE TABLE collab_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('checkpoint', 'named')),
        name text,
        state bytea NOT NULL,
        up_to_update_id bigint NOT NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX collab_versions_document_idx ON collab_versions (document_name, created_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['collab_versions', 'collab_snapshots', 'collab_updates', 'change_packages']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
