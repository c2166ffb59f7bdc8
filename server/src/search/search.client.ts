import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Meilisearch } from 'meilisearch';
import { SEARCH_CONNECTION, type SearchConnection } from '../platform/services';

/**
 * The one holder of the Meilisearch client. The browser never talks to Meilisearch: queries go
 * through the server, which adds the access filter (the knowledge-base issue adds indexes here).
 */
@Injectable()
export class SearchClient implements OnModuleInit {
  private readonly logger = new Logger(SearchClient.name);
  readonly client: Meilisearch;

  constructor(@Inject(SEARCH_CONNECTION) connection: SearchConnection) {
    this.client = new Meilisearch({ host: connection.url, apiKey: connection.masterKey ?? undefined, timeout: 5_000 });
  }

  async onModuleInit(): Promise<void> {
    try {
      const { pkgVersion } = await this.client.getVersion();
      this.logger.log(`Connected to Meilisearch ${pkgVersion}`);
    } catch (error) {
      // Search being down never stops the server; /api/ready says so.
      this.logger.warn(`Meilisearch is not reachable yet: ${(error as Error).message}`);
    }
  }

  /** Null when reachable, otherwise what went wrong. */
  async problem(): Promise<string | null> {
    try {
      await this.client.health();
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
