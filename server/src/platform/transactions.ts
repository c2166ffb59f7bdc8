import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';
import { inBackground } from './background';

/**
 * Runs work in one database transaction. Services use it to make several repository calls
 * atomic without holding the DataSource themselves; each repository method takes the manager.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);
  /** Work waiting for the outermost commit of a transaction, by the transaction's query runner. */
  private readonly pending = new WeakMap<QueryRunner, (() => Promise<void> | void)[]>();

  constructor(private readonly dataSource: DataSource) {
    const subscriber: EntitySubscriberInterface = {
      // Savepoints (nested transactions) broadcast too; only the outermost COMMIT makes the work visible.
      afterTransactionCommit: ({ queryRunner }) => {
        if (queryRunner.isTransactionActive) return;
        const work = this.pending.get(queryRunner);
        this.pending.delete(queryRunner);
        for (const run of work ?? []) inBackground(this.logger, 'work after a commit', Promise.resolve().then(run));
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) this.pending.delete(queryRunner);
      },
    };
    (dataSource.subscribers as EntitySubscriberInterface[]).push(subscriber);
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Runs `work` once what `manager` wrote is committed (at once when there is no open transaction),
   * and never when it is rolled back: for messages to other people (socket.io emits) that must
   * not announce a write that did not happen. Failures are logged, not thrown.
   */
  afterCommit(manager: EntityManager | undefined, work: () => Promise<void> | void): void {
    const runner = manager?.queryRunner;
    if (!runner || !runner.isTransactionActive) {
      inBackground(this.logger, 'work after a commit', Promise.resolve().then(work));
      return;
    }
    const queued = this.pending.get(runner) ?? [];
    queued.push(work);
    this.pending.set(runner, queued);
  }
}
