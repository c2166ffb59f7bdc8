import { Module } from '@nestjs/common';
import { FeatureDatabase } from '../platform/feature-database';
import { UsersModule } from '../users/users.module';
import { InvitationEntity } from './invitation.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { MembersController } from './members.controller';
import { MembershipEntity } from './membership.entity';
import { MembershipsRepository } from './memberships.repository';
import { MembershipsService } from './memberships.service';
import { NetworkRemovals1764005000000 } from './migrations/1764005000000-network-removals';
import { NetworkSearchIndex1764004000000 } from './migrations/1764004000000-network-search-index';
import { NetworkSiblingNames1764003000000 } from './migrations/1764003000000-network-sibling-names';
import { NetworkAccessGuard } from './network-access.guard';
import { NetworkAccessPolicy } from './network-access.policy';
import { NetworkEvents } from './network-events';
import { NetworkEntity } from './network.entity';
import { NetworksController } from './networks.controller';
import { NetworksDemoSeeder } from './networks.demo-seeder';
import { NetworksGateway } from './networks.gateway';
import { NetworksRepository } from './networks.repository';
import { NetworksService } from './networks.service';
import { TeamEntity } from './team.entity';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';

@FeatureDatabase({
  entities: [NetworkEntity, MembershipEntity, TeamEntity, InvitationEntity],
  migrations: [NetworkSiblingNames1764003000000, NetworkSearchIndex1764004000000, NetworkRemovals1764005000000],
  demoSeeder: NetworksDemoSeeder,
})
@Module({
  // Members are users: the users module (and its demo people) comes first.
  imports: [UsersModule],
  controllers: [NetworksController, MembersController, InvitationsController],
  providers: [
    NetworksRepository,
    MembershipsRepository,
    TeamsRepository,
    InvitationsRepository,
    NetworksService,
    MembershipsService,
    TeamsService,
    InvitationsService,
    NetworkAccessPolicy,
    NetworkAccessGuard,
    NetworkEvents,
    NetworksGateway,
    NetworksDemoSeeder,
  ],
  // Later features (change packages, discussions, search, sessions) ask this policy; they do not write their own.
  exports: [NetworkAccessPolicy, NetworkAccessGuard, NetworkEvents, NetworksRepository],
})
export class NetworksModule {}
