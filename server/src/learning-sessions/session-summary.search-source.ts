import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { documentsInOrder, idsInPages, plainText, type SearchDocType, type SearchDocument, type SearchSource } from '../search/search.document';
import { SearchSources } from '../search/search-sources';
import { SessionSummaryRepository } from './session-summary.repository';
import { summarySearchText } from './session-summary.rules';

const PAGE = 500;

/**
 * Learning sessions as search documents: title, description, agenda, and once published the
 * summary's words (never an asker's or voter's name). A cancelled session is not found. The
 * outbox entries come from LearningSessionsService (scheduling) and SessionSummaryService (publish, edits).
 */
@Injectable()
export class LearningSessionsSearchSource implements SearchSource, OnModuleInit {
  readonly types = ['learning-session'] as const;

  constructor(
    private readonly repository: SessionSummaryRepository,
    private readonly sources: SearchSources,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async load(_type: SearchDocType, ids: string[], manager: EntityManager): Promise<Array<SearchDocument | null>> {
    return documentsInOrder(ids, await this.repository.searchRows(ids, manager), (row) => {
      if (row.status === 'cancelled') return null;
      const published = row.summaryStatus === 'published' && row.assembled !== null;
      const summary = published
        ? summarySearchText(row.assembled!, { introduction: row.introduction ?? '', keyPoints: row.keyPoints ?? [], answers: row.answers ?? {}, hiddenSections: row.hiddenSections ?? [] })
        : '';
      const agenda = (row.agenda ?? []).map((item) => item.title).join('\n');
      return {
        type: 'learning-session',
        id: row.id,
        networkId: row.networkId,
        title: row.title,
        text: plainText([row.description ?? '', agenda, summary].filter(Boolean).join('\n')),
        tags: published ? ['summary'] : [],
        createdAt: new Date(row.createdAt),
        updatedAt: new Date(row.updatedAt),
        url: published ? `/networks/${row.networkId}/learning-sessions/${row.id}/summary` : `/networks/${row.networkId}/learning-sessions/${row.id}`,
      };
    });
  }

  async *allIds(_type: SearchDocType, manager?: EntityManager): AsyncIterable<string[]> {
    yield* idsInPages((after) => this.repository.idsAfter(after, PAGE, manager));
  }
}
