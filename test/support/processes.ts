import { readFileSync, readdirSync } from 'node:fs';

/** Pids of every process whose command line mentions the directory (PostgreSQL and Meilisearch do). */
export function processesUsing(directory: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(directory);
      } catch {
        return false;
      }
    })
    .map(Number);
}
