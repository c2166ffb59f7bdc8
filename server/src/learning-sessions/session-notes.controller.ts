import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { ActionItemsService } from './action-items.service';
import {
  ActionItemDto,
  ActionItemProgressBody,
  CaptureLessonBody,
  CapturedLessonDto,
  CreateActionItemBody,
  SessionActionItemsDto,
  TeamActionItemsDto,
  UpdateActionItemBody,
} from './session-notes.dto';
import { SessionNotesService } from './session-notes.service';

@ApiTags('learning-sessions')
@Controller()
export class SessionNotesController {
  constructor(
    private readonly notes: SessionNotesService,
    private readonly actionItems: ActionItemsService,
  ) {}

  @Get('learning-sessions/:sessionId/notes.md')
  @ApiOperation({ summary: "The session's notes as Markdown, at any time (whoever may read the session)" })
  @ApiProduces('text/markdown')
  @ApiOkResponse({ description: 'The notes, as a Markdown file.', schema: { type: 'string' } })
  async exportNotes(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const { markdown, fileName } = await this.notes.exportMarkdown(caller, sessionId);
    response.setHeader('content-type', 'text/markdown; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    response.setHeader('cache-control', 'no-store');
    return markdown;
  }

  @Post('learning-sessions/:sessionId/capture-lesson')
  @ApiOperation({ summary: 'Start a draft lesson from a passage of the notes, a question or an answer (members and up)' })
  @ApiCreatedResponse({ type: CapturedLessonDto })
  capture(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Body() body: CaptureLessonBody): Promise<CapturedLessonDto> {
    return this.notes.captureLesson(caller, sessionId, body);
  }

  @Get('learning-sessions/:sessionId/action-items')
  @ApiOperation({ summary: "The session's action items, by due date" })
  @ApiOkResponse({ type: SessionActionItemsDto })
  listForSession(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string): Promise<SessionActionItemsDto> {
    return this.actionItems.listForSession(caller, sessionId);
  }

  @Post('learning-sessions/:sessionId/action-items')
  @ApiOperation({ summary: 'Give a team of the network an action item (coaches and admins); its members are notified and reminded' })
  @ApiCreatedResponse({ type: ActionItemDto })
  create(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Body() body: CreateActionItemBody): Promise<ActionItemDto> {
    return this.actionItems.create(caller, sessionId, body);
  }

  @Patch('action-items/:itemId')
  @ApiOperation({ summary: "Change an action item's title, team or due date (coaches and admins)" })
  @ApiOkResponse({ type: ActionItemDto })
  update(@CurrentCaller() caller: Caller, @UuidParam('itemId') itemId: string, @Body() body: UpdateActionItemBody): Promise<ActionItemDto> {
    return this.actionItems.update(caller, itemId, body);
  }

  @Delete('action-items/:itemId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an action item (coaches and admins)' })
  @ApiNoContentResponse()
  delete(@CurrentCaller() caller: Caller, @UuidParam('itemId') itemId: string): Promise<void> {
    return this.actionItems.delete(caller, itemId);
  }

  @Patch('action-items/:itemId/progress')
  @ApiOperation({ summary: "Mark an action item done (or open again) and write the team's report (the team's members, coaches and admins)" })
  @ApiOkResponse({ type: ActionItemDto })
  progress(@CurrentCaller() caller: Caller, @UuidParam('itemId') itemId: string, @Body() body: ActionItemProgressBody): Promise<ActionItemDto> {
    return this.actionItems.progress(caller, itemId, body);
  }

  @Get('networks/:networkId/teams/:teamId/action-items')
  @ApiOperation({ summary: "A team's action items from every session: open ones by due date, then done ones" })
  @ApiOkResponse({ type: TeamActionItemsDto })
  listForTeam(@CurrentCaller() caller: Caller, @UuidParam('networkId') networkId: string, @UuidParam('teamId') teamId: string): Promise<TeamActionItemsDto> {
    return this.actionItems.listForTeam(caller, networkId, teamId);
  }
}
