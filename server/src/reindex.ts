import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigError, loadConfig, type Config } from './platform/config';
import { openDatabase } from './platform/database';
import { EmbeddedMeilisearchServer } from './platform/embedded/embedded-meilisearch';
import { EmbeddedPostgresServer } from './platform/embedded/embedded-postgres';
import { isAlive } from './platform/embedded/processes';
import { SearchIndexer } from './search/search-indexer';

/**
 * `npm run reindex`: builds a fresh search index from PostgreSQL and swaps it in at once; the
 * live index keeps answering until the swap. With DATABASE_URL and MEILI_URL it works beside a
 * running server; with the embedded services it starts them itself, so Knotwork must be stopped.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const config: Config = { ...loadConfig(), runJobWorker: false };
  const stops: (() => Promise<unknown>)[] = [];
  try {
    let databaseUrl = config.databaseUrl;
    let search = config.meiliUrl ? { url: config.meiliUrl, masterKey: config.meiliMasterKey } : null;
    if (!databaseUrl || !search) refuseWhileEmbeddedServicesRun(config);
    if (!databaseUrl) {
      const postgres = new EmbeddedPostgresServer(config.dataDir);
      stops.push(() => postgres.stop());
      databaseUrl = await postgres.start();
    }
    if (!search) {
      const meilisearch = new EmbeddedMeilisearchServer(config.dataDir);
      stops.push(() => meilisearch.stop());
      search = await meilisearch.start();
    }
    const dataSource = await openDatabase(databaseUrl, AppModule);
    stops.push(() => dataSource.destroy());
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, dataSource, search }), { logger: ['warn', 'error'] });
    stops.push(() => app.close());

    const started = Date.now();
    process.stdout.write(`Rebuilding the search index "${config.meiliIndex}"…\n`);
    const { documents } = await app.get(SearchIndexer).reindex(({ type, done }) => process.stdout.write(`  ${type}: ${done} read\n`));
    process.stdout.write(`Done: ${documents} documents indexed and swapped in, in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

/** The embedded services belong to the running server: starting them again here would stop its own. */
function refuseWhileEmbeddedServicesRun(config: Config): void {
  const pidFiles = [join(config.dataDir, 'postgres', 'postmaster.pid'), join(config.dataDir, 'meilisearch', 'meilisearch.pid')];
  for (const file of pidFiles) {
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new ConfigError(
        `Knotwork's embedded services in ${config.dataDir} are running (pid ${pid}). Stop Knotwork first, or run the reindex with DATABASE_URL and MEILI_URL set.`,
      );
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`\nThe reindex failed: ${error instanceof Error ? error.message : String(error)}\n\n`);
    process.exit(1);
  },
);
