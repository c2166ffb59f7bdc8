import type { BarrierResponseStatus } from './barrier.rules';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NetworkVisibility } from '../networks/network.rules';
import type { NamedInIndex } from '../search/search.document';
import type { BarrierKind, LessonStatus, Outcome } from './lesson.rules';

/** A lesson as read: an anonymous writer's name and team are never selected (see LESSON_SELECT). */
export interface LessonRow {
  id: string;
  networkId: string;
  networkVisibility: NetworkVisibility;
  teamId: string | null;
  teamName: string | null;
  authorId: string;
  anonymous: boolean;
  anonymousLabel: string | null;
  authorName: string | null;
  authorTeamName: string | null;
  title: string;
  setting: string;
  population: string | null;
  tried: string;
  happened: string;
  outcome: Outcome | null;
  why: string;
  tags: string[];
  status: LessonStatus;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

export interface BarrierRow {
  id: string;
  lessonId: string;
  description: string;
  kind: BarrierKind;
  /** The latest answer's status in the barrier register, or null when there is none. */
  answeredStatus: BarrierResponseStatus | null;
}

export interface IdeaLinkRow {
  lessonId: string;
  packageId: string;
  ideaId: string;
  title: string;
}

export interface LessonWrite {
  title: string;
  setting: string;
  population: string | null;
  tried: string;
  happened: string;
  outcome: Outcome | null;
  why: string;
  tags: string[];
  status: LessonStatus;
}

export interface LessonListFilter {
  networkId: string;
  readerId: string;
  status: LessonStatus;
  outcome?: Outcome;
  setting?: string;
  tag?: string;
  teamId?: string;
  cursor?: string;
  limit: number;
}

// The writer's team is the lesson's own team_id, which an anonymous lesson keeps only when its label names it.
const LESSON_SELECT = `
  SELECT l.id, l.network_id AS "networkId", n.visibility AS "networkVisibility", l.team_id AS "teamId", tm.name AS "teamName",
         l.author_id AS "authorId", l.anonymous, l.anonymous_label AS "anonymousLabel",
         CASE WHEN l.anonymous THEN NULL ELSE u.display_name END AS "authorName",
         CASE WHEN l.anonymous THEN NULL ELSE tm.name END AS "authorTeamName",
         l.title, l.setting, l.population, l.tried, l.happened, l.outcome, l.why, l.tags, l.status,
         l.created_at AS "createdAt", l.updated_at AS "updatedAt", l.published_at AS "publishedAt"
    FROM lessons l
    JOIN networks n ON n.id = l.network_id
    JOIN users u ON u.id = l.author_id
    LEFT JOIN teams tm ON tm.id = l.team_id`;

/** The only class that queries the lesson tables. */
export interface SearchLessonRow {
  id: string;
  networkId: string;
  title: string;
  setting: string;
  population: string | null;
  tried: string;
  happened: string;
  outcome: Outcome | null;
  why: string;
  tags: string[];
  barriers: string;
  authorName: string | null;
  teamName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class LessonsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ---- search ----

  /**
   * Published lessons as the search index sees them: drafts are left out (the caller maps a missing
   * row to "not findable"), and an anonymous lesson's author and team are never read.
   */
  searchLessons(ids: string[], manager: EntityManager): Promise<SearchLessonRow[]> {
    return manager.query(
      `SELECT l.id, l.network_id AS "networkId", l.title, l.setting, l.population, l.tried, l.happened, l.outcome, l.why, l.tags,
              coalesce((SELECT string_agg(b.description, E'\n' ORDER BY b.position) FROM lesson_barriers b WHERE b.lesson_id = l.id), '') AS "barriers",
              CASE WHEN l.anonymous THEN NULL ELSE u.display_name END AS "authorName",
              CASE WHEN l.anonymous THEN NULL ELSE tm.name END AS "teamName",
              l.created_at AS "createdAt", l.updated_at AS "updatedAt"
         FROM lessons l
         JOIN users u ON u.id = l.author_id
         LEFT JOIN teams tm ON tm.id = l.team_id
        WHERE l.id = ANY($1::uuid[]) AND l.status = 'published'`,
      [ids],
    );
  }

