import { Controller, Get, Logger, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/decorators';
import { SearchClient } from '../search/search.client';

class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

class DependencyDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'What went wrong, when not ok.' }) error: string | null;
}

class ReadinessDto {
  @ApiProperty({
    enum: ['ready', 'degraded', 'not-ready'],
    description: 'degraded: search is away, everything else works (writes are kept and reach search when it is back).',
  })
  status: 'ready' | 'degraded' | 'not-ready';
  @ApiProperty({ type: DependencyDto }) database: DependencyDto;
  @ApiProperty({ type: DependencyDto }) search: DependencyDto;
}

@ApiTags('platform')
@Public()
@Controller()
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly search: SearchClient,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'The server is alive' })
  @ApiOkResponse({ type: HealthDto })
  health(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The database and search are reachable (503 without the database; 200 "degraded" without search)' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    const [databaseProblem, searchFailure] = await Promise.all([this.databaseProblem(), this.search.problem()]);
    // The details go to the log, not to whoever asks: this route is public.
    if (searchFailure) this.logger.warn(`search not ready: ${searchFailure}`);
    const searchProblem = searchFailure ? 'unreachable' : null;
    // Without search the server still serves and keeps every write (the outbox), so it stays in
    // rotation; without the database it can do nothing.
    const status = databaseProblem !== null ? 'not-ready' : searchProblem !== null ? 'degraded' : 'ready';
    response.status(status === 'not-ready' ? 503 : 200);
    return {
      status,
      database: { ok: databaseProblem === null, error: databaseProblem },
      search: { ok: searchProblem === null, error: searchProblem },
    };
  }

  private async databaseProblem(): Promise<string | null> {
    try {
      await this.dataSource.query('SELECT 1');
      return null;
    } catch (error) {
      this.logger.warn(`database not ready: ${(error as Error).message}`);
      return 'unreachable';
    }
  }
}
