import { Body, Controller, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { SessionSummaryDto, SessionThreadDto, UpdateSummaryBody } from './session-summary.dto';
import { SessionSummaryService, type ExportFile } from './session-summary.service';

function download(response: Response, file: ExportFile): string {
  response.setHeader('content-type', file.contentType);
  response.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
  response.setHeader('cache-control', 'no-store');
  return file.body;
}

@ApiTags('learning-sessions')
@Controller('learning-sessions/:sessionId')
export class SessionSummaryController {
  constructor(private readonly summaries: SessionSummaryService) {}

  @Get('summary')
  @ApiOperation({ summary: "The session's summary: hosts see the draft (or, before the end, what the session has produced so far); others only once published" })
  @ApiOkResponse({ type: SessionSummaryDto })
  get(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string): Promise<SessionSummaryDto> {
    return this.summaries.get(caller, sessionId);
  }

  @Patch('summary')
  @ApiOperation({ summary: 'Review the summary: introduction, key points, answers, sections left out (coaches and admins, once the session has ended)' })
  @ApiOkResponse({ type: SessionSummaryDto })
  update(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Body() body: UpdateSummaryBody): Promise<SessionSummaryDto> {
    return this.summaries.update(caller, sessionId, body);
  }

  @Post('summary/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the summary to the network: a page members can read and find, with a thread to follow it up (coaches and admins)' })
  @ApiOkResponse({ type: SessionSummaryDto })
  publish(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string): Promise<SessionSummaryDto> {
    return this.summaries.publish(caller, sessionId);
  }

  @Post('thread')
  @HttpCode(200)
  @ApiOperation({ summary: 'Discuss this session: its follow-up thread, started now if there is none (members and up)' })
  @ApiOkResponse({ type: SessionThreadDto })
  discuss(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string): Promise<SessionThreadDto> {
    return this.summaries.discuss(caller, sessionId);
  }

  @Get('summary.md')
  @ApiOperation({ summary: 'The summary as Markdown, at any time, during the session too (coaches and admins)' })
  @ApiProduces('text/markdown')
  @ApiOkResponse({ description: 'The summary, as a Markdown file.', schema: { type: 'string' } })
  async markdown(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return download(response, await this.summaries.exportMarkdown(caller, sessionId));
  }

  @Get('polls.csv')
  @ApiOperation({ summary: "Poll results as CSV, at any time (coaches and admins); an anonymous poll's counts only" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Poll results, as a CSV file.', schema: { type: 'string' } })
  async polls(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return download(response, await this.summaries.exportPolls(caller, sessionId));
  }

  @Get('attendance.csv')
  @ApiOperation({ summary: 'Attendance as CSV, one row per person with their team and minutes, at any time (coaches and admins)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Attendance, as a CSV file.', schema: { type: 'string' } })
  async attendanceCsv(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return download(response, await this.summaries.exportAttendance(caller, sessionId));
  }
}