  /** Published lessons that show this person (as writer) or team by name: never an anonymous one, which shows neither. */
  async idsShowingName(named: NamedInIndex, manager: EntityManager): Promise<string[]> {
    const whose = named.kind === 'user' ? 'author_id = $1' : 'team_id = $1';
    const rows: { id: string }[] = await manager.query(`SELECT id FROM lessons WHERE ${whose} AND NOT anonymous AND status = 'published'`, [
      named.kind === 'user' ? named.userId : named.teamId,
    ]);
    return rows.map((row) => row.id);
  }

  /** Lesson ids after `after`, in id order, for a full reindex. */
  async idsAfter(after: string | null, limit: number, manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await this.db(manager).query(
      `SELECT id FROM lessons WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => row.id);
  }

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async insert(
    lesson: LessonWrite & { networkId: string; teamId: string | null; authorId: string; anonymous: boolean; anonymousLabel: string | null; createdAt?: Date },
    manager: EntityManager,
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO lessons (network_id, team_id, author_id, anonymous, anonymous_label, title, setting, population, tried, happened, outcome, why, tags, status,
                            created_at, updated_at, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
               coalesce($15::timestamptz, now()), coalesce($15::timestamptz, now()), CASE WHEN $14 = 'published' THEN coalesce($15::timestamptz, now()) END)
       RETURNING id`,
      [
        lesson.networkId,
        lesson.teamId,
        lesson.authorId,
        lesson.anonymous,
        lesson.anonymousLabel,
        lesson.title,
        lesson.setting,
        lesson.population,
        lesson.tried,
        lesson.happened,
        lesson.outcome,
        lesson.why,
        lesson.tags,
        lesson.status,
        lesson.createdAt ?? null,
      ],
    );
    return rows[0].id;
  }

  /** Writes the lesson's fields; it is published (dated) the first time its status becomes published. */
  async update(id: string, lesson: LessonWrite, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE lessons SET title = $2, setting = $3, population = $4, tried = $5, happened = $6, outcome = $7, why = $8, tags = $9, status = $10,
              updated_at = now(), published_at = CASE WHEN $10 = 'published' THEN coalesce(published_at, now()) END
        WHERE id = $1`,
      [id, lesson.title, lesson.setting, lesson.population, lesson.tried, lesson.happened, lesson.outcome, lesson.why, lesson.tags, lesson.status],
    );
  }

  /** Who the lesson is shown as: its writer, or an anonymous label (and then its team only when the label names it). */
  async setAuthorship(id: string, authorship: { anonymous: boolean; anonymousLabel: string | null; teamId: string | null }, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE lessons SET anonymous = $2, anonymous_label = $3, team_id = $4 WHERE id = $1`, [id, authorship.anonymous, authorship.anonymousLabel, authorship.teamId]);
  }

