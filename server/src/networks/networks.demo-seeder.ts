import { Injectable } from '@nestjs/common';
import type { DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { DEMO_NETWORKS } from '../seed/demo-content';
import { MembershipsRepository } from './memberships.repository';
import { NetworksRepository } from './networks.repository';
import { TeamsRepository } from './teams.repository';

/** The demo's networks, parents before children, each with its teams and members. */
@Injectable()
export class NetworksDemoSeeder implements DemoSeeder {
  constructor(
    private readonly networks: NetworksRepository,
    private readonly teams: TeamsRepository,
    private readonly memberships: MembershipsRepository,
  ) {}

  async seedDemo({ manager, ids }: DemoSeedContext): Promise<void> {
    for (const network of DEMO_NETWORKS) {
      const networkId = await this.networks.insertNetwork(
        {
          name: network.name,
          description: network.description,
          level: network.level,
          visibility: network.visibility,
          parentId: network.parent ? ids.of('network', network.parent) : null,
          createdBy: ids.of('person', network.members[0][0]),
          allowAnonymousPosts: network.allowAnonymousPosts ?? false,
        },
        manager,
      );
      if (!networkId) throw new Error(`The demo network "${network.name}" clashes with another network's name.`);
      ids.remember('network', network.key, networkId);

      const teamIds = new Map<string, string>();
      for (const name of network.teams) {
        const team = await this.teams.insertTeam(networkId, name, manager);
        if (!team) throw new Error(`The demo network "${network.name}" lists the team "${name}" twice.`);
        teamIds.set(name, team.id);
      }
      for (const [personKey, role, team, isPatientPartner] of network.members) {
        await this.memberships.insertMembership(
          { networkId, userId: ids.of('person', personKey), role, teamId: team ? teamIds.get(team) : null, isPatientPartner: isPatientPartner ?? false },
          manager,
        );
      }
    }
  }
}
