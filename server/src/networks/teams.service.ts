import { Injectable } from '@nestjs/common';
import { Transactions } from '../platform/transactions';
import { SearchOutbox } from '../search/search-outbox';
import { NetworkEvents } from './network-events';
import { NetworkErrors } from './networks.errors';
import { toTeamDto, type TeamDto } from './teams.dto';
import { TeamsRepository } from './teams.repository';

/** A network's teams: one per participating site. */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly events: NetworkEvents,
    private readonly transactions: Transactions,
    private readonly outbox: SearchOutbox,
  ) {}

  async listTeams(networkId: string): Promise<TeamDto[]> {
    return (await this.teams.listTeams(networkId)).map((team) => toTeamDto(team, team.memberCount));
  }

  async createTeam(networkId: string, name: string): Promise<TeamDto> {
    const team = await this.teams.insertTeam(networkId, name);
    if (!team) throw NetworkErrors.teamNameTaken();
    this.events.membersChanged(networkId);
    return toTeamDto(team, 0);
  }

  async renameTeam(networkId: string, teamId: string, name: string): Promise<TeamDto> {
    if (!(await this.teams.findTeam(networkId, teamId))) throw NetworkErrors.teamNotFound();
    await this.transactions.run(async (manager) => {
      if (!(await this.teams.renameTeam(teamId, name, manager))) throw NetworkErrors.teamNameTaken();
      // Lessons, threads and posts found in search show the team's name: they change with it, in the same commit.
      await this.outbox.nameChanged(manager, { kind: 'team', teamId });
    });
    this.events.membersChanged(networkId);
    const team = (await this.listTeams(networkId)).find((row) => row.id === teamId);
    if (!team) throw NetworkErrors.teamNotFound();
    return team;
  }

  /** Members of a deleted team stay in the network, without a team. */
  async deleteTeam(networkId: string, teamId: string): Promise<void> {
    if (!(await this.teams.findTeam(networkId, teamId))) throw NetworkErrors.teamNotFound();
    await this.transactions.run(async (manager) => {
      // What shows the team's name is found before the team goes (its lessons and memberships lose
      // it with the delete), so that search stops showing and finding the name in the same commit.
      await this.outbox.nameChanged(manager, { kind: 'team', teamId });
      await this.teams.deleteTeam(teamId, manager);
    });
    this.events.membersChanged(networkId);
  }
}
