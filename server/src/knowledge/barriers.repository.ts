import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { networkAllowsSql } from '../networks/network-access.sql';
import type { NetworkLevel, NetworkVisibility } from '../networks/network.rules';
import type { BarrierResponseStatus, BarrierStatus } from './barrier.rules';

/** One systemic barrier as a register lists it. Nothing about the lesson's author is selected: anonymous or not, the register never names them. */
export interface RegisterRow {
  id: string;
  description: string;
  originNetworkId: string;
  originNetworkName: string;
  originNetworkLevel: NetworkLevel;
  /** How many steps below the register's network it was raised (0: in that network). */
  distance: number;
  lessonId: string;
  lessonTitle: string;
  /** Whether the caller may read the lesson (and so be given its title and link). */
  lessonReadable: boolean;
  raisedAt: Date;
  linkId: string | null;
}

export interface ResponseRow {
  id: string;
  barrierId: string;
  networkId: string;
  networkName: string;
  status: BarrierResponseStatus;
  reply: string;
  responderName: string | null;
  createdAt: Date;
}

/** What a link groups, as one register's reader may learn of it. */
export interface LinkRow {
  linkId: string;
  /** Every network whose barrier is in the link, readable or not: only their number is shown for those the reader cannot read. */
  originNetworkIds: string[];
  /** The barriers of the link the reader may see (their lesson's network is readable to them). */
  visible: { barrierId: string; originNetworkName: string; description: string; lessonId: string; lessonNetworkId: string; lessonTitle: string }[];
}

/** A barrier with what deciding about it needs. */
export interface BarrierRow {
  id: string;
  description: string;
  kind: 'local' | 'systemic';
  lessonId: string;
  lessonTitle: string;
  lessonStatus: string;
  authorId: string;
  originNetworkId: string;
  originNetworkName: string;
  originVisibility: NetworkVisibility;
  linkId: string | null;
}

export interface RegisterPage {
  networkId: string;
  readerId: string;
  /** The last barrier of the previous page. */
  after?: string;
  /** Only barriers whose latest answer has this status ('open': none yet). */
  status?: BarrierStatus;
  /** Only this barrier (when the register holds it). */
  barrierId?: string;
  limit: number;
}

/** The latest answer's status of barrier `b`, or open: the same as currentStatus() over responsesOf(). */
const CURRENT_STATUS = `coalesce((SELECT r.status FROM barrier_responses r WHERE r.barrier_id = b.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1), 'open')`;

/** A register holds the barrier when it was raised there or below, and its lesson's network is readable by everyone above it. */
const REACHES = `(below.depth = 0 OR ${networkAllowsSql('read', { visibility: 'o.visibility', role: 'NULL' })})`;

/** $1: the register's network. The network and everything below it, with how far below. */
const BELOW = `
  WITH RECURSIVE below AS (
    SELECT $1::uuid AS id, 0 AS depth
    UNION ALL
    SELECT n.id, below.depth + 1 FROM below JOIN networks n ON n.parent_id = below.id WHERE below.depth < 16
  )`;

