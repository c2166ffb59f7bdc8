import { Inject, Injectable, Logger } from '@nestjs/common';
import { Meilisearch, type EnqueuedTask, type Index } from 'meilisearch';
import { CONFIG, type Config } from '../platform/config';
import { SEARCH_CONNECTION, type SearchConnection } from '../platform/services';
import { meilisearchHttpClient } from './meilisearch-http';
import type { IndexedDocument } from './search.document';
import { INDEX_SETTINGS } from './search-settings';

/** How long a write to the index may take before the batch is tried again later. */
const TASK_TIMEOUT_MS = 30_000;

/**
 * The one holder of the Meilisearch client. The browser never talks to Meilisearch: queries go
 * through the server, which adds the access filter.
 */
@Injectable()
export class SearchClient {
  private readonly logger = new Logger(SearchClient.name);
  readonly client: Meilisearch;
  /** The live index. */
  readonly indexUid: string;
  /** Where a reindex builds the next index; writes go here too while it exists, so that none is lost by the swap. */
  readonly nextIndexUid: string;

  constructor(@Inject(SEARCH_CONNECTION) connection: SearchConnection, @Inject(CONFIG) config: Config) {
    this.client = new Meilisearch({ host: connection.url, apiKey: connection.masterKey ?? undefined, timeout: 5_000, httpClient: meilisearchHttpClient });
    this.indexUid = config.meiliIndex;
    this.nextIndexUid = `${config.meiliIndex}_next`;
  }

  index(uid = this.indexUid): Index<IndexedDocument> {
    return this.client.index<IndexedDocument>(uid);
  }

  /** Waits for a task and fails when Meilisearch could not do it. */
  async settled(task: Promise<EnqueuedTask> | EnqueuedTask): Promise<void> {
    // Our own polling, not the client's waitTask: that one leaves an abort listener behind on every
    // poll, which a fast connection turns into a warning on any task lasting more than a moment.
    const { taskUid } = await task;
    const deadline = Date.now() + TASK_TIMEOUT_MS;
    // Asked soon at first (a small write takes Meilisearch a few tens of ms), then every 20 ms.
    for (let wait = 4; ; wait = Math.min(20, wait * 2)) {
      const done = await this.client.tasks.getTask(taskUid);
      if (done.status === 'succeeded') return;
      if (done.status !== 'enqueued' && done.status !== 'processing') {
        throw new Error(`Meilisearch task ${done.uid} ${done.status}: ${done.error?.message ?? 'no reason given'}`);
      }
      if (Date.now() > deadline) throw new Error(`Meilisearch task ${taskUid} was not done within ${TASK_TIMEOUT_MS / 1000} s`);
      await new Promise((wake) => setTimeout(wake, wait));
    }
  }

  /** Makes the index if it is missing and gives it the settings in code; true when it was made now. */
  async prepare(uid = this.indexUid): Promise<boolean> {
    let created = false;
    try {
      await this.client.getIndex(uid);
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'index_not_found') throw error;
      await this.settled(this.client.createIndex(uid, { primaryKey: 'key' }));
      created = true;
    }
    await this.settled(this.index(uid).updateSettings(INDEX_SETTINGS));
    return created;
  }

  async exists(uid: string): Promise<boolean> {
    try {
      await this.client.getIndex(uid);
      return true;
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code === 'index_not_found') return false;
      throw error;
    }
  }

  /** Null when reachable, otherwise what went wrong. */
  async problem(): Promise<string | null> {
    try {
      await this.client.health();
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  warn(message: string): void {
    this.logger.warn(message);
  }
}
