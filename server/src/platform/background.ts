import type { Logger } from '@nestjs/common';

/**
 * Runs work nobody awaits (a re-check after an event, a compaction) so that its failure is logged
 * with what it was doing, instead of becoming an unhandled rejection. Use it wherever a promise
 * would otherwise be started with `void`.
 */
export function inBackground(logger: Pick<Logger, 'error'>, what: string, work: Promise<unknown>): void {
  work.catch((error: unknown) => logger.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
}
