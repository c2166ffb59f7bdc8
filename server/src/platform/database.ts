import { Logger, type Type } from '@nestjs/common';
import { Logger as WorkerLogger, runMigrations as runJobQueueMigrations } from 'graphile-worker';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { featureDatabasesOf } from './feature-database';
import { JOBS_SCHEMA } from './jobs/job-queue';
import { Foundation1763800000000 } from './migrations/1763800000000-foundation';
import { RateLimitBackoff1764200000000 } from './migrations/1764200000000-rate-limit-backoff';

/**
 * The platform's own migrations. The first, from before features declared their own, created the
 * platform's tables (platform_state, rate_limit_counters) together with those of the first
 * features (users, sessions, networks and their memberships, teams and invitations). It keeps its
 * place and name because deployments have recorded it as applied; features' migrations live with
 * their feature.
 */
const PLATFORM_MIGRATIONS = [Foundation1763800000000, RateLimitBackoff1764200000000];

/** An arbitrary constant: the advisory lock that keeps two instances from migrating at once. */
const MIGRATION_LOCK = 7_160_001;

/** The connection, with the entities and migrations of every feature module `rootModule` imports. */
function dataSourceOptions(url: string, rootModule: Type): DataSourceOptions {
  const features = featureDatabasesOf(rootModule);
  return {
    type: 'postgres',
    url,
    entities: features.flatMap((feature) => feature.entities ?? []),
    migrations: [...PLATFORM_MIGRATIONS, ...features.flatMap((feature) => feature.migrations ?? [])],
    migrationsTableName: 'migrations',
    // The schema only ever comes from migrations.
    synchronize: false,
    extra: { max: 20, connectionTimeoutMillis: 5_000 },
  };
}

/** Connects and brings the schema of `rootModule`'s features up to date, one instance at a time. */
export async function openDatabase(url: string, rootModule: Type): Promise<DataSource> {
  const logger = new Logger('Database');
  const dataSource = new DataSource(dataSourceOptions(url, rootModule));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
    // The job queue's tables (graphile-worker's own schema and migrations), under the same lock so
    // that a fresh database is complete before any instance serves.
    await runJobQueueMigrations({
      connectionString: url,
      schema: JOBS_SCHEMA,
      logger: new WorkerLogger(() => (level, message) => level === 'error' && logger.error(message)),
    });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}
