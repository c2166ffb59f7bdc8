import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { CurrentNetwork, RequiresNetwork } from '../networks/network-access.guard';
import type { NetworkAccess } from '../networks/network-access.policy';
import { CreateLessonBody, IdeaLessonsDto, LessonChoicesDto, LessonDto, LessonPageDto, LessonRevealDto, ListLessonsQuery, UpdateLessonBody } from './lessons.dto';
import { LessonsService } from './lessons.service';

@ApiTags('lessons')
@Controller()
export class LessonsController {
  constructor(private readonly lessons: LessonsService) {}

  @Post('networks/:networkId/lessons')
  @RequiresNetwork('contribute')
  @ApiOperation({ summary: 'Write a lesson (a draft, seen only by you, unless status is published)' })
  @ApiCreatedResponse({ type: LessonDto })
  create(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Body() body: CreateLessonBody): Promise<LessonDto> {
    return this.lessons.create(caller, access, body);
  }

  @Get('networks/:networkId/lessons')
  @RequiresNetwork('read')
  @ApiOperation({ summary: "A network's published lessons, newest first (or your own drafts), a page at a time" })
  @ApiOkResponse({ type: LessonPageDto })
  list(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Query() query: ListLessonsQuery): Promise<LessonPageDto> {
    return this.lessons.list(caller, access, query);
  }

  @Get('networks/:networkId/lesson-choices')
  @RequiresNetwork('contribute')
  @ApiOperation({ summary: 'What a lesson of this network can be filed under: the teams the caller may choose and the change ideas it may link to' })
  @ApiOkResponse({ type: LessonChoicesDto })
  choices(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess): Promise<LessonChoicesDto> {
    return this.lessons.choices(caller, access);
  }

  @Get('lessons/:lessonId')
  @ApiOperation({ summary: 'One lesson' })
  @ApiOkResponse({ type: LessonDto })
  get(@CurrentCaller() caller: Caller, @UuidParam('lessonId') lessonId: string): Promise<LessonDto> {
    return this.lessons.get(caller, lessonId);
  }

  @Patch('lessons/:lessonId')
  @ApiOperation({ summary: 'Change a lesson, or publish a draft (its writer; coaches and admins for published lessons)' })
  @ApiOkResponse({ type: LessonDto })
  update(@CurrentCaller() caller: Caller, @UuidParam('lessonId') lessonId: string, @Body() body: UpdateLessonBody): Promise<LessonDto> {
    return this.lessons.update(caller, lessonId, body);
  }

  @Delete('lessons/:lessonId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a lesson (its writer; coaches and admins for published lessons)' })
  @ApiNoContentResponse()
  delete(@CurrentCaller() caller: Caller, @UuidParam('lessonId') lessonId: string): Promise<void> {
    return this.lessons.delete(caller, lessonId);
  }

  @Post('lessons/:lessonId/reveal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Who wrote an anonymous lesson (admins; every reveal is recorded in the reveal log)' })
  @ApiOkResponse({ type: LessonRevealDto })
  reveal(@CurrentCaller() caller: Caller, @UuidParam('lessonId') lessonId: string): Promise<LessonRevealDto> {
    return this.lessons.reveal(caller, lessonId);
  }

  @Get('change-packages/:packageId/lessons')
  @ApiOperation({ summary: "The published lessons that tried each of a change package's ideas, with their outcomes" })
  @ApiOkResponse({ type: IdeaLessonsDto })
  ofPackage(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string): Promise<IdeaLessonsDto> {
    return this.lessons.lessonsOfPackage(caller, packageId);
  }
}
