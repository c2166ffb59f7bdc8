import { Injectable } from '@nestjs/common';
import type { DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { SearchOutbox } from './search-outbox';
import { SearchSources } from './search-sources';

/** Runs after every other seeder (search is imported last): puts the whole demo in the outbox, in the seed's transaction. */
@Injectable()
export class SearchDemoSeeder implements DemoSeeder {
  constructor(
    private readonly outbox: SearchOutbox,
    private readonly sources: SearchSources,
  ) {}

  async seedDemo({ manager }: DemoSeedContext): Promise<void> {
    for (const type of this.sources.types()) {
      for await (const ids of this.sources.of(type)!.allIds(type, manager)) await this.outbox.changed(manager, type, ids);
    }
  }
}
