import { Module } from '@nestjs/common';
import { InvitationsController } from './invitations.controller';
import { MembersController } from './members.controller';
import { NetworkAccessGuard } from './network-access.guard';
import { NetworkAccessPolicy } from './network-access.policy';
import { NetworkEvents } from './network-events';
import { NetworksController } from './networks.controller';
import { NetworksGateway } from './networks.gateway';
import { NetworksRepository } from './networks.repository';
import { NetworksService } from './networks.service';

@Module({
  controllers: [NetworksController, MembersController, InvitationsController],
  providers: [NetworksRepository, NetworksService, NetworkAccessPolicy, NetworkAccessGuard, NetworkEvents, NetworksGateway],
  // Later features (change packages, discussions, search, sessions) ask this policy; they do not write their own.
  exports: [NetworkAccessPolicy, NetworkAccessGuard, NetworkEvents, NetworksRepository],
})
export class NetworksModule {}
