import { Module } from '@nestjs/common';
import { NetworksModule } from '../networks/networks.module';
import { CollabDirectory } from './collab-directory';
import { CollabHub } from './collab-hub';
import { CollabGateway } from './collab.gateway';
import { CollabRepository } from './collab.repository';

@Module({
  imports: [NetworksModule],
  providers: [CollabRepository, CollabHub, CollabDirectory, CollabGateway],
  exports: [CollabHub, CollabDirectory, CollabRepository],
})
export class CollabModule {}
