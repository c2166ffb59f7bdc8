import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import type { EntityManager, EntitySchema, MigrationInterface } from 'typeorm';

/**
 * What a feature module brings to the database, declared on the module itself so that adding a
 * feature touches no central list: the database and the demo seed find it through AppModule's
 * imports.
 */
export interface FeatureDatabaseDeclaration {
  /** The TypeORM entities its repositories use. */
  entities?: (Type | EntitySchema)[];
  /** Its migrations; TypeORM runs every feature's migrations together, in timestamp order. */
  migrations?: Type<MigrationInterface>[];
  /** A provider of the module that writes its part of the demo (see seed/demo-seed.ts). */
  demoSeeder?: Type<DemoSeeder>;
}

/**
 * Ids of what earlier seeders created, under the keys the demo content uses, so that a later
 * seeder can point at them (a membership at its person, a change package at its network).
 */
export class DemoIds {
  private readonly ids = new Map<string, string>();

  remember(kind: string, key: string, id: string): void {
    this.ids.set(`${kind}:${key}`, id);
  }

  /** Fails loudly when the seeder that creates `kind` has not run first: its module must be imported before this one. */
  of(kind: string, key: string): string {
    const id = this.ids.get(`${kind}:${key}`);
    if (!id) throw new Error(`The demo has no ${kind} "${key}" yet: is the module that seeds it imported before this one?`);
    return id;
  }
}

export interface DemoSeedContext {
  /** The one transaction the whole demo is written in: pass it to every repository call. */
  manager: EntityManager;
  ids: DemoIds;
}

export interface DemoSeeder {
  seedDemo(context: DemoSeedContext): Promise<void>;
}

const FEATURE_DATABASE = 'knotwork:feature-database';

/** Declares, on a feature's @Module class, what it brings to the database. */
export const FeatureDatabase =
  (declaration: FeatureDatabaseDeclaration): ClassDecorator =>
  (target) =>
    Reflect.defineMetadata(FEATURE_DATABASE, declaration, target);

type ModuleImport = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

/** The module class and the imports of one entry in a module's `imports`. */
function unwrap(entry: ModuleImport): { module: Type; extraImports: ModuleImport[] } | null {
  if (entry instanceof Promise) return null; // asynchronous dynamic modules bring nothing to the database here
  if (typeof entry === 'function') return { module: entry, extraImports: [] };
  if ('forwardRef' in entry) return unwrap((entry.forwardRef as () => ModuleImport)());
  return { module: entry.module, extraImports: entry.imports ?? [] };
}

/**
 * The declarations of every module reachable from `root` through its imports, each once, a
 * module's imports before the module itself: a seeder runs after the seeders of the modules it
 * builds on, and otherwise in the order the modules are imported.
 */
export function featureDatabasesOf(root: Type): FeatureDatabaseDeclaration[] {
  const seen = new Set<Type>();
  const found: FeatureDatabaseDeclaration[] = [];
  const visit = (entry: ModuleImport) => {
    const unwrapped = unwrap(entry);
    if (!unwrapped || seen.has(unwrapped.module)) return;
    seen.add(unwrapped.module);
    const imports: ModuleImport[] = Reflect.getMetadata(MODULE_METADATA.IMPORTS, unwrapped.module) ?? [];
    for (const inner of [...imports, ...unwrapped.extraImports]) visit(inner);
    const declaration: FeatureDatabaseDeclaration | undefined = Reflect.getMetadata(FEATURE_DATABASE, unwrapped.module);
    if (declaration) found.push(declaration);
  };
  visit(root);
  return found;
}
