import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { CollabRepository } from '../collab/collab.repository';
import type { DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { DEMO_CHANGE_PACKAGE } from '../seed/demo-change-package';
import { writeChangePackage } from './change-package.document';
import { ChangePackagesRepository } from './change-packages.repository';

/**
 * CollabRepository inside the seed's transaction. It only ever calls `query` on what it is given,
 * which an EntityManager answers within its transaction.
 * TODO(collab rewrite): pass the manager to `insertUpdates` once it takes one, and drop this.
 */
function collabIn(manager: EntityManager): CollabRepository {
  return new CollabRepository(manager as unknown as DataSource);
}

/** The national network's change package; its document's first update is authored by the network's admin. */
@Injectable()
export class ChangePackagesDemoSeeder implements DemoSeeder {
  constructor(private readonly packages: ChangePackagesRepository) {}

  async seedDemo({ manager, ids }: DemoSeedContext): Promise<void> {
    const author = ids.of('person', 'nadia');
    const created = await this.packages.insert(
      { networkId: ids.of('network', 'national'), title: DEMO_CHANGE_PACKAGE.title, createdBy: author },
      manager,
    );
    const doc = new Y.Doc();
    writeChangePackage(doc, DEMO_CHANGE_PACKAGE);
    await collabIn(manager).insertUpdates([{ documentName: created.documentName, update: Y.encodeStateAsUpdate(doc), authorId: author }]);
  }
}
