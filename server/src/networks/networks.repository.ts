import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type Repository } from 'typeorm';
import { InvitationEntity } from './invitation.entity';
import { MembershipEntity } from './membership.entity';
import { NetworkEntity } from './network.entity';
import type { NetworkLevel, NetworkRole, NetworkVisibility } from './network.rules';
import { TeamEntity } from './team.entity';

export interface NetworkRow extends NetworkEntity {
  myRole: NetworkRole | null;
  memberCount: number;
}

export interface NetworkListFilter {
  level?: NetworkLevel;
  search?: string;
  onlyMine?: boolean;
  limit: number;
  offset: number;
}

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
}

export interface TreeRow {
  id: string;
  name: string;
  level: NetworkLevel;
  visibility: NetworkVisibility;
  parentId: string | null;
  myRole: NetworkRole | null;
  depth: number;
}

/**
 * A network row as its reader sees it. $1 is the reader's user id; the parent's id is given only
 * when the reader may see the parent (a public child must not reveal a private parent).
 */
const NETWORK_COLUMNS = `
  n.id, n.name, n.description, n.level, n.visibility,
  CASE WHEN n.parent_id IS NOT NULL AND (
         (SELECT p.visibility FROM networks p WHERE p.id = n.parent_id) = 'public'
         OR EXISTS (SELECT 1 FROM memberships pm WHERE pm.network_id = n.parent_id AND pm.user_id = $1))
       THEN n.parent_id END AS "parentId",
  n.created_by AS "createdBy",
  n.created_at AS "createdAt", n.updated_at AS "updatedAt",
  m.role AS "myRole",
  (SELECT count(*)::int FROM memberships c WHERE c.network_id = n.id) AS "memberCount"`;

/** The only class that queries the networks, memberships, teams and invitations tables. */
@Injectable()
export class NetworksRepository {
  constructor(private readonly dataSource: DataSource) {}

  private networks(manager?: EntityManager): Repository<NetworkEntity> {
    return (manager ?? this.dataSource.manager).getRepository(NetworkEntity);
  }

  private memberships(manager?: EntityManager): Repository<MembershipEntity> {
    return (manager ?? this.dataSource.manager).getRepository(MembershipEntity);
  }

  private teams(manager?: EntityManager): Repository<TeamEntity> {
    return (manager ?? this.dataSource.manager).getRepository(TeamEntity);
  }

