import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type Repository } from 'typeorm';
import { MembershipEntity } from './membership.entity';
import type { NetworkRole } from './network.rules';

/** How many admins the network `networkId` (an SQL expression) has. */
export const adminCountSql = (networkId: string) => `(SELECT count(*)::int FROM memberships a WHERE a.network_id = ${networkId} AND a.role = 'admin')`;

export interface MemberRow {
  userId: string;
  displayName: string;
  email: string;
  organisation: string | null;
  role: NetworkRole;
  isPatientPartner: boolean;
  teamId: string | null;
  teamName: string | null;
  joinedAt: Date;
  /** How many admins the network has, the same on every row (what may be done to a member depends on it). */
  adminCount: number;
}

/** The only class that writes the memberships table. */
@Injectable()
export class MembershipsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private memberships(manager?: EntityManager): Repository<MembershipEntity> {
    return (manager ?? this.dataSource.manager).getRepository(MembershipEntity);
  }

  findMembership(networkId: string, userId: string, manager?: EntityManager): Promise<MembershipEntity | null> {
    return this.memberships(manager).findOneBy({ networkId, userId });
  }

  /** Adds a member; returns false when they already were one. */
  async insertMembership(
    membership: Pick<MembershipEntity, 'networkId' | 'userId' | 'role'> & Partial<Pick<MembershipEntity, 'isPatientPartner' | 'teamId'>>,
    manager?: EntityManager,
  ): Promise<boolean> {
    const result: unknown[] = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO memberships (network_id, user_id, role, is_patient_partner, team_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (network_id, user_id) DO NOTHING RETURNING user_id`,
      [membership.networkId, membership.userId, membership.role, membership.isPatientPartner ?? false, membership.teamId ?? null],
    );
    return result.length > 0;
  }

  async updateMembership(
    networkId: string,
    userId: string,
    changes: Partial<Pick<MembershipEntity, 'role' | 'isPatientPartner' | 'teamId'>>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.memberships(manager).update({ networkId, userId }, changes);
  }

  async deleteMembership(networkId: string, userId: string, manager?: EntityManager): Promise<void> {
    await this.memberships(manager).delete({ networkId, userId });
  }

  /** Records that an admin removed `userId` from the network, now (a later removal replaces an earlier one). */
  async recordRemoval(networkId: string, userId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO network_removals (network_id, user_id) VALUES ($1, $2)
       ON CONFLICT (network_id, user_id) DO UPDATE SET removed_at = now()`,
      [networkId, userId],
    );
  }

  /** When an admin last removed `userId` from the network, if ever. */
  async removedAt(networkId: string, userId: string, manager?: EntityManager): Promise<Date | null> {
    const rows: { removedAt: Date }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT removed_at AS "removedAt" FROM network_removals WHERE network_id = $1 AND user_id = $2`,
      [networkId, userId],
    );
    return rows[0]?.removedAt ?? null;
  }

  /** Counts admins while locking their rows, so that two admins leaving at once cannot both succeed. */
  async countAdminsForUpdate(networkId: string, manager: EntityManager): Promise<number> {
    const rows: unknown[] = await manager.query(
      `SELECT user_id FROM memberships WHERE network_id = $1 AND role = 'admin' FOR UPDATE`,
      [networkId],
    );
    return rows.length;
  }

  /** A network's members, admins first; or just one of them when `userId` is given. */
  listMembers(networkId: string, userId?: string): Promise<MemberRow[]> {
    return this.dataSource.query(
      `SELECT m.user_id AS "userId", u.display_name AS "displayName", u.email, u.organisation, m.role,
              m.is_patient_partner AS "isPatientPartner", m.team_id AS "teamId", t.name AS "teamName", m.joined_at AS "joinedAt",
              ${adminCountSql('$1')} AS "adminCount"
         FROM memberships m
         JOIN users u ON u.id = m.user_id
         LEFT JOIN teams t ON t.id = m.team_id
        WHERE m.network_id = $1 AND ($2::uuid IS NULL OR m.user_id = $2)
        ORDER BY array_position(ARRAY['admin','coach','member'], m.role), lower(u.display_name)`,
      [networkId, userId ?? null],
    );
  }
}
