import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { oneOf, trim } from '../common/dto-transforms';
import { OptionalField } from '../common/validation';
import { IsVisibleName } from '../common/visible-name';
import { ANONYMOUS_AS, type AnonymousAs } from '../discussions/discussion.rules';
import { BREAKOUT_MODES, LIVE_ROOM_LIMITS as LIMITS, type BreakoutMode } from './live-room.rules';
import type { PollResultsView, PollView } from '../shared/live-room.contract';

// ---- REST -----------------------------------------------------------------------------------

export class CreatePollBody {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.pollQuestion })
  @Transform(trim)
  @IsString({ message: 'question must be text' })
  @Length(1, LIMITS.pollQuestion, { message: `question must be 1 to ${LIMITS.pollQuestion} characters` })
  question: string;

  @ApiProperty({ type: [String], minItems: LIMITS.pollOptionsMin, maxItems: LIMITS.pollOptionsMax })
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value))
  @IsArray({ message: 'options must be a list' })
  @ArrayMinSize(LIMITS.pollOptionsMin, { message: `options must have at least ${LIMITS.pollOptionsMin} items` })
  @ArrayMaxSize(LIMITS.pollOptionsMax, { message: `options must have at most ${LIMITS.pollOptionsMax} items` })
  @IsString({ each: true, message: 'options must be text' })
  @Length(1, LIMITS.pollOption, { each: true, message: `options must each be 1 to ${LIMITS.pollOption} characters` })
  @IsVisibleName({ each: true })
  options: string[];

  @OptionalField({ type: Boolean, description: 'Several options may be chosen (default: one).' })
  @IsBoolean({ message: 'multiple must be true or false' })
  multiple?: boolean;

  @OptionalField({ type: Boolean, description: 'Nobody, the coach included, can ever see who chose what.' })
  @IsBoolean({ message: 'anonymous must be true or false' })
  anonymous?: boolean;
}

export class PollResultsDto implements PollResultsView {
  @ApiProperty({ type: [Number] }) counts: number[];
  @ApiProperty({ description: 'Voters, not selections.' }) total: number;
}

export class PollDto implements PollView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() question: string;
  @ApiProperty({ type: [String] }) options: string[];
  @ApiProperty() multiple: boolean;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty() revealed: boolean;
  @ApiProperty({ type: [Number], nullable: true, description: "The caller's own choices, or null before they vote." }) myChoices: number[] | null;
  @ApiProperty({ type: PollResultsDto, required: false, description: 'Only for those who may see results: coaches, or everyone once revealed.' })
  results?: PollResultsDto;
}

export class AttendancePersonDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) teamName: string | null;
  @ApiProperty() firstJoinedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'null while they are in the room.' }) lastLeftAt: string | null;
  @ApiProperty() present: boolean;
  @ApiProperty({ description: 'Stays in the room (a reconnect is a new stay, never a second person).' }) visits: number;
  @ApiProperty() minutesPresent: number;
}

export class AttendanceTeamDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: people without a team, or readers who are not members.' }) teamName: string | null;
  @ApiProperty() people: number;
}

export class AttendanceDto {
  @ApiProperty({ description: 'Distinct people who came.' }) total: number;
  @ApiProperty({ type: [AttendanceTeamDto] }) byTeam: AttendanceTeamDto[];
  @ApiProperty({ type: [AttendancePersonDto] }) people: AttendancePersonDto[];
}

export class RecordedQuestionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when asked anonymously.' }) authorName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'How an anonymous asker is shown.' }) authorLabel: string | null;
  @ApiProperty() votes: number;
  @ApiProperty() answered: boolean;
  @ApiProperty({ type: String, nullable: true, description: "The hosts' written answer, if any." }) answer: string | null;
}

export class RoomRecordDto {
  @ApiProperty({ type: [RecordedQuestionDto], description: 'Most upvoted first.' }) questions: RecordedQuestionDto[];
  @ApiProperty({ type: [PollDto], description: "Every poll with its results (an anonymous poll's only once closed); myChoices is always null here." })
  polls: PollDto[];
  @ApiProperty({ type: AttendanceDto }) attendance: AttendanceDto;
}

// ---- socket.io messages ---------------------------------------------------------------------

/** Every room message may name its session; a socket in exactly one room may leave it out. */
class InSession {
  @OptionalField({ format: 'uuid' })
  @IsUUID('all', { message: 'sessionId must be a UUID' })
  sessionId?: string;
}

export class JoinMessage {
  @IsUUID('all', { message: 'sessionId must be a UUID' })
  sessionId: string;
}

export class SessionMessage extends InSession {}

