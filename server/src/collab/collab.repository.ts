import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

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

/** Seeds the hash that turns a document name into its advisory-lock key (any constant; it keeps these keys apart from others). */
const DOCUMENT_LOCK_SEED = 7_160_002;

/** The only class that queries the collab_* tables. */
@Injectable()
export class CollabRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One INSERT for a whole batch (group commit); returns the ids in the order given.
   *
   * Each document's updates are committed in the order of their ids: the statement first takes a
   * transaction-scoped advisory lock per document (in one order, so that two instances cannot
   * deadlock), and only then draws ids. Whoever sees update N of a document therefore also sees
   * every earlier one, which is what lets a snapshot say "everything up to N" without skipping an
   * update that was still being committed elsewhere. The aggregate in `locked` must finish before
   * the join emits its first row, so every lock is held before the first id is drawn.
   */
  async insertUpdates(batch: PendingUpdate[], manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `WITH locked AS (
         SELECT count(pg_advisory_xact_lock(key)) AS documents
           FROM (SELECT DISTINCT hashtextextended(name, ${DOCUMENT_LOCK_SEED}) AS key FROM unnest($1::text[]) AS name ORDER BY 1) AS keys
       )
       INSERT INTO collab_updates (document_name, update, author_id)
       SELECT t.d, t.u, t.a FROM locked, unnest($1::text[], $2::bytea[], $3::uuid[]) WITH ORDINALITY AS t(d, u, a, n) ORDER BY t.n
       RETURNING id`,
      [batch.map((u) => u.documentName), batch.map((u) => Buffer.from(u.update)), batch.map((u) => u.authorId)],
    );
    // Rows are inserted in the batch's order, so their serial ids rise in that order; RETURNING's
    // own order is not promised, hence the sort.
    return rows.map((row) => BigInt(row.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
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

  /**
   * Records `state`, the merge of the previous snapshot and every update up to `upTo`, as the
   * document's snapshot, so that loading reads one row plus the few updates after it. A snapshot
   * never replaces a newer one. The update log itself is kept: it is the history (who changed
   * what, and when) that versions and the change log are built from.
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

  // ---- versions -------------------------------------------------------------------------

  async insertVersion(version: {
    documentName: string;
    kind: 'checkpoint' | 'named';
    name: string | null;
    state: Uint8Array;
    upTo: string;
    createdBy: string | null;
  }): Promise<string> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO collab_versions (document_name, kind, name, state, up_to_update_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [version.documentName, version.kind, version.name, Buffer.from(version.state), version.upTo, version.createdBy],
    );
    return rows[0].id;
  }

  /** Newest first. */
  listVersions(documentName: string, limit: number): Promise<VersionRow[]> {
    return this.dataSource.query(
      `SELECT v.id, v.kind, v.name, v.up_to_update_id AS "upTo", v.created_at AS "createdAt",
              v.created_by AS "createdBy", u.display_name AS "createdByName"
         FROM collab_versions v LEFT JOIN users u ON u.id = v.created_by
        WHERE v.document_name = $1 ORDER BY v.created_at DESC, v.up_to_update_id DESC LIMIT $2`,
      [documentName, limit],
    );
  }

  async findVersion(documentName: string, id: string): Promise<(VersionRow & { state: Buffer }) | null> {
    const rows: (VersionRow & { state: Buffer })[] = await this.dataSource.query(
      `SELECT v.id, v.kind, v.name, v.state, v.up_to_update_id AS "upTo", v.created_at AS "createdAt",
              v.created_by AS "createdBy", u.display_name AS "createdByName"
         FROM collab_versions v LEFT JOIN users u ON u.id = v.created_by
        WHERE v.document_name = $1 AND v.id = $2`,
      [documentName, id],
    );
    return rows[0] ?? null;
  }

  async versionStates(documentName: string, ids: string[]): Promise<Map<string, Buffer>> {
    const rows: { id: string; state: Buffer }[] = await this.dataSource.query(
      `SELECT id, state FROM collab_versions WHERE document_name = $1 AND id = ANY($2::uuid[])`,
      [documentName, ids],
    );
    return new Map(rows.map((row) => [row.id, row.state]));
  }

  async latestVersionId(documentName: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM collab_versions WHERE document_name = $1 ORDER BY up_to_update_id DESC, created_at DESC LIMIT 1`,
      [documentName],
    );
    return rows[0]?.id ?? null;
  }

  async latestVersion(documentName: string): Promise<{ upTo: string; createdAt: Date } | null> {
    const rows: { upTo: string; createdAt: Date }[] = await this.dataSource.query(
      `SELECT up_to_update_id AS "upTo", created_at AS "createdAt" FROM collab_versions
        WHERE document_name = $1 ORDER BY up_to_update_id DESC, created_at DESC LIMIT 1`,
      [documentName],
    );
    return rows[0] ?? null;
  }

  /**
   * Who wrote the updates in each interval (afterId, upToId], and how many each: one query for
   * every interval at once. Rows come back with the index of their interval.
   */
  authorsByInterval(documentName: string, intervals: { afterId: string; upToId: string }[]): Promise<(AuthorRow & { interval: number })[]> {
    return this.dataSource.query(
      `SELECT (b.n - 1)::int AS interval, c.author_id AS "userId", coalesce(u.display_name, 'Someone who has left') AS "displayName",
              count(*)::int AS updates, min(c.created_at) AS "firstAt", max(c.created_at) AS "lastAt"
         FROM unnest($2::bigint[], $3::bigint[]) WITH ORDINALITY AS b(after_id, up_to_id, n)
         JOIN collab_updates c ON c.document_name = $1 AND c.id > b.after_id AND c.id <= b.up_to_id
         LEFT JOIN users u ON u.id = c.author_id
        GROUP BY b.n, c.author_id, u.display_name ORDER BY b.n, count(*) DESC`,
      [documentName, intervals.map((i) => i.afterId), intervals.map((i) => i.upToId)],
    );
  }
}

export interface VersionRow {
  id: string;
  kind: 'checkpoint' | 'named';
  name: string | null;
  upTo: string;
  createdAt: Date;
  createdBy: string | null;
  createdByName: string | null;
}

export interface AuthorRow {
  userId: string | null;
  displayName: string;
  updates: number;
  firstAt: Date;
  lastAt: Date;
}
