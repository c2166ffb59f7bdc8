import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, type Config } from './config';
import { HealthController } from './health.controller';
import { JobQueue } from './jobs/job-queue';
import { PlatformStateRepository } from './platform-state.repository';
import { RateLimiter } from './rate-limiter';
import { SEARCH_CONNECTION, type SearchConnection } from './services';
import { Transactions } from './transactions';

export interface PlatformServices {
  config: Config;
  dataSource: DataSource;
  search: SearchConnection;
}

/** Config, the database (with its transactions and job queue) and the search connection, made once at boot and shared by every feature. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(services: PlatformServices): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        { provide: CONFIG, useValue: services.config },
        { provide: DataSource, useValue: services.dataSource },
        { provide: SEARCH_CONNECTION, useValue: services.search },
        RateLimiter,
        Transactions,
        PlatformStateRepository,
        JobQueue,
      ],
      exports: [CONFIG, DataSource, SEARCH_CONNECTION, RateLimiter, Transactions, PlatformStateRepository, JobQueue],
    };
  }
}
