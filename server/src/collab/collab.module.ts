import { Module } from '@nestjs/common';
import { NetworksModule } from '../networks/networks.module';
import { CollabAccess } from './collab-access';
import { CollabConnections } from './collab-connection';
import { CollabDirectory } from './collab-directory';
import { CollabDispatch } from './collab-dispatch';
import { CollabHub } from './collab-hub';
import { CollabGateway } from './collab.gateway';
import { CollabRepository } from './collab.repository';
import { CollabUpgrade } from './collab-upgrade';

@Module({
  imports: [NetworksModule],
  providers: [CollabRepository, CollabHub, CollabDirectory, CollabConnections, CollabAccess, CollabDispatch, CollabUpgrade, CollabGateway],
  exports: [CollabHub, CollabDirectory, CollabRepository, CollabAccess],
})
export class CollabModule {}