  async delete(id: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM lessons WHERE id = $1`, [id]);
  }

  /**
   * Makes the lesson's barriers these, in this order. A barrier that stays (the same words and
   * kind) keeps its row, and so its answers and links in the barrier register: the editor sends
   * every barrier with every save, and fixing a typo in the title must not wipe what a region
   * replied. Only barriers taken out are deleted; new ones are added.
   */
  async replaceBarriers(lessonId: string, networkId: string, barriers: { description: string; kind: BarrierKind }[], manager: EntityManager): Promise<void> {
    const existing: { id: string; description: string; kind: BarrierKind }[] = await manager.query(
      `SELECT id, description, kind FROM lesson_barriers WHERE lesson_id = $1 ORDER BY position`,
      [lessonId],
    );
    const unused = [...existing];
    const keptIds = barriers.map((barrier) => {
      const at = unused.findIndex((row) => row.description === barrier.description && row.kind === barrier.kind);
      return at < 0 ? null : unused.splice(at, 1)[0].id;
    });
    if (unused.length > 0) await manager.query(`DELETE FROM lesson_barriers WHERE id = ANY($1::uuid[])`, [unused.map((row) => row.id)]);
    // Out of the way first: positions are unique within a lesson, and the kept ones may swap places.
    await manager.query(`UPDATE lesson_barriers SET position = -1 - position WHERE lesson_id = $1`, [lessonId]);
    const kept = keptIds.flatMap((id, position) => (id ? [{ id, position }] : []));
    if (kept.length > 0) {
      await manager.query(
        `UPDATE lesson_barriers b SET position = k.position FROM unnest($1::uuid[], $2::int[]) AS k(id, position) WHERE b.id = k.id`,
        [kept.map((row) => row.id), kept.map((row) => row.position)],
      );
    }
    const added = barriers.flatMap((barrier, position) => (keptIds[position] ? [] : [{ ...barrier, position }]));
    if (added.length === 0) return;
    await manager.query(
      `INSERT INTO lesson_barriers (lesson_id, network_id, description, kind, position)
       SELECT $1, $2, b.description, b.kind, b.position FROM unnest($3::text[], $4::text[], $5::int[]) AS b(description, kind, position)`,
      [lessonId, networkId, added.map((barrier) => barrier.description), added.map((barrier) => barrier.kind), added.map((barrier) => barrier.position)],
    );
  }

  /** The lesson, locked until the caller's transaction ends: writes to one lesson take turns, each deciding on what the last one left. */
  async findForUpdate(id: string, manager: EntityManager): Promise<LessonRow | null> {
    const rows: LessonRow[] = await manager.query(`${LESSON_SELECT} WHERE l.id = $1 FOR UPDATE OF l`, [id]);
    return rows[0] ?? null;
  }

  async replaceIdeas(lessonId: string, ideas: { packageId: string; ideaId: string; title: string }[], manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM lesson_change_ideas WHERE lesson_id = $1`, [lessonId]);
    if (ideas.length === 0) return;
    await manager.query(
      `INSERT INTO lesson_change_ideas (lesson_id, change_package_id, idea_id, idea_title)
       SELECT $1, i.package_id, i.idea_id, i.title FROM unnest($2::uuid[], $3::text[], $4::text[]) AS i(package_id, idea_id, title)
       ON CONFLICT DO NOTHING`,
      [lessonId, ideas.map((idea) => idea.packageId), ideas.map((idea) => idea.ideaId), ideas.map((idea) => idea.title)],
    );
  }

  async find(id: string, manager?: EntityManager): Promise<LessonRow | null> {
    const rows: LessonRow[] = await this.db(manager).query(`${LESSON_SELECT} WHERE l.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Which network a lesson is in (for the access check before anything else of it is read). */
  async locate(id: string): Promise<{ networkId: string } | null> {
    const rows: { networkId: string }[] = await this.dataSource.query(`SELECT network_id AS "networkId" FROM lessons WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * A page of a network's published lessons, newest first, or of the reader's own drafts, latest
   * edited first. Keyset on (time, id) against the cursor's row.
   */
  async list(filter: LessonListFilter): Promise<LessonRow[]> {
    const params: unknown[] = [filter.networkId];
    const conditions = ['l.network_id = $1'];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    const time = filter.status === 'published' ? 'published_at' : 'updated_at';
    if (filter.status === 'published') conditions.push(`l.status = 'published'`);
    else add((p) => `l.status = 'draft' AND l.author_id = ${p}`, filter.readerId);
    if (filter.outcome) add((p) => `l.outcome = ${p}`, filter.outcome);
    if (filter.setting) add((p) => `lower(l.setting) = lower(${p})`, filter.setting);
    if (filter.tag) add((p) => `l.tags @> ARRAY[${p}::text]`, filter.tag);
    if (filter.teamId) add((p) => `l.team_id = ${p}`, filter.teamId);
    if (filter.cursor) add((p) => `(l.${time}, l.id) < (SELECT c.${time}, c.id FROM lessons c WHERE c.id = ${p})`, filter.cursor);
    params.push(filter.limit + 1);
    return this.dataSource.query(`${LESSON_SELECT} WHERE ${conditions.join(' AND ')} ORDER BY l.${time} DESC, l.id DESC LIMIT $${params.length}`, params);
  }

  /** Whether `cursor` is a lesson of this network in the list it would continue (so a stranger's id is no cursor). */
  async isCursorOf(cursor: string, networkId: string, status: LessonStatus, readerId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM lessons WHERE id = $1 AND network_id = $2 AND status = $3 AND (status = 'published' OR author_id = $4)`,
      [cursor, networkId, status, readerId],
    );
    return rows.length > 0;
  }

  async barriersOf(lessonIds: string[], manager?: EntityManager): Promise<BarrierRow[]> {
    if (lessonIds.length === 0) return [];
    return this.db(manager).query(
      // The register's answers (barrier_responses) are read here too, so that a lesson shows how far its barriers got in one query.
      `SELECT b.id, b.lesson_id AS "lessonId", b.description, b.kind, latest.status AS "answeredStatus"
         FROM lesson_barriers b
         LEFT JOIN LATERAL (
           SELECT r.status FROM barrier_responses r WHERE r.barrier_id = b.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1
         ) latest ON true
        WHERE b.lesson_id = ANY($1::uuid[]) ORDER BY b.lesson_id, b.position`,
      [lessonIds],
    );
  }

  async ideasOf(lessonIds: string[]): Promise<IdeaLinkRow[]> {
    if (lessonIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT lesson_id AS "lessonId", change_package_id AS "packageId", idea_id AS "ideaId", idea_title AS title
         FROM lesson_change_ideas WHERE lesson_id = ANY($1::uuid[]) ORDER BY lesson_id, idea_title`,
      [lessonIds],
    );
  }

  /** The published lessons that tried each idea of a package (lessons of the package's own network). */
  async lessonsOfPackage(packageId: string): Promise<{ ideaId: string; id: string; title: string; outcome: Outcome }[]> {
    return this.dataSource.query(
      `SELECT ci.idea_id AS "ideaId", l.id, l.title, l.outcome
         FROM lesson_change_ideas ci
         JOIN lessons l ON l.id = ci.lesson_id
         JOIN change_packages p ON p.id = ci.change_package_id AND p.network_id = l.network_id
        WHERE ci.change_package_id = $1 AND l.status = 'published'
        ORDER BY l.published_at DESC, l.id DESC`,
      [packageId],
    );
  }

  /** The writer's team in the network, by id and name (for the lesson's team and an anonymous label). */
  async teamOf(networkId: string, userId: string, manager?: EntityManager): Promise<{ id: string; name: string } | null> {
    const rows: { id: string; name: string }[] = await this.db(manager).query(
      `SELECT tm.id, tm.name FROM memberships m JOIN teams tm ON tm.id = m.team_id WHERE m.network_id = $1 AND m.user_id = $2`,
      [networkId, userId],
    );
    return rows[0] ?? null;
  }

  /** The network's teams, by name (the choices of a lesson's team). */
  teamsOfNetwork(networkId: string): Promise<{ id: string; name: string }[]> {
    return this.dataSource.query(`SELECT id, name FROM teams WHERE network_id = $1 ORDER BY lower(name), id`, [networkId]);
  }

  /** A team of this network by id, or null (a team of another network is no team here). */
  async teamInNetwork(networkId: string, teamId: string): Promise<{ id: string; name: string } | null> {
    const rows: { id: string; name: string }[] = await this.dataSource.query(`SELECT id, name FROM teams WHERE network_id = $1 AND id = $2`, [networkId, teamId]);
    return rows[0] ?? null;
  }

  /** Who wrote the lesson, with their team in its network: only for an admin's recorded reveal. */
  async author(lessonId: string): Promise<{ userId: string; name: string; teamName: string | null }> {
    const rows: { userId: string; name: string; teamName: string | null }[] = await this.dataSource.query(
      `SELECT l.author_id AS "userId", u.display_name AS name, tm.name AS "teamName"
         FROM lessons l JOIN users u ON u.id = l.author_id
         LEFT JOIN memberships m ON m.network_id = l.network_id AND m.user_id = l.author_id
         LEFT JOIN teams tm ON tm.id = m.team_id
        WHERE l.id = $1`,
      [lessonId],
    );
    return rows[0];
  }
}