  private invitations(manager?: EntityManager): Repository<InvitationEntity> {
    return (manager ?? this.dataSource.manager).getRepository(InvitationEntity);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---- networks -------------------------------------------------------------------------

  findNetwork(id: string, manager?: EntityManager): Promise<NetworkEntity | null> {
    return this.networks(manager).findOneBy({ id });
  }

  /** A network and the user's membership in it (if any), in one query: the access policy's only read. */
  async findNetworkWithMembership(networkId: string, userId: string): Promise<{ network: NetworkEntity; membership: MembershipEntity | null } | null> {
    const rows: (NetworkEntity & { role: NetworkRole | null; isPatientPartner: boolean | null; teamId: string | null; joinedAt: Date | null })[] =
      await this.dataSource.query(
        `SELECT n.id, n.name, n.description, n.level, n.visibility, n.parent_id AS "parentId", n.created_by AS "createdBy",
                n.created_at AS "createdAt", n.updated_at AS "updatedAt",
                m.role, m.is_patient_partner AS "isPatientPartner", m.team_id AS "teamId", m.joined_at AS "joinedAt"
           FROM networks n LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $2
          WHERE n.id = $1`,
        [networkId, userId],
      );
    const row = rows[0];
    if (!row) return null;
    const { role, isPatientPartner, teamId, joinedAt, ...network } = row;
    const membership = role
      ? Object.assign(new MembershipEntity(), { networkId, userId, role, isPatientPartner: Boolean(isPatientPartner), teamId, joinedAt: joinedAt! })
      : null;
    return { network: Object.assign(new NetworkEntity(), network), membership };
  }

  /** One network with the caller's role and the member count, or null. */
  async findNetworkFor(id: string, userId: string): Promise<NetworkRow | null> {
    const rows: NetworkRow[] = await this.dataSource.query(
      `SELECT ${NETWORK_COLUMNS}
         FROM networks n LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $1
        WHERE n.id = $2`,
      [userId, id],
    );
    return rows[0] ?? null;
  }

  /** Public networks plus the caller's own, highest level first. */
  async listVisible(userId: string, filter: NetworkListFilter): Promise<{ rows: NetworkRow[]; total: number }> {
    const conditions = [`(n.visibility = 'public' OR m.user_id IS NOT NULL)`];
    const params: unknown[] = [userId];
    if (filter.onlyMine) conditions.push('m.user_id IS NOT NULL');
    if (filter.level) {
      params.push(filter.level);
      conditions.push(`n.level = $${params.length}`);
    }
    if (filter.search) {
      params.push(`%${filter.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
      conditions.push(`(n.name ILIKE $${params.length} OR n.description ILIKE $${params.length})`);
    }
    const where = conditions.join(' AND ');
    const from = `FROM networks n LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $1 WHERE ${where}`;
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: NetworkRow[] = await this.dataSource.query(
      `SELECT ${NETWORK_COLUMNS} ${from}
        ORDER BY array_position(ARRAY['global','national','subnational','organisation'], n.level), lower(n.name), n.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return { rows, total };
  }

  async insertNetwork(
    network: Pick<NetworkEntity, 'name' | 'description' | 'level' | 'visibility' | 'parentId' | 'createdBy'>,
    manager: EntityManager,
  ): Promise<NetworkEntity> {
    return this.networks(manager).save(this.networks(manager).create(network));
  }

  async updateNetwork(
    id: string,
    changes: Partial<Pick<NetworkEntity, 'name' | 'description' | 'level' | 'visibility' | 'parentId'>>,
    manager: EntityManager,
  ): Promise<void> {
    await this.networks(manager).update({ id }, changes);
  }

  /** Ancestors of a network, nearest first, with the caller's role in each. */
  ancestorsOf(id: string, userId: string, manager?: EntityManager): Promise<TreeRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `WITH RECURSIVE up AS (
         SELECT p.id, p.name, p.level, p.visibility, p.parent_id, 1 AS depth
           FROM networks c JOIN networks p ON p.id = c.parent_id WHERE c.id = $1
         UNION ALL
         SELECT p.id, p.name, p.level, p.visibility, p.parent_id, up.depth + 1
           FROM up JOIN networks p ON p.id = up.parent_id WHERE up.depth < 16
       )
       SELECT up.id, up.name, up.level, up.visibility, up.parent_id AS "parentId", m.role AS "myRole", up.depth
         FROM up LEFT JOIN memberships m ON m.network_id = up.id AND m.user_id = $2
        ORDER BY up.depth`,
      [id, userId],
    );
  }

  /** Descendants of a network, breadth first, with the caller's role in each. */
  descendantsOf(id: string, userId: string): Promise<TreeRow[]> {
    return this.dataSource.query(
      `WITH RECURSIVE down AS (
         SELECT n.id, n.name, n.level, n.visibility, n.parent_id, 1 AS depth FROM networks n WHERE n.parent_id = $1
         UNION ALL
         SELECT n.id, n.name, n.level, n.visibility, n.parent_id, down.depth + 1
           FROM down JOIN networks n ON n.parent_id = down.id WHERE down.depth < 16
       )
       SELECT down.id, down.name, down.level, down.visibility, down.parent_id AS "parentId", m.role AS "myRole", down.depth
         FROM down LEFT JOIN memberships m ON m.network_id = down.id AND m.user_id = $2
        ORDER BY down.depth, lower(down.name)`,
      [id, userId],
    );
  }

  /** The highest level among a network's children, to keep a level change consistent. */
  async highestChildLevel(id: string): Promise<NetworkLevel | null> {
    const rows: { level: NetworkLevel }[] = await this.dataSource.query(
      `SELECT level FROM networks WHERE parent_id = $1
        ORDER BY array_position(ARRAY['global','national','subnational','organisation'], level) LIMIT 1`,
      [id],
    );
    return rows[0]?.level ?? null;
  }

  // ---- memberships ----------------------------------------------------------------------

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
              m.is_patient_partner AS "isPatientPartner", m.team_id AS "teamId", t.name AS "teamName", m.joined_at AS "joinedAt"
         FROM memberships m
         JOIN users u ON u.id = m.user_id
         LEFT JOIN teams t ON t.id = m.team_id
        WHERE m.network_id = $1 AND ($2::uuid IS NULL OR m.user_id = $2)
        ORDER BY array_position(ARRAY['admin','coach','member'], m.role), lower(u.display_name)`,
      [networkId, userId ?? null],
    );
  }

  // ---- teams ----------------------------------------------------------------------------

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
  async renameTeam(teamId: string, name: string): Promise<boolean> {
    try {
      await this.teams().update({ id: teamId }, { name });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  async deleteTeam(teamId: string): Promise<void> {
    await this.teams().delete({ id: teamId });
  }

  // ---- invitations ----------------------------------------------------------------------

  insertInvitation(
    invitation: Pick<InvitationEntity, 'networkId' | 'tokenHash' | 'role' | 'email' | 'createdBy' | 'expiresAt'>,
  ): Promise<InvitationEntity> {
    return this.invitations().save(this.invitations().create(invitation));
  }

  findInvitationByTokenHash(tokenHash: string, manager?: EntityManager, lock = false): Promise<InvitationEntity | null> {
    return this.invitations(manager).findOne({
      where: { tokenHash },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  listInvitations(networkId: string): Promise<InvitationEntity[]> {
    return this.invitations().find({ where: { networkId }, order: { createdAt: 'DESC' } });
  }

  async revokeInvitation(networkId: string, invitationId: string): Promise<boolean> {
    const result = await this.invitations().update({ id: invitationId, networkId }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async countInvitationAcceptance(id: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE invitations SET accepted_count = accepted_count + 1 WHERE id = $1`, [id]);
  }
}
