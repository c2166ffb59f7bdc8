import type { PendingUpdate } from './collab.repository';

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: items that arrive while a write is in flight wait and go together in the next
 * single write. Each caller's promise resolves only once its item is committed, which is what
 * lets the server relay an update to peers only after it is durable, at the cost of one round
 * trip (and one commit) per batch rather than per item. Collab's Yjs updates use it with their
 * stored ids as results; the live room's poll votes with whether each counted.
 */
export class GroupCommit<T = PendingUpdate, R = string> {
  private queue: Waiting<T, R>[] = [];
  private writing = false;

  constructor(
    /** Writes a batch and answers one result per item, in order. */
    private readonly write: (batch: T[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves with the item's result once it is committed. */
  commit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // drain() settles every promise it takes and never rejects itself.
      if (!this.writing) void this.drain();
    });
  }

  /** Resolves when nothing is waiting or being written (for an orderly shutdown). */
  async idle(): Promise<void> {
    while (this.writing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.write(batch.map(({ item }) => item));
          batch.forEach((waiting, index) => waiting.resolve(results[index]));
        } catch (error) {
          for (const waiting of batch) waiting.reject(error as Error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
