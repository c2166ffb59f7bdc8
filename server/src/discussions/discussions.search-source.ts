import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { documentsInOrder, idsInPages, plainText, type NamedInIndex, type SearchDocType, type SearchDocument, type SearchSource } from '../search/search.document';
import { SearchSources } from '../search/search-sources';
import { DiscussionsRepository } from './discussions.repository';

const PAGE = 500;

/** Threads and replies as search documents; the outbox entries come from DiscussionsService.record. */
@Injectable()
export class DiscussionsSearchSource implements SearchSource, OnModuleInit {
  readonly types = ['thread', 'post'] as const;

  constructor(
    private readonly repository: DiscussionsRepository,
    private readonly sources: SearchSources,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async load(type: SearchDocType, ids: string[], manager: EntityManager): Promise<Array<SearchDocument | null>> {
    if (type === 'thread') {
      return documentsInOrder(ids, await this.repository.searchThreads(ids, manager), (row) => ({
          type: 'thread',
          id: row.id,
          networkId: row.networkId,
          title: row.title,
          text: plainText(row.text ?? ''),
          tags: row.tags,
          authorName: row.authorName ?? undefined,
          teamName: row.teamName ?? undefined,
          createdAt: new Date(row.createdAt),
          updatedAt: new Date(row.updatedAt),
          url: `/networks/${row.networkId}/discussions/${row.id}`,
        }));
    }
    return documentsInOrder(ids, await this.repository.searchPosts(ids, manager), (row) => ({
        type: 'post',
        id: row.id,
        networkId: row.networkId,
        title: row.title,
        text: plainText(row.text ?? ''),
        tags: row.tags,
        authorName: row.authorName ?? undefined,
        teamName: row.teamName ?? undefined,
        createdAt: new Date(row.createdAt),
        updatedAt: new Date(row.updatedAt),
        url: `/networks/${row.networkId}/discussions/${row.threadId}?post=${row.seq}`,
      }));
  }

  async *allIds(type: SearchDocType, manager?: EntityManager): AsyncIterable<string[]> {
    yield* idsInPages((after) => this.repository.searchIdsAfter(type === 'thread' ? 'threads' : 'posts', after, PAGE, manager));
  }

  showingName(type: SearchDocType, named: NamedInIndex, manager: EntityManager): Promise<string[]> {
    return this.repository.searchIdsShowingName(type === 'thread' ? 'threads' : 'posts', named, manager);
  }
}
