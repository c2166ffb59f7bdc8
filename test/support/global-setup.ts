import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servicesReady, spawnTestServices } from './test-services-process';

/**
 * Starts one embedded PostgreSQL and Meilisearch for the whole run; suites copy a migrated template
 * database. They run in a child process that stops them when its stdin closes, which happens
 * however jest ends, even when it is killed.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-test-'));
  const child = spawnTestServices(dataDir);
  process.env.KNOTWORK_TEST_SERVICES = await servicesReady(child);
  process.env.KNOTWORK_TEST_DATA_DIR = dataDir;
  (globalThis as { knotworkTestServices?: typeof child }).knotworkTestServices = child;
}
