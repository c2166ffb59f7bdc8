import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppModule } from '../../server/src/app.module';
import { openDatabase } from '../../server/src/platform/database';
import { EmbeddedMeilisearchServer } from '../../server/src/platform/embedded/embedded-meilisearch';
import { EmbeddedPostgresServer } from '../../server/src/platform/embedded/embedded-postgres';

/**
 * For the test suites, run from source by global-setup.ts in a child process: starts one
 * embedded PostgreSQL and one Meilisearch under the given data directory, migrates the `knotwork`
 * database once so that each suite can copy it as a template, prints one JSON line saying where
 * they are, and stops both on SIGTERM, or when stdin closes or stdout breaks (jest is gone) —
 * also while they are still starting, so that nothing outlives a killed run.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: test-services <data-dir>');
  const postgres = new EmbeddedPostgresServer(dataDir);
  const meilisearch = new EmbeddedMeilisearchServer(dataDir);

  let starting: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    // A service half-way through starting is let finish, so that it can be stopped for good.
    await starting.catch(() => undefined);
    await Promise.allSettled([postgres.stop(), meilisearch.stop()]);
    process.exit(exitCode);
  };
  // Listening before anything starts: EmbeddedPostgresServer.start() takes back the signal
  // listeners added while it loads its package, which would include ones added meanwhile.
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.stdin.on('end', () => void stop(0));
  process.stdin.resume();
  process.stdout.on('error', () => void stop(0));

  const started = Promise.all([postgres.start(), meilisearch.start()]).then(async ([databaseUrl, search]) => {
    const migrated = await openDatabase(databaseUrl, AppModule);
    await migrated.destroy();
    return { databaseUrl, search };
  });
  starting = started;
  try {
    const { databaseUrl, search } = await started;
    if (!stopping) {
      process.stdout.write(`TEST_SERVICES ${JSON.stringify({ databaseUrl, meiliUrl: search.url, meiliMasterKey: search.masterKey })}\n`);
    }
  } catch (error) {
    process.stderr.write(`test services failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    await stop(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`test services failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
