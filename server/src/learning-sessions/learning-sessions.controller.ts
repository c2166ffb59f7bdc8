import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { CurrentNetwork, RequiresNetwork } from '../networks/network-access.guard';
import type { NetworkAccess } from '../networks/network-access.policy';
import { CreateLearningSessionBody, LearningSessionDto, LearningSessionPageDto, ListLearningSessionsQuery } from './learning-sessions.dto';
import { LearningSessionsService } from './learning-sessions.service';

@ApiTags('learning-sessions')
@Controller()
export class LearningSessionsController {
  constructor(private readonly sessions: LearningSessionsService) {}

  @Post('networks/:networkId/learning-sessions')
  @RequiresNetwork('moderate')
  @ApiOperation({ summary: 'Schedule a learning session (coaches and admins)' })
  @ApiCreatedResponse({ type: LearningSessionDto })
  create(@CurrentCaller() caller: Caller, @CurrentNetwork() network: NetworkAccess, @Body() body: CreateLearningSessionBody): Promise<LearningSessionDto> {
    return this.sessions.create(caller, network, body);
  }

  @Get('networks/:networkId/learning-sessions')
  @RequiresNetwork('read')
  @ApiOperation({ summary: "The network's learning sessions: upcoming soonest first, or past latest first" })
  @ApiOkResponse({ type: LearningSessionPageDto })
  list(@CurrentCaller() caller: Caller, @CurrentNetwork() network: NetworkAccess, @Query() query: ListLearningSessionsQuery): Promise<LearningSessionPageDto> {
    return this.sessions.list(caller, network, query);
  }

  @Get('learning-sessions/:sessionId')
  @ApiOperation({ summary: 'One learning session, with the answers so far and yours' })
  @ApiOkResponse({ type: LearningSessionDto })
  get(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string): Promise<LearningSessionDto> {
    return this.sessions.get(caller, sessionId);
  }
}
