import { Injectable } from '@nestjs/common';
import type { SearchDocType, SearchSource } from './search.document';

/** The features' searchable records by type; each feature registers its source when its module starts. */
@Injectable()
export class SearchSources {
  private readonly sources = new Map<SearchDocType, SearchSource>();

  register(source: SearchSource): void {
    for (const type of source.types) {
      if (this.sources.has(type)) throw new Error(`Two search sources say they hold "${type}".`);
      this.sources.set(type, source);
    }
  }

  of(type: SearchDocType): SearchSource | null {
    return this.sources.get(type) ?? null;
  }

  types(): SearchDocType[] {
    return [...this.sources.keys()];
  }
}
