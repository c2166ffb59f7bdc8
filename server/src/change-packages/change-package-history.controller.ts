import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { AdaptationsService } from './adaptations.service';
import { ChangePackageHistoryService } from './change-package-history.service';
import { ChangePackageDto } from './change-packages.dto';
import {
  AdaptBody,
  AdaptedIdeaDto,
  AdaptIdeaBody,
  HistoryIntervalDto,
  LineageDto,
  NamedVersionBody,
  PullResultDto,
  VersionDto,
  VersionWithContentDto,
} from './history.dto';

@ApiTags('change packages')
@Controller('change-packages/:packageId')
export class ChangePackageHistoryController {
  constructor(
    private readonly history: ChangePackageHistoryService,
    private readonly adaptations: AdaptationsService,
  ) {}

  @Get('versions')
  @ApiOperation({ summary: 'Named versions and automatic checkpoints, newest first' })
  @ApiOkResponse({ type: [VersionDto] })
  versions(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string): Promise<VersionDto[]> {
    return this.history.list(caller, packageId);
  }

  @Post('versions')
  @ApiOperation({ summary: 'Keep the current state as a named version ("as agreed at learning session 2")' })
  @ApiCreatedResponse({ type: VersionDto })
  nameVersion(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string, @Body() body: NamedVersionBody): Promise<VersionDto> {
    return this.history.name(caller, packageId, body.name);
  }

  @Get('versions/:versionId')
  @ApiOperation({ summary: "A version's content, read-only" })
  @ApiOkResponse({ type: VersionWithContentDto })
  version(
    @CurrentCaller() caller: Caller,
    @UuidParam('packageId') packageId: string,
    @UuidParam('versionId') versionId: string,
  ): Promise<VersionWithContentDto> {
    return this.history.view(caller, packageId, versionId);
  }

  @Post('versions/:versionId/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore a version as a new change; the state before is kept as a version' })
  @ApiOkResponse({ type: VersionDto, description: 'The version kept from just before the restore.' })
  restore(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string, @UuidParam('versionId') versionId: string): Promise<VersionDto> {
    return this.history.restore(caller, packageId, versionId);
  }

  @Get('changes')
  @ApiOperation({ summary: 'Who changed what between versions, newest first' })
  @ApiOkResponse({ type: [HistoryIntervalDto] })
  changes(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string): Promise<HistoryIntervalDto[]> {
    return this.history.changes(caller, packageId);
  }

  @Post('adaptations')
  @ApiOperation({ summary: 'Adapt this change package into another network you can edit, keeping its lineage' })
  @ApiCreatedResponse({ type: ChangePackageDto })
  adapt(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string, @Body() body: AdaptBody): Promise<ChangePackageDto> {
    return this.adaptations.adapt(caller, packageId, body.networkId.toLowerCase(), body.title);
  }

  @Post('pull-upstream')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge what the source package gained since this adaptation last pulled' })
  @ApiOkResponse({ type: PullResultDto })
  pull(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string): Promise<PullResultDto> {
    return this.adaptations.pullUpstream(caller, packageId);
  }

  @Get('lineage')
  @ApiOperation({ summary: 'Where this package came from, what it changed, and where it has been adapted' })
  @ApiOkResponse({ type: LineageDto })
  lineage(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string): Promise<LineageDto> {
    return this.adaptations.lineage(caller, packageId);
  }

  @Post('ideas/:ideaId/adaptations')
  @ApiOperation({ summary: 'Copy one change idea into another change package you can edit, keeping where it came from' })
  @ApiCreatedResponse({ type: AdaptedIdeaDto })
  adaptIdea(
    @CurrentCaller() caller: Caller,
    @UuidParam('packageId') packageId: string,
    @Param('ideaId') ideaId: string,
    @Body() body: AdaptIdeaBody,
  ): Promise<AdaptedIdeaDto> {
    return this.adaptations.adaptIdea(caller, packageId, ideaId, body.targetPackageId.toLowerCase());
  }
}
