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
  @ApiProperty({ enum: ['ready', 'not-ready'] }) status: 'ready' | 'not-ready';
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
  @ApiOperation({ summary: 'The database and search are reachable' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    const [databaseProblem, searchFailure] = await Promise.all([this.databaseProblem(), this.search.problem()]);
    // The details go to the log, not to whoever asks: this route is public.
    if (searchFailure) this.logger.warn(`search not ready: ${searchFailure}`);
    const searchProblem = searchFailure ? 'unreachable' : null;
    const ready = databaseProblem === null && searchProblem === null;
    response.status(ready ? 200 : 503);
    return {
      status: ready ? 'ready' : 'not-ready',
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
