import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { oneOf, trim } from '../common/dto-transforms';
import { ChangesAtLeastOneField, OptionalField } from '../common/validation';
import { IsVisibleName } from '../common/visible-name';
import { ACTION_ITEM_STATUSES, CAPTURE_SOURCES, SESSION_NOTES_LIMITS, type ActionItemStatus, type CaptureSource } from './session-notes.rules';

// ---- capture as lesson --------------------------------------------------------------------

export class CaptureLessonBody {
  @ApiProperty({ minLength: 1, maxLength: SESSION_NOTES_LIMITS.captureText, description: 'The passage, question or answer to start the lesson from.' })
  @Transform(trim)
  @IsString({ message: 'text must be text' })
  @Length(1, SESSION_NOTES_LIMITS.captureText, { message: `text must be 1 to ${SESSION_NOTES_LIMITS.captureText} characters` })
  text: string;

  @ApiProperty({ enum: CAPTURE_SOURCES, description: 'Where the text comes from.' })
  @IsIn(CAPTURE_SOURCES, oneOf('source', CAPTURE_SOURCES))
  source: CaptureSource;

  @OptionalField({ format: 'uuid', description: "The question's id, for a question or an answer from the live room." })
  @IsUUID('all', { message: 'sourceId must be an id' })
  sourceId?: string;
}

export class CapturedLessonDto {
  @ApiProperty({ format: 'uuid', description: 'The new draft lesson: open it in the lesson editor.' }) lessonId: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
}

// ---- action items -------------------------------------------------------------------------

const titleRules = [
  Transform(trim),
  IsString({ message: 'title must be text' }),
  Length(1, SESSION_NOTES_LIMITS.actionTitle, { message: `title must be 1 to ${SESSION_NOTES_LIMITS.actionTitle} characters` }),
  IsVisibleName(),
];
const applyAll = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((decorator) => decorator(target, key));

export class CreateActionItemBody {
  @ApiProperty({ format: 'uuid', description: "A team of the session's network." })
  @IsUUID('all', { message: 'teamId must be a team id' })
  teamId: string;

  @ApiProperty({ minLength: 1, maxLength: SESSION_NOTES_LIMITS.actionTitle, example: 'Call every patient within 7 days of a positive screen' })
  @applyAll(titleRules)
  title: string;

  @ApiProperty({ format: 'date', example: '2026-12-14', description: 'The day it is due, YYYY-MM-DD.' })
  @IsString({ message: 'dueOn must be a date written as YYYY-MM-DD' })
  dueOn: string;
}

@ChangesAtLeastOneField()
export class UpdateActionItemBody {
  @OptionalField({ format: 'uuid' })
  @IsUUID('all', { message: 'teamId must be a team id' })
  teamId?: string;

  @OptionalField({ minLength: 1, maxLength: SESSION_NOTES_LIMITS.actionTitle })
  @applyAll(titleRules)
  title?: string;

  @OptionalField({ format: 'date' })
  @IsString({ message: 'dueOn must be a date written as YYYY-MM-DD' })
  dueOn?: string;
}

@ChangesAtLeastOneField()
export class ActionItemProgressBody {
  @OptionalField({ enum: ACTION_ITEM_STATUSES, description: 'done when the team has done it; open again if not.' })
  @IsIn(ACTION_ITEM_STATUSES, oneOf('status', ACTION_ITEM_STATUSES))
  status?: ActionItemStatus;

  @OptionalField({ maxLength: SESSION_NOTES_LIMITS.report, description: 'What the team reports back at the next session.' })
  @Transform(trim)
  @IsString({ message: 'report must be text' })
  @MaxLength(SESSION_NOTES_LIMITS.report, { message: `report must be at most ${SESSION_NOTES_LIMITS.report} characters` })
  report?: string;
}

export class ActionItemCanDto {
  @ApiProperty({ description: 'Change its title, team or due date, or delete it (coaches and admins).' }) edit: boolean;
  @ApiProperty({ description: "Mark it done and write the report (the team's members, coaches and admins)." }) report: boolean;
}

export class ActionItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty() sessionTitle: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty() teamName: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ enum: ACTION_ITEM_STATUSES }) status: ActionItemStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) doneAt: string | null;
  @ApiProperty() report: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: ActionItemCanDto }) can: ActionItemCanDto;
}

export class SessionActionItemsDto {
  @ApiProperty({ type: [ActionItemDto] }) items: ActionItemDto[];
  @ApiProperty({ description: 'Whether the caller may add items (coaches and admins).' }) canCreate: boolean;
}

export class TeamSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() memberCount: number;
}

export class TeamActionItemsDto {
  @ApiProperty({ type: TeamSummaryDto }) team: TeamSummaryDto;
  @ApiProperty({ type: [ActionItemDto], description: 'Open items first, by due date; then done ones, latest first.' }) items: ActionItemDto[];
  @ApiProperty({ description: "Whether the caller is one of the team's members." }) isMember: boolean;
}
