import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { oneOf, trim } from '../common/dto-transforms';
import { ChangesAtLeastOneField, OptionalField } from '../common/validation';
import { SUMMARY_LIMITS as LIMITS, SUMMARY_SECTIONS, type SummarySection } from './session-summary.rules';

export class SummaryAnswerBody {
  @ApiProperty({ format: 'uuid', description: 'A question of the summary.' })
  @IsUUID('all', { message: 'questionId must be an id' })
  questionId: string;

  @ApiProperty({ maxLength: LIMITS.answer, description: 'The answer, as plain text; empty removes it.' })
  @Transform(trim)
  @IsString({ message: 'answer must be text' })
  @MaxLength(LIMITS.answer, { message: `answer must be at most ${LIMITS.answer} characters` })
  answer: string;
}

/** The coach's review: their own words and which sections to leave out. Each field given replaces what was there. */
@ChangesAtLeastOneField()
export class UpdateSummaryBody {
  @OptionalField({ maxLength: LIMITS.introduction, description: 'A few words to open the summary (Markdown).' })
  @IsString({ message: 'introduction must be text' })
  @MaxLength(LIMITS.introduction, { message: `introduction must be at most ${LIMITS.introduction} characters` })
  introduction?: string;

  @OptionalField({ type: [String], maxItems: LIMITS.keyPoints, description: 'What to take away, one point each.' })
  @IsArray({ message: 'keyPoints must be a list' })
  @ArrayMaxSize(LIMITS.keyPoints, { message: `keyPoints must have at most ${LIMITS.keyPoints} points` })
  @IsString({ each: true, message: 'keyPoints must be a list of text' })
  @MaxLength(LIMITS.keyPoint, { each: true, message: `keyPoints must each be at most ${LIMITS.keyPoint} characters` })
  keyPoints?: string[];

  @OptionalField({ type: [SummaryAnswerBody], maxItems: LIMITS.answers, description: 'Answers to questions asked in the room; others stay as they are.' })
  @IsArray({ message: 'answers must be a list' })
  @ArrayMaxSize(LIMITS.answers, { message: `answers must have at most ${LIMITS.answers} items` })
  @ValidateNested({ each: true })
  @Type(() => SummaryAnswerBody)
  answers?: SummaryAnswerBody[];

  @OptionalField({ enum: SUMMARY_SECTIONS, isArray: true, description: 'The sections to leave out.' })
  @IsArray({ message: 'hiddenSections must be a list' })
  @ArrayMaxSize(SUMMARY_SECTIONS.length, { message: `hiddenSections must have at most ${SUMMARY_SECTIONS.length} items` })
  @IsIn(SUMMARY_SECTIONS, { each: true, message: `hiddenSections must name only these sections: ${SUMMARY_SECTIONS.join(', ')}` })
  hiddenSections?: SummarySection[];

  @OptionalField({ description: 'true: assemble the session again from its notes and room (notes written since the end come in); your words are kept.' })
  @IsBoolean({ message: 'reassemble must be true or false' })
  reassemble?: boolean;
}

class SummaryAgendaItemDto {
  @ApiProperty() title: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ required: false }) presenter?: string;
}

class SummaryBreakoutDto {
  @ApiProperty() groupId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Markdown.' }) notes: string;
  @ApiProperty({ description: 'The notes as safe HTML.' }) notesHtml: string;
}

class SummaryQuestionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'The asker\'s name, or for an anonymous question only the label the room showed ("a member of …").' }) askedBy: string;
  @ApiProperty() anonymous: boolean;
  @ApiProperty() votes: number;
  @ApiProperty() answeredInRoom: boolean;
  @ApiProperty({ description: "The answer (Markdown): the coach's, which wins, else the one the hosts wrote in the room; empty when none." }) answer: string;
  @ApiProperty({ description: 'The answer as safe HTML.' }) answerHtml: string;
}

class SummaryPollDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() question: string;
  @ApiProperty({ type: [String] }) options: string[];
  @ApiProperty() multiple: boolean;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ type: [Number], nullable: true, description: 'Per option; null when the results were never known.' }) counts: number[] | null;
  @ApiProperty({ description: 'People who voted.' }) voters: number;
}

class SummaryTeamDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: people without a team.' }) teamName: string | null;
  @ApiProperty() people: number;
  @ApiProperty() minutes: number;
}

class SummaryAttendanceDto {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Minutes in the room, everyone together.' }) minutes: number;
  @ApiProperty({ type: [SummaryTeamDto] }) byTeam: SummaryTeamDto[];
}

class SummaryThreadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() postCount: number;
}

export class SummaryAbilitiesDto {
  @ApiProperty() edit: boolean;
  @ApiProperty() publish: boolean;
  @ApiProperty() export: boolean;
  @ApiProperty() discuss: boolean;
}

export class SessionSummaryDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() title: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({
    enum: ['in_progress', 'draft', 'published'],
    description: 'in_progress: the session has not ended and this is what it has produced so far (nothing is kept); draft: for hosts to review; published: a page of the network.',
  })
  status: 'in_progress' | 'draft' | 'published';
  @ApiProperty({ description: 'Markdown.' }) introduction: string;
  @ApiProperty({ description: 'The introduction as safe HTML.' }) introductionHtml: string;
  @ApiProperty({ type: [String] }) keyPoints: string[];
  @ApiProperty({ enum: SUMMARY_SECTIONS, isArray: true }) hiddenSections: SummarySection[];
  @ApiProperty({ type: [SummaryAgendaItemDto] }) agenda: SummaryAgendaItemDto[];
  @ApiProperty({ description: 'Markdown.' }) notes: string;
  @ApiProperty({ description: 'The notes as safe HTML.' }) notesHtml: string;
  @ApiProperty({ type: [SummaryBreakoutDto] }) breakouts: SummaryBreakoutDto[];
  @ApiProperty({ type: [SummaryQuestionDto] }) questions: SummaryQuestionDto[];
  @ApiProperty({ type: [SummaryPollDto] }) polls: SummaryPollDto[];
  @ApiProperty({ type: SummaryAttendanceDto }) attendance: SummaryAttendanceDto;
  @ApiProperty({ type: String, nullable: true }) assembledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: SummaryThreadDto, nullable: true, description: 'The follow-up thread, when there is one.' }) thread: SummaryThreadDto | null;
  @ApiProperty({ type: SummaryAbilitiesDto, description: 'What the caller may do: hosts edit, publish and export; members and up start the follow-up thread.' })
  can: SummaryAbilitiesDto;
}

export class SessionThreadDto {
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
}
