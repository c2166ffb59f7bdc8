import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { SearchQuery, SearchResultDto } from './search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOperation({ summary: 'Search lessons, discussions and change packages in every network the caller may read' })
  @ApiOkResponse({ type: SearchResultDto })
  query(@CurrentCaller() caller: Caller, @Query() query: SearchQuery): Promise<SearchResultDto> {
    return this.search.query(caller, query);
  }
}
