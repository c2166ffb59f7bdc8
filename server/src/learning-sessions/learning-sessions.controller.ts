import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, Public } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { CurrentNetwork, RequiresNetwork } from '../networks/network-access.guard';
import type { NetworkAccess } from '../networks/network-access.policy';
import { LearningSessionCalendars } from './learning-session-calendars';
import {
  CalendarFeedDto,
  CancelLearningSessionBody,
  CreateLearningSessionBody,
  LearningSessionDto,
  LearningSessionPageDto,
  ListLearningSessionsQuery,
  RsvpBody,
  UpdateLearningSessionBody,
} from './learning-sessions.dto';
import { LearningSessionsService } from './learning-sessions.service';

/** A calendar file as a download; never cached by anything between (a feed is private, a session changes). */
function sendCalendar(response: Response, body: string, filename: string, download: boolean): string {
  response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
  response.setHeader('Content-Disposition', `${download ? 'attachment' : 'inline'}; filename="${filename}"`);
  response.setHeader('Cache-Control', 'private, no-store');
  return body;
}

@ApiTags('learning-sessions')
@Controller()
export class LearningSessionsController {
  constructor(
    private readonly sessions: LearningSessionsService,
    private readonly calendars: LearningSessionCalendars,
  ) {}

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

  @Patch('learning-sessions/:sessionId')
  @ApiOperation({ summary: 'Change a scheduled learning session (coaches and admins); the people going hear of a new time' })
  @ApiOkResponse({ type: LearningSessionDto })
  update(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Body() body: UpdateLearningSessionBody): Promise<LearningSessionDto> {
    return this.sessions.update(caller, sessionId, body);
  }

  @Post('learning-sessions/:sessionId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a learning session (coaches and admins); the people going are told' })
  @ApiOkResponse({ type: LearningSessionDto })
  cancel(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Body() body: CancelLearningSessionBody): Promise<LearningSessionDto> {
    return this.sessions.cancel(caller, sessionId, body);
  }

  @Put('learning-sessions/:sessionId/rsvp')
  @ApiOperation({ summary: 'Say whether you are going (members); a full session refuses one more "going" with 409' })
  @ApiOkResponse({ type: LearningSessionDto })
  rsvp(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Body() body: RsvpBody): Promise<LearningSessionDto> {
    return this.sessions.rsvp(caller, sessionId, body.status);
  }

  @Get('learning-sessions/:sessionId/ics')
  @ApiOperation({ summary: 'The session as an iCalendar file (in its own time zone, with a stable UID)' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar file with one event.', schema: { type: 'string' } })
  async ics(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const file = await this.calendars.sessionFile(caller, sessionId);
    return sendCalendar(response, file.body, file.filename, true);
  }

  @Get('me/calendar-feed')
  @ApiOperation({ summary: 'Whether you have a private calendar address (the address itself is shown only when it is made)' })
  @ApiOkResponse({ type: CalendarFeedDto })
  feedStatus(@CurrentCaller() caller: Caller): Promise<CalendarFeedDto> {
    return this.calendars.feedStatus(caller);
  }

  @Post('me/calendar-feed')
  @ApiOperation({ summary: 'Make your private calendar address, replacing any earlier one (which stops working)' })
  @ApiCreatedResponse({ type: CalendarFeedDto })
  renewFeed(@CurrentCaller() caller: Caller): Promise<CalendarFeedDto> {
    return this.calendars.renewFeed(caller);
  }

  @Delete('me/calendar-feed')
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn your private calendar address off' })
  @ApiNoContentResponse()
  revokeFeed(@CurrentCaller() caller: Caller): Promise<void> {
    return this.calendars.revokeFeed(caller);
  }

  @Get('calendar/:file')
  @Public()
  @ApiOperation({ summary: 'A private calendar feed (<token>.ics): the sessions its owner is going to. No cookie needed: the address is the key.' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar feed.', schema: { type: 'string' } })
  async feed(@Param('file') file: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return sendCalendar(response, await this.calendars.feed(file), 'knotwork-learning-sessions.ics', false);
  }
}
