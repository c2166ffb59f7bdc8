import { Logger, type INestApplicationContext, type Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DemoIds, featureDatabasesOf } from '../platform/feature-database';
import { PlatformStateRepository } from '../platform/platform-state.repository';
import { DEMO_NETWORKS, DEMO_PASSWORD, DEMO_PEOPLE } from './demo-content';

export interface SeedResult {
  createdNow: boolean;
  password: string;
  logins: { email: string; what: string }[];
}

const SEED_KEY = 'demo_seeded';

/**
 * Seeds the demo learning network on the first start only: every feature module that `rootModule`
 * imports writes its part through its own seeder, in import order, all in one transaction. A row
 * in platform_state records that it was done, so a later start (or an admin who deleted demo
 * data) is never re-seeded.
 */
export async function seedDemoOnce(app: INestApplicationContext, rootModule: Type): Promise<SeedResult> {
  const logger = new Logger('DemoSeed');
  const seeders = featureDatabasesOf(rootModule).flatMap((feature) => (feature.demoSeeder ? [app.get(feature.demoSeeder, { strict: false })] : []));
  const platformState = app.get(PlatformStateRepository);
  const createdNow = await app.get(DataSource).transaction(async (manager) => {
    // Two instances starting at once must not both seed.
    await platformState.lock(manager);
    if (await platformState.has(SEED_KEY, manager)) return false;
    const context = { manager, ids: new DemoIds() };
    for (const seeder of seeders) await seeder.seedDemo(context);
    await platformState.set(SEED_KEY, { at: new Date().toISOString() }, manager);
    return true;
  });
  if (createdNow) logger.log(`Seeded the demo: ${DEMO_NETWORKS.length} networks, ${DEMO_PEOPLE.length} people.`);
  return { createdNow, password: DEMO_PASSWORD, logins: DEMO_PEOPLE.map((person) => ({ email: person.email, what: person.what })) };
}
