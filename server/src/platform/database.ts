import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { SessionEntity } from '../auth/session.entity';
import { InvitationEntity } from '../networks/invitation.entity';
import { MembershipEntity } from '../networks/membership.entity';
import { NetworkEntity } from '../networks/network.entity';
import { TeamEntity } from '../networks/team.entity';
import { UserEntity } from '../users/user.entity';
import { ChangePackageEntity } from '../change-packages/change-package.entity';
import { Foundation1763800000000 } from './migrations/1763800000000-foundation';
import { ChangePackagesCollab1763900000000 } from './migrations/1763900000000-change-packages-collab';

export const ENTITIES = [UserEntity, SessionEntity, NetworkEntity, MembershipEntity, TeamEntity, InvitationEntity, ChangePackageEntity];
export const MIGRATIONS = [Foundation1763800000000, ChangePackagesCollab1763900000000];

/** An arbitrary constant: the advisory lock that keeps two instances from migrating at once. */
const MIGRATION_LOCK = 7_160_001;

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // The schema only ever comes from migrations.
    synchronize: false,
    extra: { max: 20, connectionTimeoutMillis: 5_000 },
  };
}

/** Connects and brings the schema up to date, one instance at a time. */
export async function openDatabase(url: string): Promise<DataSource> {
  const logger = new Logger('Database');
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}
