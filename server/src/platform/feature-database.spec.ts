import 'reflect-metadata';
import { Module, forwardRef } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { AppModule } from '../app.module';
import { ChangePackagesDemoSeeder } from '../change-packages/change-packages.demo-seeder';
import { DiscussionsDemoSeeder } from '../discussions/discussions.demo-seeder';
import { BarriersDemoSeeder } from '../knowledge/barriers.demo-seeder';
import { KnowledgeDemoSeeder } from '../knowledge/knowledge.demo-seeder';
import { LearningSessionsDemoSeeder } from '../learning-sessions/learning-sessions.demo-seeder';
import { SearchDemoSeeder } from '../search/search.demo-seeder';
import { NetworksDemoSeeder } from '../networks/networks.demo-seeder';
import { UsersDemoSeeder } from '../users/users.demo-seeder';
import { DemoIds, FeatureDatabase, featureDatabasesOf } from './feature-database';

class A {}
class B {}
class C {}
class D {}
class MigrationOfC implements MigrationInterface {
  async up(): Promise<void> {}
  async down(): Promise<void> {}
}

@FeatureDatabase({ entities: [A] })
@Module({})
class ModuleA {}

@FeatureDatabase({ entities: [B] })
@Module({ imports: [ModuleA] })
class ModuleB {}

@FeatureDatabase({ entities: [C], migrations: [MigrationOfC] })
@Module({ imports: [forwardRef(() => ModuleB)] })
class ModuleC {}

/** A module that brings nothing to the database, through which features are still reached. */
@Module({ imports: [ModuleC] })
class Passthrough {}

@FeatureDatabase({ entities: [D] })
@Module({})
class ModuleD {}

@Module({})
class DynamicHost {}

describe('featureDatabasesOf', () => {
  it("lists a module's imports before the module, each once, through forward references and modules that declare nothing", () => {
    @Module({ imports: [Passthrough, ModuleB, ModuleA] })
    class Root {}
    expect(featureDatabasesOf(Root).map((feature) => feature.entities)).toEqual([[A], [B], [C]]);
    expect(featureDatabasesOf(Root).flatMap((feature) => feature.migrations ?? [])).toEqual([MigrationOfC]);
  });

  it('follows the imports of a dynamic module as well as its static ones', () => {
    @Module({ imports: [{ module: DynamicHost, imports: [ModuleD] }, ModuleA] })
    class Root {}
    expect(featureDatabasesOf(Root).map((feature) => feature.entities)).toEqual([[D], [A]]);
  });

  it("finds every feature of the app, with the demo's seeders in the order their data needs", () => {
    const seeders = featureDatabasesOf(AppModule).flatMap((feature) => (feature.demoSeeder ? [feature.demoSeeder] : []));
    // Search comes last: it puts everything the others seeded into its outbox.
    expect(seeders).toEqual([UsersDemoSeeder, NetworksDemoSeeder, ChangePackagesDemoSeeder, DiscussionsDemoSeeder, KnowledgeDemoSeeder, BarriersDemoSeeder, LearningSessionsDemoSeeder, SearchDemoSeeder]);
    const entities = featureDatabasesOf(AppModule).flatMap((feature) => feature.entities ?? []);
    expect(new Set(entities).size).toBe(entities.length);
  });
});

describe('DemoIds', () => {
  it('gives back what an earlier seeder remembered, and fails loudly when that seeder has not run', () => {
    const ids = new DemoIds();
    ids.remember('person', 'nadia', 'id-1');
    expect(ids.of('person', 'nadia')).toBe('id-1');
    expect(() => ids.of('network', 'nadia')).toThrow('The demo has no network "nadia" yet');
  });
});
