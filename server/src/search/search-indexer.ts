import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { inBackground } from '../platform/background';
import { JobQueue } from '../platform/jobs/job-queue';
import { SearchClient } from './search.client';
import { indexKey, toIndexed, type IndexedDocument, type SearchDocType } from './search.document';
import { DRAIN_JOB, SearchOutbox, type OutboxEntry } from './search-outbox';
import { SearchSources } from './search-sources';

const BATCH = 200;
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
export class SearchIndexer implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SearchIndexer.name);
  private prepared = false;

  constructor(
    private readonly search: SearchClient,
    private readonly outbox: SearchOutbox,
    private readonly sources: SearchSources,
    private readonly jobs: JobQueue,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DRAIN_JOB, (payload) => this.drainJob(payload));
    // The safety net for a wake-up lost between a commit and the job being queued.
    this.jobs.schedule({ name: DRAIN_JOB, cron: '* * * * *' });
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.ensurePrepared();
    } catch (error) {
      // Search being down never stops the server; /api/ready says so, and the drain tries again.
      this.logger.warn(`Meilisearch is not reachable yet: ${(error as Error).message}`);
    }
    inBackground(this.logger, 'waking the search drain', this.outbox.wake());
  }

  private async ensurePrepared(): Promise<void> {
    if (this.prepared) return;
    await this.search.prepare();
    this.prepared = true;
  }

  private async drainJob(payload: unknown): Promise<void> {
    const attempt = typeof (payload as { attempt?: unknown })?.attempt === 'number' ? (payload as { attempt: number }).attempt : 0;
    try {
      await this.drain();
    } catch (error) {
      // Retried by a job of our own rather than the queue's: its backoff grows to hours, and the
      // index must catch up within moments of Meilisearch coming back.
      const delay = backoffMs(attempt);
      this.logger.warn(`Search index not updated (${(error as Error).message}); trying again in ${Math.round(delay / 1000)} s.`);
      await this.jobs.add(DRAIN_JOB, { attempt: attempt + 1 }, { key: `${DRAIN_JOB}:retry`, runAt: new Date(Date.now() + delay) });
    }
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
    if (documents.length > 0) await this.search.settled(index.addDocuments(documents));
    const keep = documents.map((document) => document.key);
    // Every value here is a hex digest made by indexKey: nothing from a user reaches the filter.
    const filter = `owner IN [${owners.map((owner) => `"${owner}"`).join(',')}]` + (keep.length > 0 ? ` AND key NOT IN [${keep.map((key) => `"${key}"`).join(',')}]` : '');
    if (owners.length > 0) await this.search.settled(index.deleteDocuments({ filter }));
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
    for (const type of this.sources.types()) {
      const source = this.sources.of(type)!;
      let done = 0;
      for await (const ids of source.allIds(type)) {
        const loaded = await source.load(type, ids, this.dataSource.manager);
        const documents: IndexedDocument[] = [];
        loaded.forEach((found, position) => {
          const owner = indexKey(type, ids[position]);
          for (const document of found === null ? [] : Array.isArray(found) ? found : [found]) documents.push(toIndexed(owner, document));
        });
        if (documents.length > 0) await this.search.settled(this.search.index(next).addDocuments(documents));
        done += ids.length;
        total += documents.length;
        progress({ type, done });
      }
    }
    await this.search.settled(this.search.client.swapIndexes([{ indexes: [this.search.indexUid, next], rename: false }]));
    // The old index now has the "next" name; with it gone, writes go to the live index alone again.
    await this.search.settled(this.search.client.deleteIndex(next));
    return { documents: total };
  }
}
