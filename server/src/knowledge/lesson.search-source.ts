import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { documentsInOrder, idsInPages, plainText, type NamedInIndex, type SearchDocType, type SearchDocument, type SearchSource } from '../search/search.document';
import { SearchSources } from '../search/search-sources';
import { LessonsRepository } from './lessons.repository';

const PAGE = 500;

/**
 * Published lessons as search documents, failures as findable as successes. A draft is not
 * findable (null), and an anonymous lesson carries no author or team. The outbox entries come
 * from LessonsService's writes.
 */
@Injectable()
export class LessonSearchSource implements SearchSource, OnModuleInit {
  readonly types = ['lesson'] as const;

  constructor(
    private readonly repository: LessonsRepository,
    private readonly sources: SearchSources,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async load(_type: SearchDocType, ids: string[], manager: EntityManager): Promise<Array<SearchDocument | null>> {
    return documentsInOrder(ids, await this.repository.searchLessons(ids, manager), (row) => {
      // Every part a reader would search by: what was tried, what happened, why, and the barriers met.
      // Whitespace is collapsed in snippets, so each part is ended as a sentence to keep it readable.
      const text = [row.population, row.tried, row.happened, row.why, ...row.barriers.split('\n')]
        .map((part) => (part ?? '').trim())
        .filter(Boolean)
        .map((part) => (/[.!?…]$/.test(part) ? part : `${part}.`))
        .join(' ');
      return {
        type: 'lesson',
        id: row.id,
        networkId: row.networkId,
        title: row.title,
        text: plainText(text),
        outcome: row.outcome ?? undefined,
        setting: row.setting || undefined,
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
    yield* idsInPages((after) => this.repository.idsAfter(after, PAGE, manager));
  }

  showingName(_type: SearchDocType, named: NamedInIndex, manager: EntityManager): Promise<string[]> {
    return this.repository.idsShowingName(named, manager);
  }
}
