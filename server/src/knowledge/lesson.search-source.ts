import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SearchDocType, SearchDocument, SearchSource } from '../search/search.document';
import { SearchSources } from '../search/search-sources';

const PAGE = 500;

interface LessonSearchRow {
  id: string;
  networkId: string;
  title: string;
  setting: string;
  population: string | null;
  tried: string;
  happened: string;
  why: string;
  outcome: SearchDocument['outcome'];
  tags: string[];
  barriers: string[];
  authorName: string | null;
  teamName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Published lessons as search documents (a draft is nobody's but its writer's, so it is "gone"
 * to the index); the outbox entries come from LessonsService's writes. Its two queries live here,
 * as the contract between the knowledge and search modules asks, rather than in the repository.
 */
@Injectable()
export class LessonSearchSource implements SearchSource, OnModuleInit {
  readonly types = ['lesson'] as const;

  constructor(
    private readonly sources: SearchSources,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async load(_type: SearchDocType, ids: string[], manager: EntityManager): Promise<Array<SearchDocument | null>> {
    // An anonymous writer's name and team are never selected, so they cannot reach the index.
    const rows: LessonSearchRow[] = await manager.query(
      `SELECT l.id, l.network_id AS "networkId", l.title, l.setting, l.population, l.tried, l.happened, l.why, l.outcome, l.tags,
              ARRAY(SELECT b.description FROM lesson_barriers b WHERE b.lesson_id = l.id ORDER BY b.position) AS barriers,
              CASE WHEN l.anonymous THEN NULL ELSE u.display_name END AS "authorName",
              CASE WHEN l.anonymous THEN NULL ELSE tm.name END AS "teamName",
              l.created_at AS "createdAt", l.updated_at AS "updatedAt"
         FROM lessons l
         JOIN users u ON u.id = l.author_id
         LEFT JOIN teams tm ON tm.id = l.team_id
        WHERE l.id = ANY($1::uuid[]) AND l.status = 'published'`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) return null;
      return {
        type: 'lesson',
        id: row.id,
        networkId: row.networkId,
        title: row.title,
        text: [row.population, row.tried, row.happened, row.why, ...row.barriers].filter(Boolean).join('\n'),
        outcome: row.outcome,
        setting: row.setting,
        tags: row.tags,
        authorName: row.authorName ?? undefined,
        teamName: row.teamName ?? undefined,
        createdAt: new Date(row.createdAt),
        updatedAt: new Date(row.updatedAt),
        url: `/networks/${row.networkId}/lessons/${row.id}`,
      };
    });
  }

  async *allIds(_type: SearchDocType, manager?: EntityManager): AsyncIterable<string[]> {
    const database = manager ?? this.dataSource.manager;
    let after: string | null = null;
    for (;;) {
      const rows: { id: string }[] = await database.query(
        `SELECT id FROM lessons WHERE status = 'published' AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
        [after, PAGE],
      );
      if (rows.length === 0) return;
      yield rows.map((row) => row.id);
      after = rows[rows.length - 1].id;
    }
  }
}
