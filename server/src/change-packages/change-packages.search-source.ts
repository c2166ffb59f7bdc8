import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CollabHub } from '../collab/collab-hub';
import { SearchOutbox } from '../search/search-outbox';
import { SearchSources } from '../search/search-sources';
import { idsInPages, type SearchDocType, type SearchDocument, type SearchSource } from '../search/search.document';
import { projectChangePackage } from '../shared/change-package.document';
import { ChangePackagesRepository } from './change-packages.repository';

const PAGE = 100;
const DOCUMENT_PREFIX = 'change-package:';

/**
 * A change package and its change ideas, from the document's JSON projection. The outbox hears of
 * every stored update (see CollabHub.store); the drain is woken a moment later, so that a burst of
 * typing is indexed once.
 */
@Injectable()
export class ChangePackagesSearchSource implements SearchSource, OnModuleInit {
  readonly types = ['change-package'] as const;

  constructor(
    private readonly packages: ChangePackagesRepository,
    private readonly hub: CollabHub,
    private readonly sources: SearchSources,
    private readonly outbox: SearchOutbox,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  documentsChanged(documentNames: string[], manager: EntityManager): Promise<void> {
    const ids = documentNames.filter((name) => name.startsWith(DOCUMENT_PREFIX)).map((name) => name.slice(DOCUMENT_PREFIX.length));
    return this.outbox.changed(manager, 'change-package', ids, { soon: true });
  }

  async load(_type: SearchDocType, ids: string[], manager: EntityManager): Promise<Array<SearchDocument[] | null>> {
    const rows = new Map((await this.packages.findByIds(ids, manager)).map((row) => [row.id, row]));
    const documents: Array<SearchDocument[] | null> = [];
    for (const id of ids) {
      const row = rows.get(id);
      if (!row) {
        documents.push(null);
        continue;
      }
      const content = projectChangePackage(await this.hub.currentState(row.documentName));
      const url = `/networks/${row.networkId}/change-packages/${row.id}`;
      // The document has no single "last edited" time of its own; when it was indexed stands for it.
      const common = { networkId: row.networkId, createdAt: new Date(row.createdAt), updatedAt: new Date() };
      const aim = Object.values(content.aim).filter(Boolean).join('. ');
      documents.push([
        {
          ...common,
          type: 'change-package',
          id: row.id,
          title: content.title || row.title,
          text: [aim, ...content.drivers.flatMap((driver) => [driver.title, ...driver.secondary.map((secondary) => secondary.title)]), ...content.measures.map((measure) => `${measure.name} ${measure.definition}`)]
            .filter(Boolean)
            .join('. '),
          url,
        },
        ...content.ideas.map((idea) => ({
          ...common,
          type: 'change-idea' as const,
          id: `${row.id}/${idea.id}`,
          title: idea.title,
          text: [idea.descriptionText, ...idea.evidence.map((evidence) => evidence.label)].filter(Boolean).join('. '),
          url: `${url}?idea=${encodeURIComponent(idea.id)}`,
        })),
      ]);
    }
    return documents;
  }

  async *allIds(_type: SearchDocType, manager?: EntityManager): AsyncIterable<string[]> {
    yield* idsInPages((after) => this.packages.idsAfter(after, PAGE, manager));
  }
}
