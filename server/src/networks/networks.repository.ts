import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type Repository } from 'typeorm';
import { isUniqueViolation } from '../platform/unique-violation';
import { MembershipEntity } from './membership.entity';
import { NetworkEntity } from './network.entity';
import type { NetworkLevel, NetworkRole, NetworkVisibility } from './network.rules';

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

/** A network's name is unique among the networks at its level under the same parent (see the migration). */
const SIBLING_NAME_INDEX = 'networks_sibling_name_key';

/**
 * The only class that writes the networks table, and that reads it with the reader's role (which
 * it takes from memberships in the same query).
 */
@Injectable()
export class NetworksRepository {
  constructor(private readonly dataSource: DataSource) {}

  private networks(manager?: EntityManager): Repository<NetworkEntity> {
    return (manager ?? this.dataSource.manager).getRepository(NetworkEntity);
  }

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
      // The same expression as networks_search_idx, so that the trigram index serves it.
      conditions.push(`(n.name || ' ' || n.description) ILIKE $${params.length}`);
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

  /**
   * Inserts and returns the new id, or null when a network of that name already sits at that level
   * under that parent. The unique index decides, so of two requests that race one wins; the other
   * waits for it and gets null.
   */
  async insertNetwork(
    network: Pick<NetworkEntity, 'name' | 'description' | 'level' | 'visibility' | 'parentId' | 'createdBy'>,
    manager: EntityManager,
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO networks (name, description, level, visibility, parent_id, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING id`,
      [network.name, network.description, network.level, network.visibility, network.parentId, network.createdBy],
    );
    return rows[0]?.id ?? null;
  }

  /** Applies the changes; returns false when the new name, level or parent would clash with a sibling's name. */
  async updateNetwork(
    id: string,
    changes: Partial<Pick<NetworkEntity, 'name' | 'description' | 'level' | 'visibility' | 'parentId'>>,
    manager: EntityManager,
  ): Promise<boolean> {
    try {
      await this.networks(manager).update({ id }, changes);
      return true;
    } catch (error) {
      if (isUniqueViolation(error, SIBLING_NAME_INDEX)) return false;
      throw error;
    }
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
}