export class AgendaMessage extends InSession {
  @IsInt({ message: 'index must be a whole number' })
  @Min(0, { message: 'index must be 0 or more' })
  @Max(1000, { message: 'index must be at most 1000' })
  index: number;
}

export class PollMessage {
  @IsUUID('all', { message: 'pollId must be a UUID' })
  pollId: string;
}

export class VoteMessage extends PollMessage {
  @IsArray({ message: 'choices must be a list of option numbers' })
  @ArrayMaxSize(LIMITS.pollOptionsMax, { message: `choices must have at most ${LIMITS.pollOptionsMax} items` })
  @IsInt({ each: true, message: 'choices must be whole numbers' })
  choices: number[];
}

export class HandMessage extends InSession {
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;
}

export class AskMessage extends InSession {
  @Transform(trim)
  @IsString({ message: 'text must be text' })
  @Length(1, LIMITS.question, { message: `text must be 1 to ${LIMITS.question} characters` })
  text: string;

  @OptionalField({ type: Boolean })
  @IsBoolean({ message: 'anonymous must be true or false' })
  anonymous?: boolean;

  @OptionalField({ enum: ANONYMOUS_AS })
  @IsIn(ANONYMOUS_AS, oneOf('anonymousAs', ANONYMOUS_AS))
  anonymousAs?: AnonymousAs;
}

export class QuestionMessage {
  @IsUUID('all', { message: 'questionId must be a UUID' })
  questionId: string;
}

export class AnsweredMessage extends QuestionMessage {
  @OptionalField({ type: Boolean, description: 'false takes the mark back (default true).' })
  @IsBoolean({ message: 'answered must be true or false' })
  answered?: boolean;

  @OptionalField({ maxLength: LIMITS.answer, description: 'The answer as plain text, shown under the question; left out keeps the one written before, empty removes it.' })
  @Transform(trim)
  @IsString({ message: 'answer must be text' })
  @MaxLength(LIMITS.answer, { message: `answer must be at most ${LIMITS.answer} characters` })
  answer?: string;
}

export class ReportMessage extends QuestionMessage {
  @OptionalField({ maxLength: LIMITS.reportReason })
  @Transform(trim)
  @IsString({ message: 'reason must be text' })
  @MaxLength(LIMITS.reportReason, { message: `reason must be at most ${LIMITS.reportReason} characters` })
  reason?: string;
}

export class HideQuestionMessage extends QuestionMessage {
  @OptionalField({ type: Boolean, description: 'false shows a hidden question again (default true).' })
  @IsBoolean({ message: 'hidden must be true or false' })
  hidden?: boolean;

  @OptionalField({ maxLength: LIMITS.hideReason, description: 'Why it was hidden: shown to the asker and the hosts.' })
  @Transform(trim)
  @IsString({ message: 'reason must be text' })
  @MaxLength(LIMITS.hideReason, { message: `reason must be at most ${LIMITS.hideReason} characters` })
  reason?: string;
}

export class TextMessage extends InSession {
  @Transform(trim)
  @IsString({ message: 'text must be text' })
  @Length(1, LIMITS.chat, { message: `text must be 1 to ${LIMITS.chat} characters` })
  text: string;
}

export class ManualAssignment {
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;

  @IsInt({ message: 'group must be a whole number' })
  group: number;
}

export class BreakoutCreateMessage extends InSession {
  @IsInt({ message: 'count must be a whole number' })
  @Min(1, { message: 'count must be at least 1' })
  @Max(LIMITS.breakoutGroupsMax, { message: `count must be at most ${LIMITS.breakoutGroupsMax}` })
  count: number;

  @IsIn(BREAKOUT_MODES, oneOf('mode', BREAKOUT_MODES))
  mode: BreakoutMode;

  @OptionalField({ type: [ManualAssignment] })
  @IsArray({ message: 'assignments must be a list' })
  @ArrayMaxSize(5000, { message: 'assignments must have at most 5000 items' })
  @IsObject({ each: true, message: 'assignments must be objects' })
  @ValidateNested({ each: true })
  @Type(() => ManualAssignment)
  assignments?: ManualAssignment[];
}

export class BreakoutStartMessage extends InSession {
  @IsInt({ message: 'minutes must be a whole number' })
  @Min(1, { message: 'minutes must be at least 1' })
  @Max(LIMITS.breakoutMinutesMax, { message: `minutes must be at most ${LIMITS.breakoutMinutesMax}` })
  minutes: number;
}

export class MoveMessage extends InSession {
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;

  @IsUUID('all', { message: 'groupId must be a UUID' })
  groupId: string;
}

export class VisitMessage extends InSession {
  @IsUUID('all', { message: 'groupId must be a UUID' })
  groupId: string;
}
