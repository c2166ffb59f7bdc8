import { Module } from '@nestjs/common';
import { CollabModule } from '../collab/collab.module';
import { NetworksModule } from '../networks/networks.module';
import { FeatureDatabase } from '../platform/feature-database';
import { AdaptationsService } from './adaptations.service';
import { ChangePackageEntity } from './change-package.entity';
import { ChangePackageHistoryController } from './change-package-history.controller';
import { ChangePackageHistoryService } from './change-package-history.service';
import { ChangePackagesController } from './change-packages.controller';
import { ChangePackagesDemoSeeder } from './change-packages.demo-seeder';
import { ChangePackagesRepository } from './change-packages.repository';
import { ChangePackagesSearchSource } from './change-packages.search-source';
import { ChangePackagesService } from './change-packages.service';
import { ChangePackagesCollab1763900000000 } from './migrations/1763900000000-change-packages-collab';

@FeatureDatabase({
  entities: [ChangePackageEntity],
  // This migration also made the collab_* tables (change packages were the first co-edited documents).
  migrations: [ChangePackagesCollab1763900000000],
  demoSeeder: ChangePackagesDemoSeeder,
})
@Module({
  imports: [NetworksModule, CollabModule],
  controllers: [ChangePackagesController, ChangePackageHistoryController],
  providers: [ChangePackagesRepository, ChangePackagesService, ChangePackagesSearchSource, ChangePackageHistoryService, AdaptationsService, ChangePackagesDemoSeeder],
  // Discussions check that a thread's subject (a package, one of its ideas) exists in its network.
  exports: [ChangePackagesService],
})
export class ChangePackagesModule {}
