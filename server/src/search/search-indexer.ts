import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { EnqueuedTask } from 'meilisearch';
import { DataSource, type EntityManager } from 'typeorm';
import { inBackground } from '../platform/background';
import { CONFIG, type Config } from '../platform/config';
import { JobQueue } from '../platform/jobs/job-queue';
import { SearchClient } from './search.client';
import { indexKey, toIndexed, type IndexedDocument, type SearchDocType } from './search.document';
import { DRAIN_JOB, SearchOutbox, type OutboxEntry } from './search-outbox';
import { SearchSources } from './search-sources';

const BATCH = 200;
/** Pages a reindex may have waiting in Meilisearch while it reads the next. */
const REINDEX_PAGES_QUEUED = 8;
/** Two drains never interleave (across instances too): a later state could otherwise reach the index before an earlier one. */
const DRAIN_LOCK = 7_160_008;
/** Backoff while Meilisearch is away: quick at first, then every half minute, so that it catches up soon after it is back. */
const backoffMs = (attempt: number) => Math.min(30_000, 500 * 2 ** Math.min(attempt, 8));

export interface ReindexProgress {
  type: SearchDocType;
  done: number;
}

/**
 * Keeps the index in step with PostgreSQL: applies the settings at start, drains the outbox in
 * batches (retrying with backoff while Meilisearch is away), and rebuilds everything on request.
 */
