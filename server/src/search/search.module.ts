import { Global, Module } from '@nestjs/common';
import { FeatureDatabase } from '../platform/feature-database';
import { SearchOutbox1764600000000 } from './migrations/1764600000000-search-outbox';
import { SearchAccessRepository } from './search-access.repository';
import { SearchIndexer } from './search-indexer';
import { SearchOutbox } from './search-outbox';
import { SearchSources } from './search-sources';
import { SearchClient } from './search.client';
import { SearchController } from './search.controller';
import { SearchDemoSeeder } from './search.demo-seeder';
import { SearchService } from './search.service';

/**
 * Global: every feature with searchable records registers a source and records its writes in the
 * outbox, without a search import of its own.
 */
@FeatureDatabase({ migrations: [SearchOutbox1764600000000], demoSeeder: SearchDemoSeeder })
@Global()
@Module({
  controllers: [SearchController],
  providers: [SearchClient, SearchOutbox, SearchSources, SearchIndexer, SearchAccessRepository, SearchService, SearchDemoSeeder],
  exports: [SearchClient, SearchOutbox, SearchSources, SearchIndexer],
})
export class SearchModule {}