/** The only class that queries the barrier register's tables (and reads lessons' barriers for it). */
@Injectable()
export class BarriersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /** A page of a network's register, newest lesson first. */
  async register(page: RegisterPage, manager?: EntityManager): Promise<RegisterRow[]> {
    const params: unknown[] = [page.networkId, page.readerId, page.limit];
    const conditions: string[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    if (page.after) {
      add((p) => `(l.published_at, b.id) < ((SELECT cl.published_at FROM lesson_barriers cb JOIN lessons cl ON cl.id = cb.lesson_id WHERE cb.id = ${p}::uuid), ${p}::uuid)`, page.after);
    }
    if (page.status) add((p) => `${CURRENT_STATUS} = ${p}`, page.status);
    if (page.barrierId) add((p) => `b.id = ${p}::uuid`, page.barrierId);
    const after = conditions.map((condition) => `AND ${condition}`).join(' ');
    return this.db(manager).query(
      `${BELOW}
       SELECT b.id, b.description, o.id AS "originNetworkId", o.name AS "originNetworkName", o.level AS "originNetworkLevel",
              below.depth AS distance, l.id AS "lessonId", l.title AS "lessonTitle",
              ${networkAllowsSql('read', { visibility: 'o.visibility', role: 'rm.role' })} AS "lessonReadable",
              l.published_at AS "raisedAt", bl.link_id AS "linkId"
         FROM below
         JOIN lesson_barriers b ON b.network_id = below.id AND b.kind = 'systemic'
         JOIN lessons l ON l.id = b.lesson_id AND l.status = 'published'
         JOIN networks o ON o.id = b.network_id
         LEFT JOIN memberships rm ON rm.network_id = o.id AND rm.user_id = $2::uuid
         LEFT JOIN barrier_links bl ON bl.barrier_id = b.id
        WHERE ${REACHES} ${after}
        ORDER BY l.published_at DESC, b.id DESC
        LIMIT $3`,
      params,
    );
  }

  /** Whether `networkId`'s register holds each barrier, for the barriers given (those it does not hold are left out). */
  async heldBy(networkId: string, barrierIds: string[], manager?: EntityManager): Promise<Set<string>> {
    if (barrierIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.db(manager).query(
      `${BELOW}
       SELECT b.id
         FROM below
         JOIN lesson_barriers b ON b.network_id = below.id AND b.kind = 'systemic'
         JOIN lessons l ON l.id = b.lesson_id AND l.status = 'published'
         JOIN networks o ON o.id = b.network_id
        WHERE b.id = ANY($2::uuid[]) AND ${REACHES}`,
      [networkId, barrierIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** How far above the barrier's network `networkId` is (0: the same network), or null when it is not at or above it. */
  async distanceAbove(originNetworkId: string, networkId: string, manager?: EntityManager): Promise<number | null> {
    const rows: { depth: number }[] = await this.db(manager).query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 0 AS depth FROM networks WHERE id = $1
         UNION ALL
         SELECT p.id, p.parent_id, up.depth + 1 FROM up JOIN networks p ON p.id = up.parent_id WHERE up.depth < 16
       )
       SELECT depth FROM up WHERE id = $2`,
      [originNetworkId, networkId],
    );
    return rows[0]?.depth ?? null;
  }

  /** The networks at and above `networkId`, nearest first, with the caller's role in each. */
  async chainAbove(networkId: string, userId: string, manager?: EntityManager) {
    return this.db(manager).query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 0 AS depth FROM networks WHERE id = $1
         UNION ALL
         SELECT p.id, p.parent_id, up.depth + 1 FROM up JOIN networks p ON p.id = up.parent_id WHERE up.depth < 16
       )
       SELECT n.id, n.name, n.visibility, m.role, up.depth AS distance
         FROM up JOIN networks n ON n.id = up.id
         LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $2::uuid
        ORDER BY up.depth`,
      [networkId, userId],
    ) as Promise<{ id: string; name: string; visibility: NetworkVisibility; role: 'member' | 'coach' | 'admin' | null; distance: number }[]>;
  }

  async findBarrier(id: string, manager?: EntityManager): Promise<BarrierRow | null> {
    const rows: BarrierRow[] = await this.db(manager).query(
      `SELECT b.id, b.description, b.kind, l.id AS "lessonId", l.title AS "lessonTitle", l.status AS "lessonStatus", l.author_id AS "authorId",
              o.id AS "originNetworkId", o.name AS "originNetworkName", o.visibility AS "originVisibility", bl.link_id AS "linkId"
         FROM lesson_barriers b
         JOIN lessons l ON l.id = b.lesson_id
         JOIN networks o ON o.id = l.network_id
         LEFT JOIN barrier_links bl ON bl.barrier_id = b.id
        WHERE b.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Holds a lesson as it is until the caller's transaction ends: an edit of it (which locks it
   * for update before it changes its barriers) waits, or has already committed.
   */
  async holdLesson(lessonId: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT 1 FROM lessons WHERE id = $1 FOR SHARE`, [lessonId]);
  }

  /** The responses to these barriers, oldest first. */
  async responsesOf(barrierIds: string[], manager?: EntityManager): Promise<ResponseRow[]> {
    if (barrierIds.length === 0) return [];
    return this.db(manager).query(
      `SELECT r.id, r.barrier_id AS "barrierId", r.network_id AS "networkId", n.name AS "networkName", r.status, r.reply,
              u.display_name AS "responderName", r.created_at AS "createdAt"
         FROM barrier_responses r
         JOIN networks n ON n.id = r.network_id
         LEFT JOIN users u ON u.id = r.responder_id
        WHERE r.barrier_id = ANY($1::uuid[])
        ORDER BY r.created_at, r.id`,
      [barrierIds],
    );
  }

  async insertResponse(
    response: { barrierId: string; networkId: string; status: BarrierResponseStatus; reply: string; responderId: string; createdAt?: Date },
    manager?: EntityManager,
  ): Promise<string> {
    const rows: { id: string }[] = await this.db(manager).query(
      `INSERT INTO barrier_responses (barrier_id, network_id, status, reply, responder_id, created_at)
       VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now())) RETURNING id`,
      [response.barrierId, response.networkId, response.status, response.reply, response.responderId, response.createdAt ?? null],
    );
    return rows[0].id;
  }

  /** The links of these ids, each with its networks and what `readerId` may see of it. */
  async links(linkIds: string[], readerId: string, manager?: EntityManager): Promise<Map<string, LinkRow>> {
    if (linkIds.length === 0) return new Map();
    const rows: {
      linkId: string;
      barrierId: string;
      originNetworkId: string;
      originNetworkName: string;
      description: string;
      lessonId: string;
      lessonTitle: string;
      readable: boolean;
    }[] =
      await this.db(manager).query(
        `SELECT bl.link_id AS "linkId", b.id AS "barrierId", o.id AS "originNetworkId", o.name AS "originNetworkName", b.description,
                l.id AS "lessonId", l.title AS "lessonTitle",
                ${networkAllowsSql('read', { visibility: 'o.visibility', role: 'rm.role' })} AS readable
           FROM barrier_links bl
           JOIN lesson_barriers b ON b.id = bl.barrier_id
           JOIN lessons l ON l.id = b.lesson_id AND l.status = 'published'
           JOIN networks o ON o.id = l.network_id
           LEFT JOIN memberships rm ON rm.network_id = o.id AND rm.user_id = $2::uuid
          WHERE bl.link_id = ANY($1::uuid[])
          ORDER BY o.name, b.id`,
        [linkIds, readerId],
      );
    const links = new Map<string, LinkRow>();
    for (const row of rows) {
      const link = links.get(row.linkId) ?? { linkId: row.linkId, originNetworkIds: [], visible: [] };
      link.originNetworkIds.push(row.originNetworkId);
      if (row.readable) {
        link.visible.push({
          barrierId: row.barrierId,
          originNetworkName: row.originNetworkName,
          description: row.description,
          // A readable network's published lesson: the reader may open it.
          lessonId: row.lessonId,
          lessonNetworkId: row.originNetworkId,
          lessonTitle: row.lessonTitle,
        });
      }
      links.set(row.linkId, link);
    }
    return links;
  }

  /** Every barrier in the links of these barriers, and the barriers themselves. */
  async linkMembers(barrierIds: string[], manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await this.db(manager).query(
      `SELECT unnest($1::uuid[]) AS id
       UNION
       SELECT other.barrier_id FROM barrier_links mine JOIN barrier_links other ON other.link_id = mine.link_id WHERE mine.barrier_id = ANY($1::uuid[])`,
      [barrierIds],
    );
    return rows.map((row) => row.id);
  }

  /** Makes these barriers one link (taking in every link they were already part of). */
  async link(barrierIds: string[], linkedIn: string, linkedBy: string, manager: EntityManager): Promise<string> {
    const rows: { id: string }[] = await manager.query(`SELECT gen_random_uuid() AS id`);
    const linkId = rows[0].id;
    await manager.query(
      `INSERT INTO barrier_links (barrier_id, link_id, linked_in, linked_by) SELECT unnest($1::uuid[]), $2, $3, $4
       ON CONFLICT (barrier_id) DO UPDATE SET link_id = EXCLUDED.link_id, linked_in = EXCLUDED.linked_in, linked_by = EXCLUDED.linked_by, created_at = now()`,
      [barrierIds, linkId, linkedIn, linkedBy],
    );
    return linkId;
  }

  /** Takes a barrier out of its link; a link left with one barrier is no link, so it goes too. */
  async unlink(barrierId: string, linkId: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM barrier_links WHERE barrier_id = $1`, [barrierId]);
    await manager.query(`DELETE FROM barrier_links WHERE link_id = $1 AND (SELECT count(*) FROM barrier_links WHERE link_id = $1) < 2`, [linkId]);
  }

  /** The systemic barriers of published lessons in these networks, oldest lesson first (for the demo). */
  async systemicBarriersIn(networkIds: string[], manager?: EntityManager): Promise<{ id: string; networkId: string }[]> {
    return this.db(manager).query(
      `SELECT b.id, l.network_id AS "networkId"
         FROM lesson_barriers b JOIN lessons l ON l.id = b.lesson_id
        WHERE l.network_id = ANY($1::uuid[]) AND l.status = 'published' AND b.kind = 'systemic'
        ORDER BY l.published_at, b.position, b.id`,
      [networkIds],
    );
  }

  /** Serialises link changes touching these links, so that two coaches merging at once cannot split a link. */
  async lockLinks(barrierIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(`SELECT 1 FROM lesson_barriers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [barrierIds]);
  }
}
