import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppModule } from '../../server/src/app.module';
import { openDatabase } from '../../server/src/platform/database';
import { EmbeddedMeilisearchServer } from '../../server/src/platform/embedded/embedded-meilisearch';
import { EmbeddedPostgresServer } from '../../server/src/platform/embedded/embedded-postgres';

/**
 * For the test suites, run from source by global-setup.ts in a child process: starts one embedded PostgreSQL and one Meilisearch under the given data
 * directory, migrates the `knotwork` database once so that each suite can copy it as a template,
 * prints one JSON line saying where they are, and stops both on SIGTERM or when stdin closes.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: test-services <data-dir>');
  const postgres = new EmbeddedPostgresServer(dataDir);
  const meilisearch = new EmbeddedMeilisearchServer(dataDir);
  let databaseUrl: string;
  let search: { url: string; masterKey: string };
  try {
    [databaseUrl, search] = await Promise.all([postgres.start(), meilisearch.start()]);
    const migrated = await openDatabase(databaseUrl, AppModule);
    await migrated.destroy();
  } catch (error) {
    // Whichever started must not outlive this process.
    await Promise.allSettled([postgres.stop(), meilisearch.stop()]);
    throw error;
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all([postgres.stop(), meilisearch.stop()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.stdout.write(`TEST_SERVICES ${JSON.stringify({ databaseUrl, meiliUrl: search.url, meiliMasterKey: search.masterKey })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`test services failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
