import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type Repository } from 'typeorm';
import { preparedRead } from '../platform/prepared-read';
import { isUniqueViolation } from '../platform/unique-violation';
import { adminCountSql } from './memberships.repository';
import { MembershipEntity } from './membership.entity';
import { networkAllowsSql } from './network-access.sql';
import { NetworkEntity } from './network.entity';
import type { NetworkLevel, NetworkRole, NetworkVisibility } from './network.rules';

export interface NetworkRow extends NetworkEntity {
  myRole: NetworkRole | null;
  memberCount: number;
  /** How many admins the network has (whether the caller may leave depends on it). */
  adminCount: number;
}

export interface NetworkListFilter {
  level?: NetworkLevel;
  search?: string;
  /** true: only networks the reader belongs to; false: only those they do not; absent: both. */
  mine?: boolean;
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
 * when the reader may read the parent (a public child must not reveal a private parent).
 */
const NETWORK_COLUMNS = `
  n.id, n.name, n.description, n.level, n.visibility,
  CASE WHEN (SELECT ${networkAllowsSql('read', { visibility: 'p.visibility', role: 'pm.role' })}
               FROM networks p LEFT JOIN memberships pm ON pm.network_id = p.id AND pm.user_id = $1
              WHERE p.id = n.parent_id)
       THEN n.parent_id END AS "parentId",
  n.created_by AS "createdBy", n.allow_anonymous_posts AS "allowAnonymousPosts",
  n.created_at AS "createdAt", n.updated_at AS "updatedAt",
  m.role AS "myRole",
  (SELECT count(*)::int FROM memberships c WHERE c.network_id = n.id) AS "memberCount",
  ${adminCountSql('n.id')} AS "adminCount"`;

/** The networks `$1` may read, with their role in each as m.role. */
const READABLE_NETWORKS = `networks n LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $1
  WHERE ${networkAllowsSql('read', { visibility: 'n.visibility', role: 'm.role' })}`;

/** A network and the caller's membership in it (null: not a member): what the access policy decides from. */
export interface FoundNetworkAccess {
  network: NetworkEntity;
  membership: MembershipEntity | null;
}

/** The columns networkAccessColumns selects, by their aliases. */
export interface NetworkAccessColumns {
  accessNetworkId: string;
  accessNetworkName: string;
  accessNetworkDescription: string;
  accessNetworkLevel: NetworkLevel;
  accessNetworkVisibility: NetworkVisibility;
  accessNetworkParentId: string | null;
  accessNetworkCreatedBy: string;
  accessNetworkAllowAnonymousPosts: boolean;
  accessNetworkCreatedAt: Date;
  accessNetworkUpdatedAt: Date;
  accessRole: NetworkRole | null;
  accessIsPatientPartner: boolean | null;
  accessTeamId: string | null;
  accessJoinedAt: Date | null;
}

/**
 * The columns of a network (`network`, an alias of networks) and of the caller's membership in it
 * (`membership`, an alias of memberships left-joined for the caller), under aliases no other
 * column takes: another feature that reaches a network through its own rows (a discussion thread)
 * selects them beside its own, and the policy decides from networkAccessFrom without a second
 * round trip.
 */
export function networkAccessColumns(network: string, membership: string): string {
  return `${network}.id AS "accessNetworkId", ${network}.name AS "accessNetworkName", ${network}.description AS "accessNetworkDescription",
          ${network}.level AS "accessNetworkLevel", ${network}.visibility AS "accessNetworkVisibility", ${network}.parent_id AS "accessNetworkParentId",
          ${network}.created_by AS "accessNetworkCreatedBy", ${network}.allow_anonymous_posts AS "accessNetworkAllowAnonymousPosts",
          ${network}.created_at AS "accessNetworkCreatedAt", ${network}.updated_at AS "accessNetworkUpdatedAt",
          ${membership}.role AS "accessRole", ${membership}.is_patient_partner AS "accessIsPatientPartner",
          ${membership}.team_id AS "accessTeamId", ${membership}.joined_at AS "accessJoinedAt"`;
}

export function networkAccessFrom(row: NetworkAccessColumns, userId: string): FoundNetworkAccess {
  const network = Object.assign(new NetworkEntity(), {
    id: row.accessNetworkId,
    name: row.accessNetworkName,
    description: row.accessNetworkDescription,
    level: row.accessNetworkLevel,
    visibility: row.accessNetworkVisibility,
    parentId: row.accessNetworkParentId,
    createdBy: row.accessNetworkCreatedBy,
    allowAnonymousPosts: row.accessNetworkAllowAnonymousPosts,
    createdAt: row.accessNetworkCreatedAt,
    updatedAt: row.accessNetworkUpdatedAt,
  });
  const membership = row.accessRole
    ? Object.assign(new MembershipEntity(), {
        networkId: row.accessNetworkId,
        userId,
        role: row.accessRole,
        isPatientPartner: Boolean(row.accessIsPatientPartner),
        teamId: row.accessTeamId,
        joinedAt: row.accessJoinedAt!,
      })
    : null;
  return { network, membership };
}

/** A network's name is unique among the networks at its level under the same parent (see the migration). */
const SIBLING_NAME_INDEX = 'networks_sibling_name_key';

/**
 * The only class that writes the networks table, and that reads it with the reader's role (which
 * it takes from memberships in the same query).
 */
/** The words of a search, at most eight (more would only slow the query down). */
function searchWords(search: string | undefined): string[] {
  return [...new Set((search ?? '').split(/\s+/).filter(Boolean))].slice(0, 8);
}

@Injectable()
export class NetworksRepository {
  constructor(private readonly dataSource: DataSource) {}

