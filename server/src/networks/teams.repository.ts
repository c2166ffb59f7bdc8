import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type Repository } from 'typeorm';
import { isUniqueViolation } from '../platform/unique-violation';
import { TeamEntity } from './team.entity';

/** The only class that writes the teams table. */
@Injectable()
export class TeamsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private teams(manager?: EntityManager): Repository<TeamEntity> {
    return (manager ?? this.dataSource.manager).getRepository(TeamEntity);
  }

  listTeams(networkId: string): Promise<(TeamEntity & { memberCount: number })[]> {
    return this.dataSource.query(
      `SELECT t.id, t.network_id AS "networkId", t.name, t.created_at AS "createdAt",
              (SELECT count(*)::int FROM memberships m WHERE m.team_id = t.id) AS "memberCount"
         FROM teams t WHERE t.network_id = $1 ORDER BY lower(t.name)`,
      [networkId],
    );
  }

  findTeam(networkId: string, teamId: string): Promise<TeamEntity | null> {
    return this.teams().findOneBy({ id: teamId, networkId });
  }

  /** Inserts, or returns null when the network already has a team of that name. */
  async insertTeam(networkId: string, name: string, manager?: EntityManager): Promise<TeamEntity | null> {
    const rows: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO teams (network_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id`,
      [networkId, name],
    );
    return rows.length === 0 ? null : this.teams(manager).findOneBy({ id: rows[0].id });
  }

  /** Renames, or returns false when another team has that name. */
  async renameTeam(teamId: string, name: string, manager?: EntityManager): Promise<boolean> {
    try {
      await this.teams(manager).update({ id: teamId }, { name });
      return true;
    } catch (error) {
      if (isUniqueViolation(error, 'teams_network_name_key')) return false;
      throw error;
    }
  }

  async deleteTeam(teamId: string, manager?: EntityManager): Promise<void> {
    await this.teams(manager).delete({ id: teamId });
  }
}
