import { Module } from '@nestjs/common';
import { CollabModule } from '../collab/collab.module';
import { NetworksModule } from '../networks/networks.module';
import { ChangePackagesController } from './change-packages.controller';
import { ChangePackagesRepository } from './change-packages.repository';
import { ChangePackagesService } from './change-packages.service';

@Module({
  imports: [NetworksModule, CollabModule],
  controllers: [ChangePackagesController],
  providers: [ChangePackagesRepository, ChangePackagesService],
  exports: [ChangePackagesService],
})
export class ChangePackagesModule {}
