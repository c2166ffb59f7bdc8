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

/**
 * A thrown value in a few lines: an Error's stack, and for an 'error' event that carried something
 * other than an Error, what it carried (by kind, never the whole object: a socket prints pages).
 */
function describeThrown(thrown: unknown): string {
  const kindOf = (value: unknown) => (typeof value === 'object' && value !== null ? (Object.getPrototypeOf(value)?.constructor?.name ?? 'object') : typeof value);
  if (!(thrown instanceof Error)) return `a thrown ${kindOf(thrown)}`;
  const context = (thrown as Error & { context?: unknown }).context;
  const carried = context !== undefined ? ` (the 'error' event carried a ${kindOf(context)})` : '';
  const firstLine = `${thrown.name}: ${thrown.message.split('\n')[0].slice(0, 300)}`;
  const frames = (thrown.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  return [firstLine + carried, ...frames.slice(0, 8)].join('\n');
}

let stopping: Promise<never> | null = null;
/** Stops everything in order, once: a second call (a failed start noticing the stop) waits for the first. */
function stopAll(exitCode: number): Promise<never> {
  stopping ??= (async () => {
    for (const { name, stop } of stops.reverse()) {
      await stop().catch((error: Error) => logger.error(`Stopping ${name} failed: ${error.message}`));
    }
    logger.log(exitCode === 0 ? 'Stopped cleanly.' : 'Stopped.');
    process.exit(exitCode);
  })();
  return stopping;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  Logger.overrideLogger(new KnotworkLogger(config.production));
  // Work nobody awaited that failed anyway is a bug to log, never a reason to stop serving everyone.
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  // A throw nobody caught leaves the process in an unknown state: stop in order (the embedded
  // databases too, rather than orphaning them). While stopping, a connection that the stop itself
  // tears down may still complain; that is noted, and the stop goes on.
  process.on('uncaughtException', (error: unknown) => {
    if (stopping) {
      logger.warn(`While stopping: ${describeThrown(error)}`);
      return;
    }
    logger.error(`Uncaught exception: ${describeThrown(error)}`);
    void stopAll(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // A second Ctrl-C while stopping means "now".
      if (stopping) process.exit(1);
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
