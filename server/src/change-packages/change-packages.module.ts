import { Module } from '@nestjs/common';
import { CollabModule } from '../collab/collab.module';
import { NetworksModule } from '../networks/networks.module';
import { AdaptationsService } from './adaptations.service';
import { ChangePackageHistoryController } from './change-package-history.controller';
import { ChangePackageHistoryService } from './change-package-history.service';
import { ChangePackagesController } from './change-packages.controller';
import { ChangePackagesRepository } from './change-packages.repository';
import { ChangePackagesService } from './change-packages.service';

@Module({
  imports: [NetworksModule, CollabModule],
  controllers: [ChangePackagesController, ChangePackageHistoryController],
  providers: [ChangePackagesRepository, ChangePackagesService, ChangePackageHistoryService, AdaptationsService],
  exports: [ChangePackagesService],
})
export class ChangePackagesModule {}