  private networks(manager?: EntityManager): Repository<NetworkEntity> {
    return (manager ?? this.dataSource.manager).getRepository(NetworkEntity);
  }

  /** The ids among `ids` of networks anyone signed in may see (public ones). */
  async publicAmong(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM networks WHERE id = ANY($1::uuid[]) AND visibility = 'public'`, [ids]);
    return new Set(rows.map((row) => row.id));
  }

  findNetwork(id: string, manager?: EntityManager): Promise<NetworkEntity | null> {
    return this.networks(manager).findOneBy({ id });
  }

  /** A network and the user's membership in it (if any), in one query: the access policy's only read. */
  async findNetworkWithMembership(networkId: string, userId: string): Promise<FoundNetworkAccess | null> {
    const rows: NetworkAccessColumns[] = await preparedRead(
      this.dataSource,
      `SELECT ${networkAccessColumns('n', 'm')} FROM networks n LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $2 WHERE n.id = $1`,
      [networkId, userId],
    );
    return rows[0] ? networkAccessFrom(rows[0], userId) : null;
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
    const conditions: string[] = [];
    const params: unknown[] = [userId];
    if (filter.mine !== undefined) conditions.push(filter.mine ? 'm.user_id IS NOT NULL' : 'm.user_id IS NULL');
    if (filter.level) {
      params.push(filter.level);
      conditions.push(`n.level = $${params.length}`);
    }
    // Every word must appear somewhere in the name or description, in any order ("coastal mental
    // health" finds "Coastal Region Mental Health Collaborative"). The same expression as
    // networks_search_idx, so that the trigram index serves each word.
    for (const word of searchWords(filter.search)) {
      params.push(`%${word.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
      conditions.push(`(n.name || ' ' || n.description) ILIKE $${params.length}`);
    }
    const from = `FROM ${READABLE_NETWORKS}${conditions.map((condition) => ` AND ${condition}`).join('')}`;
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
    network: Pick<NetworkEntity, 'name' | 'description' | 'level' | 'visibility' | 'parentId' | 'createdBy'> & Partial<Pick<NetworkEntity, 'allowAnonymousPosts'>>,
    manager: EntityManager,
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO networks (name, description, level, visibility, parent_id, created_by, allow_anonymous_posts) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING RETURNING id`,
      [network.name, network.description, network.level, network.visibility, network.parentId, network.createdBy, network.allowAnonymousPosts ?? false],
    );
    return rows[0]?.id ?? null;
  }

  /** Applies the changes; returns false when the new name, level or parent would clash with a sibling's name. */
  async updateNetwork(
    id: string,
    changes: Partial<Pick<NetworkEntity, 'name' | 'description' | 'level' | 'visibility' | 'parentId' | 'allowAnonymousPosts'>>,
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

  /**
   * A network's ancestors as `userId` may see them, nearest first, with their role in each: the walk
   * up stops below the first one they may not read, so that a private network's place in the tree
   * does not leak.
   */
  visibleAncestorsOf(id: string, userId: string): Promise<TreeRow[]> {
    return this.dataSource.query(
      `WITH RECURSIVE up AS (
         SELECT p.id, p.name, p.level, p.visibility, p.parent_id, m.role, 1 AS depth
           FROM networks c JOIN networks p ON p.id = c.parent_id
           LEFT JOIN memberships m ON m.network_id = p.id AND m.user_id = $2
          WHERE c.id = $1 AND ${networkAllowsSql('read', { visibility: 'p.visibility', role: 'm.role' })}
         UNION ALL
         SELECT p.id, p.name, p.level, p.visibility, p.parent_id, m.role, up.depth + 1
           FROM up JOIN networks p ON p.id = up.parent_id
           LEFT JOIN memberships m ON m.network_id = p.id AND m.user_id = $2
          WHERE up.depth < 16 AND ${networkAllowsSql('read', { visibility: 'p.visibility', role: 'm.role' })}
       )
       SELECT id, name, level, visibility, parent_id AS "parentId", role AS "myRole", depth FROM up ORDER BY depth`,
      [id, userId],
    );
  }

  /** Every ancestor's id, nearest first, whoever may see them: for the hierarchy's own checks (no loops). */
  async ancestorIdsOf(id: string, manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `WITH RECURSIVE up AS (
         SELECT p.id, p.parent_id, 1 AS depth FROM networks c JOIN networks p ON p.id = c.parent_id WHERE c.id = $1
         UNION ALL
         SELECT p.id, p.parent_id, up.depth + 1 FROM up JOIN networks p ON p.id = up.parent_id WHERE up.depth < 16
       )
       SELECT id FROM up ORDER BY depth`,
      [id],
    );
    return rows.map((row) => row.id);
  }

  /**
   * A network's descendants as `userId` may see them, breadth first, with their role in each: a
   * network they may not read is left out together with everything under it.
   */
  visibleDescendantsOf(id: string, userId: string): Promise<TreeRow[]> {
    return this.dataSource.query(
      `WITH RECURSIVE down AS (
         SELECT n.id, n.name, n.level, n.visibility, n.parent_id, m.role, 1 AS depth
           FROM networks n LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $2
          WHERE n.parent_id = $1 AND ${networkAllowsSql('read', { visibility: 'n.visibility', role: 'm.role' })}
         UNION ALL
         SELECT n.id, n.name, n.level, n.visibility, n.parent_id, m.role, down.depth + 1
           FROM down JOIN networks n ON n.parent_id = down.id
           LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $2
          WHERE down.depth < 16 AND ${networkAllowsSql('read', { visibility: 'n.visibility', role: 'm.role' })}
       )
       SELECT id, name, level, visibility, parent_id AS "parentId", role AS "myRole", depth FROM down ORDER BY depth, lower(name)`,
      [id, userId],
    );
  }

  /**
   * The networks `userId` administers, apart from network `id` itself and every network under it
   * (whoever may see those): the only ones it could be placed under without a loop.
   */
  administeredOutside(id: string, userId: string): Promise<TreeRow[]> {
    return this.dataSource.query(
      `WITH RECURSIVE below AS (
         SELECT n.id, 1 AS depth FROM networks n WHERE n.parent_id = $1
         UNION ALL
         SELECT n.id, below.depth + 1 FROM below JOIN networks n ON n.parent_id = below.id WHERE below.depth < 16
       )
       SELECT n.id, n.name, n.level, n.visibility, n.parent_id AS "parentId", m.role AS "myRole", 0 AS depth
         FROM networks n JOIN memberships m ON m.network_id = n.id AND m.user_id = $2
        WHERE ${networkAllowsSql('administer', { visibility: 'n.visibility', role: 'm.role' })}
          AND n.id <> $1 AND n.id NOT IN (SELECT id FROM below)
        ORDER BY array_position(ARRAY['global','national','subnational','organisation'], n.level), lower(n.name)`,
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
