import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { KnotworkLogger } from './platform/logger';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { createHttpApp } from './http-app';
import { loadConfig, ConfigError, type Config } from './platform/config';
import { openDatabase } from './platform/database';
import { EmbeddedMeilisearchServer } from './platform/embedded/embedded-meilisearch';
import { MeilisearchUnavailableError } from './platform/embedded/meilisearch-binary';
import { EmbeddedPostgresServer } from './platform/embedded/embedded-postgres';
import type { SearchConnection } from './platform/services';
import { MailTransport } from './mail/mail-transport';
import { seedDemoOnce } from './seed/demo-seed';

const logger = new Logger('Knotwork');

/** Everything that must be stopped, in reverse order of starting. */
const stops: { name: string; stop: () => Promise<unknown> }[] = [];

async function startSearch(config: Config): Promise<SearchConnection> {
  if (config.meiliUrl) return { url: config.meiliUrl, masterKey: config.meiliMasterKey };
  const meilisearch = new EmbeddedMeilisearchServer(config.dataDir);
  stops.push({ name: 'Meilisearch', stop: () => meilisearch.stop() });
  const { url, masterKey } = await meilisearch.start();
  return { url, masterKey };
}

async function startDatabase(config: Config): Promise<DataSource> {
  let url = config.databaseUrl;
  if (!url) {
    const postgres = new EmbeddedPostgresServer(config.dataDir);
    stops.push({ name: 'PostgreSQL', stop: () => postgres.stop() });
    url = await postgres.start();
  }
  const dataSource = await openDatabase(url, AppModule);
  stops.push({ name: 'database pool', stop: () => dataSource.destroy() });
  return dataSource;
}

let stopping = false;
async function stopAll(exitCode: number): Promise<never> {
  if (stopping) process.exit(exitCode);
  stopping = true;
  for (const { name, stop } of stops.reverse()) {
    await stop().catch((error: Error) => logger.error(`Stopping ${name} failed: ${error.message}`));
  }
  logger.log(exitCode === 0 ? 'Stopped cleanly.' : 'Stopped.');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  Logger.overrideLogger(new KnotworkLogger(config.production));
  // Work nobody awaited that failed anyway is a bug to log, never a reason to stop serving everyone.
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      logger.log(`${signal} received: stopping.`);
      void stopAll(0);
    });
  }

  // Search and the database start side by side; both are needed before the app can serve.
  const [search, dataSource] = await Promise.all([startSearch(config), startDatabase(config)]);

  const app = await createHttpApp({ config, dataSource, search });
  stops.push({ name: 'HTTP server', stop: () => app.close() });
  // The demo is written through the features' own repositories and services, so once Nest has
  // made and initialised them, and before anyone can connect.
  await app.init();
  const seeded = config.seedDemo ? await seedDemoOnce(app, AppModule) : null;
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrlIsDefault ? `http://localhost:${port}` : config.publicUrl.origin;

  const lines = [``, `  Knotwork is ready at ${url}  (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`, `  API docs: ${url}/api/docs`];
  lines.push(`  ${app.get(MailTransport).describe()}`);
  if (seeded) {
    lines.push(`  Demo sign-ins (password for all: ${seeded.password}):`);
    for (const login of seeded.logins) lines.push(`    ${login.email.padEnd(34)} ${login.what}`);
    if (seeded.createdNow) lines.push(`  (The demo was created on this first start; later starts keep your data.)`);
  }
  lines.push(`  Stop with Ctrl-C.`, ``);
  process.stdout.write(lines.join('\n') + '\n');
  // A line for scripts and tests that start the server and wait for it.
  if (config.printReadyLine) process.stdout.write(`KNOTWORK_READY ${JSON.stringify({ port })}\n`);
}

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError || error instanceof MeilisearchUnavailableError) {
    process.stderr.write(`\nKnotwork cannot start: ${error.message}\n\n`);
  } else {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.stderr.write(`\nKnotwork could not start: ${error instanceof Error ? error.message : String(error)}\n\n`);
  }
  await stopAll(1);
});
