import { Injectable } from '@nestjs/common';
import * as Y from 'yjs';
import { CollabRepository } from '../collab/collab.repository';
import type { DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { DEMO_CHANGE_PACKAGE } from '../seed/demo-change-package';
import { readSnapshot, writeChangePackage } from '../shared/change-package.document';
import { ChangePackagesRepository } from './change-packages.repository';

/**
 * The national network's change package; its document's first update is authored by the network's
 * admin. Later seeders find the package as ('change-package', 'national') and each idea, whose id
 * the document makes up, by its title as ('change-idea', <title>).
 */
@Injectable()
export class ChangePackagesDemoSeeder implements DemoSeeder {
  constructor(
    private readonly packages: ChangePackagesRepository,
    private readonly collab: CollabRepository,
  ) {}

  async seedDemo({ manager, ids }: DemoSeedContext): Promise<void> {
    const author = ids.of('person', 'nadia');
    const created = await this.packages.insert(
      { networkId: ids.of('network', 'national'), title: DEMO_CHANGE_PACKAGE.title, createdBy: author },
      manager,
    );
    const doc = new Y.Doc();
    writeChangePackage(doc, DEMO_CHANGE_PACKAGE);
    await this.collab.insertUpdates([{ documentName: created.documentName, update: Y.encodeStateAsUpdate(doc), authorId: author }], manager);
    ids.remember('change-package', 'national', created.id);
    for (const idea of readSnapshot(doc).ideas) ids.remember('change-idea', idea.title, idea.id);
  }
}
