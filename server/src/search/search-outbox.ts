import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../platform/jobs/job-queue';
import { Transactions } from '../platform/transactions';
import type { NamedInIndex, SearchDocType } from './search.document';
import { SearchSources } from './search-sources';

export const DRAIN_JOB = 'search:drain';

/** A record of the outbox. */
export interface OutboxEntry {
  id: string;
  type: SearchDocType;
  docId: string;
}

/**
 * Writers say here what they changed, inside their own transaction: the row exists exactly when
 * the write does. The drain (SearchIndexer) is woken once the transaction commits: in this process
 * when it drains (the server), otherwise through the job queue, whose NOTIFY wakes a server. Should
 * that wake-up be lost (a crash right after the commit), the drain's schedule finds the row within
 * a minute. The rows are the only state: any instance's drain applies any instance's writes.
 */
@Injectable()
export class SearchOutbox {
  /** The drain of this process, when it has one (SearchIndexer sets it in a process that runs jobs). */
  private drainHere: (() => void) | null = null;

  constructor(
    private readonly jobs: JobQueue,
    private readonly transactions: Transactions,
    private readonly sources: SearchSources,
  ) {}

  /** Called by SearchIndexer: wake-ups without a delay then start `drain` here, skipping the job queue's round trips. */
  drainInProcess(drain: (() => void) | null): void {
    this.drainHere = drain;
  }

  /**
   * Records that records of `type` changed. `soon` (co-edited documents, which change with every
   * keystroke) lets a burst of changes reach the index together a moment later.
   */
  async changed(manager: EntityManager, type: SearchDocType, ids: string | string[], options: { soon?: boolean } = {}): Promise<void> {
    const list = Array.isArray(ids) ? ids : [ids];
    if (list.length === 0) return;
    await manager.query(`INSERT INTO search_outbox (type, doc_id) SELECT $1, unnest($2::text[])`, [type, list]);
    this.transactions.afterCommit(manager, () => this.wake(options.soon ? 2_000 : 0));
  }

  /**
   * A person or a team was renamed (in the caller's transaction): every document that shows the
   * name is recorded as changed, so that the index never keeps the old name for long. Each source
   * decides which of its records show it; anonymous ones never do, so they are not touched.
   */
  async nameChanged(manager: EntityManager, named: NamedInIndex): Promise<void> {
    for (const type of this.sources.types()) {
      const source = this.sources.of(type);
      if (!source?.showingName) continue;
      await this.changed(manager, type, await source.showingName(type, named, manager));
    }
  }

  /** Starts the drain now, or after `delayMs` (a later call with a delay keeps the earlier time, so a burst is not put off forever). */
  wake(delayMs = 0): Promise<void> {
    if (delayMs === 0 && this.drainHere) {
      this.drainHere();
      return Promise.resolve();
    }
    if (delayMs === 0) return this.jobs.add(DRAIN_JOB, {}, { key: DRAIN_JOB });
    return this.jobs.add(DRAIN_JOB, {}, { key: `${DRAIN_JOB}:soon`, keyMode: 'preserve_run_at', runAt: new Date(Date.now() + delayMs) });
  }

  /** Takes up to `limit` entries, oldest first; they are gone once the caller's transaction commits. */
  async take(manager: EntityManager, limit: number): Promise<OutboxEntry[]> {
    // TypeORM answers a DELETE … RETURNING with [rows, affected].
    const [rows]: [OutboxEntry[], number] = await manager.query(
      `DELETE FROM search_outbox WHERE id IN (SELECT id FROM search_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, type, doc_id AS "docId"`,
      [limit],
    );
    return rows;
  }

  async pending(manager: EntityManager): Promise<number> {
    const [row] = await manager.query(`SELECT count(*)::int AS count FROM search_outbox`);
    return row.count;
  }
}