@Injectable()
export class SearchIndexer implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SearchIndexer.name);
  /** The index's settings being applied (once per process; again after a failure). */
  private preparing: Promise<void> | null = null;
  /** The drain this process started after a commit, while it runs. */
  private drainingHere: Promise<void> | null = null;
  /** A commit came while drainingHere ran: its rows may have been written after the drain's last look. */
  private drainAgain = false;
  private stopping = false;

  constructor(
    private readonly search: SearchClient,
    private readonly outbox: SearchOutbox,
    private readonly sources: SearchSources,
    private readonly jobs: JobQueue,
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DRAIN_JOB, (payload) => this.drainJob(payload));
    // The safety net for a wake-up lost between a commit and the drain starting.
    if (this.config.searchSafetyDrain) this.jobs.schedule({ name: DRAIN_JOB, cron: '* * * * *' });
    // A process that runs jobs drains its own writes at once; others queue the job for one that does.
    if (this.config.runJobWorker) this.outbox.drainInProcess(() => this.drainHere());
  }

  onApplicationBootstrap(): void {
    // Not awaited: search being slow or down never holds up the server; /api/ready says so, and the drain prepares it first.
    this.ensurePrepared().catch((error: Error) => this.logger.warn(`Meilisearch is not ready yet: ${error.message}`));
    inBackground(this.logger, 'waking the search drain', this.outbox.wake());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.outbox.drainInProcess(null);
    await this.drainingHere;
  }

  /**
   * Drains now, in this process: one drain at a time here, and a commit that comes meanwhile makes
   * it look once more. A failure hands over to the job queue's retries (and their backoff).
   */
  private drainHere(): void {
    if (this.stopping) return;
    if (this.drainingHere) {
      this.drainAgain = true;
      return;
    }
    this.drainingHere = (async () => {
      try {
        do {
          this.drainAgain = false;
          await this.drain();
        } while (this.drainAgain && !this.stopping);
      } catch (error) {
        await this.retryLater(error as Error, 0);
      } finally {
        this.drainingHere = null;
      }
    })().catch((error: Error) => this.logger.error(`The search drain could not be retried: ${error.message}`));
  }

  private ensurePrepared(): Promise<void> {
    this.preparing ??= this.search.prepare().then(
      () => undefined,
      (error: unknown) => {
        this.preparing = null;
        throw error;
      },
    );
    return this.preparing;
  }

  private async drainJob(payload: unknown): Promise<void> {
    const attempt = typeof (payload as { attempt?: unknown })?.attempt === 'number' ? (payload as { attempt: number }).attempt : 0;
    try {
      await this.drain();
    } catch (error) {
      await this.retryLater(error as Error, attempt);
    }
  }

  private async retryLater(error: Error, attempt: number): Promise<void> {
    // Retried by a job of our own rather than the queue's: its backoff grows to hours, and the
    // index must catch up within moments of Meilisearch coming back.
    const delay = backoffMs(attempt);
    this.logger.warn(`Search index not updated (${error.message}); trying again in ${Math.round(delay / 1000)} s.`);
    await this.jobs.add(DRAIN_JOB, { attempt: attempt + 1 }, { key: `${DRAIN_JOB}:retry`, runAt: new Date(Date.now() + delay) });
  }

  /** Applies everything in the outbox to the index, a batch at a time; a failed batch stays in the outbox. */
  async drain(): Promise<number> {
    await this.ensurePrepared();
    let applied = 0;
    for (;;) {
      const taken = await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock($1)`, [DRAIN_LOCK]);
        const entries = await this.outbox.take(manager, BATCH);
        if (entries.length > 0) await this.apply(entries, manager);
        return entries.length;
      });
      applied += taken;
      if (taken < BATCH) return applied;
    }
  }

  private async apply(entries: OutboxEntry[], manager: EntityManager): Promise<void> {
    const byType = new Map<SearchDocType, Set<string>>();
    for (const entry of entries) byType.set(entry.type, (byType.get(entry.type) ?? new Set()).add(entry.docId));
    const documents: IndexedDocument[] = [];
    const owners: string[] = [];
    for (const [type, idSet] of byType) {
      const source = this.sources.of(type);
      const ids = [...idSet];
      owners.push(...ids.map((id) => indexKey(type, id)));
      // A type nobody serves (a feature not there yet) is deleted from the index, never guessed at.
      if (!source) continue;
      const loaded = await source.load(type, ids, manager);
      loaded.forEach((found, position) => {
        const owner = indexKey(type, ids[position]);
        for (const document of found === null ? [] : Array.isArray(found) ? found : [found]) documents.push(toIndexed(owner, document));
      });
    }
    const targets = [this.search.indexUid];
    if (await this.search.exists(this.search.nextIndexUid)) targets.push(this.search.nextIndexUid);
    for (const uid of targets) await this.write(uid, documents, owners);
  }

  /** Upserts the documents, then deletes whatever else these owners had (a removed post, an idea taken out of a package). */
  private async write(uid: string, documents: IndexedDocument[], owners: string[]): Promise<void> {
    const index = this.search.index(uid);
    const keep = documents.map((document) => document.key);
    // Every value here is a hex digest made by indexKey: nothing from a user reaches the filter.
    const filter = `owner IN [${owners.map((owner) => `"${owner}"`).join(',')}]` + (keep.length > 0 ? ` AND key NOT IN [${keep.map((key) => `"${key}"`).join(',')}]` : '');
    // Both tasks are queued before either is awaited: Meilisearch runs an index's tasks in the
    // order they came, so the deletion still follows the upsert, one wait later instead of two.
    // Should the upsert fail, the deletion spares the documents in `keep`, and the batch is retried.
    const tasks = [];
    if (documents.length > 0) tasks.push(await index.addDocuments(documents));
    if (owners.length > 0) tasks.push(await index.deleteDocuments({ filter }));
    for (const task of tasks) await this.search.settled(task);
  }

  /**
   * Builds a fresh index from every source and swaps it in at once. Writes made meanwhile reach
   * both indexes (see apply), so none is lost by the swap.
   */
  async reindex(progress: (step: ReindexProgress) => void = () => undefined): Promise<{ documents: number }> {
    const next = this.search.nextIndexUid;
    if (await this.search.exists(next)) await this.search.settled(this.search.client.deleteIndex(next));
    await this.search.prepare(next);
    await this.ensurePrepared();
    let total = 0;
    // Reading the next page from PostgreSQL overlaps Meilisearch indexing the last ones, which it
    // also takes together as one batch; a few pages at most are queued, so memory stays bounded.
    const queued: EnqueuedTask[] = [];
    for (const type of this.sources.types()) {
      const source = this.sources.of(type)!;
      let done = 0;
      for await (const ids of source.allIds(type)) {
        // The drain's lock, from reading the page until Meilisearch has queued it: a drain's write
        // of a change made meanwhile is then queued after the page (Meilisearch applies an index's
        // tasks in order), never before it, where the page's older copy would overwrite it. Sending
        // a page takes Meilisearch a second or more when it is busy, so that window is not small.
        const indexed = await this.dataSource.transaction(async (manager) => {
          await manager.query(`SELECT pg_advisory_xact_lock($1)`, [DRAIN_LOCK]);
          const loaded = await source.load(type, ids, manager);
          const documents: IndexedDocument[] = [];
          loaded.forEach((found, position) => {
            const owner = indexKey(type, ids[position]);
            for (const document of found === null ? [] : Array.isArray(found) ? found : [found]) documents.push(toIndexed(owner, document));
          });
          if (documents.length > 0) queued.push(await this.search.index(next).addDocuments(documents));
          return documents.length;
        });
        if (queued.length > REINDEX_PAGES_QUEUED) await this.search.settled(queued.shift()!);
        done += ids.length;
        total += indexed;
        progress({ type, done });
      }
    }
    for (const task of queued) await this.search.settled(task);
    // Under the drain's lock too: a drain that saw the building index must not write to it once it
    // is deleted (Meilisearch would make it again, and every later drain would keep feeding it).
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [DRAIN_LOCK]);
      await this.search.settled(this.search.client.swapIndexes([{ indexes: [this.search.indexUid, next], rename: false }]));
      // The old index now has the "next" name; with it gone, writes go to the live index alone again.
      await this.search.settled(this.search.client.deleteIndex(next));
    });
    return { documents: total };
  }
}
