import type { PendingUpdate } from './collab.repository';

interface Waiting extends PendingUpdate {
  resolve: (id: string) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: updates that arrive while a write is in flight wait and go together in the next
 * single INSERT. Each caller's promise resolves only once its update is committed, which is what
 * lets the server relay an update to peers only after it is durable, at the cost of one round
 * trip per batch rather than per update.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly write: (batch: PendingUpdate[]) => Promise<string[]>,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves with the stored update's id once it is committed. */
  commit(update: PendingUpdate): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...update, resolve, reject });
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
          const ids = await this.write(batch.map(({ documentName, update, authorId }) => ({ documentName, update, authorId })));
          batch.forEach((waiting, index) => waiting.resolve(ids[index]));
        } catch (error) {
          for (const waiting of batch) waiting.reject(error as Error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
