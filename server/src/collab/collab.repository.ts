import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredUpdate {
  id: string;
  update: Buffer;
  authorId: string | null;
  createdAt: Date;
}

export interface PendingUpdate {
  documentName: string;
  update: Uint8Array;
  authorId: string | null;
}

/** The only class that queries the collab_* tables. */
@Injectable()
export class CollabRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One INSERT for a whole batch (group commit); returns the ids in the order given. */
  async insertUpdates(batch: PendingUpdate[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO collab_updates (document_name, update, author_id)
       SELECT * FROM unnest($1::text[], $2::bytea[], $3::uuid[]) RETURNING id`,
      [batch.map((u) => u.documentName), batch.map((u) => Buffer.from(u.update)), batch.map((u) => u.authorId)],
    );
    return rows.map((row) => row.id);
  }

  /** The snapshot (if any) and every update after it: all that is needed to load a document. */
  async load(documentName: string): Promise<{ snapshot: Buffer | null; snapshotUpTo: string; updates: StoredUpdate[] }> {
    const snapshots: { state: Buffer; upTo: string }[] = await this.dataSource.query(
      `SELECT state, up_to_update_id AS "upTo" FROM collab_snapshots WHERE document_name = $1`,
      [documentName],
    );
    const snapshotUpTo = snapshots[0]?.upTo ?? '0';
    const updates: StoredUpdate[] = await this.dataSource.query(
      `SELECT id, update, author_id AS "authorId", created_at AS "createdAt"
         FROM collab_updates WHERE document_name = $1 AND id > $2 ORDER BY id`,
      [documentName, snapshotUpTo],
    );
    return { snapshot: snapshots[0]?.state ?? null, snapshotUpTo, updates };
  }

  async countUpdatesSinceSnapshot(documentName: string): Promise<number> {
    const rows: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM collab_updates u
        WHERE u.document_name = $1
          AND u.id > coalesce((SELECT up_to_update_id FROM collab_snapshots s WHERE s.document_name = $1), 0)`,
      [documentName],
    );
    return rows[0].count;
  }

  /**
   * Records the merge of every update up to `upTo` as the document's snapshot, so that loading
   * reads one row plus the few updates after it. The update log itself is kept: it is the
   * history (who changed what, and when) that versions and the change log are built from.
   */
  async saveSnapshot(documentName: string, state: Uint8Array, upTo: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO collab_snapshots (document_name, state, up_to_update_id, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (document_name) DO UPDATE SET state = EXCLUDED.state, up_to_update_id = EXCLUDED.up_to_update_id, updated_at = now()
       WHERE collab_snapshots.up_to_update_id < EXCLUDED.up_to_update_id`,
      [documentName, Buffer.from(state), upTo],
    );
  }

  async latestUpdateId(documentName: string): Promise<string> {
    const rows: { id: string | null }[] = await this.dataSource.query(
      `SELECT greatest(
          (SELECT max(id) FROM collab_updates WHERE document_name = $1),
          (SELECT up_to_update_id FROM collab_snapshots WHERE document_name = $1)) AS id`,
      [documentName],
    );
    return rows[0].id ?? '0';
  }
}
