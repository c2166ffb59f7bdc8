import { BARRIER_STATUSES, type BarrierStatus } from './barrier.rules';
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { oneOf, trim } from '../common/dto-transforms';
import { ChangesAtLeastOneField, OptionalField } from '../common/validation';
import { IsVisibleName } from '../common/visible-name';
import { ANONYMOUS_AS, type AnonymousAs } from '../discussions/discussion.rules';
import { AUTHOR_SCHEMA, AnonymousAuthorDto, UserAuthorDto, type AuthorDto } from '../discussions/discussions.dto';
import { BARRIER_KINDS, LESSON_LIMITS, LESSON_STATUSES, OUTCOMES, type BarrierKind, type LessonStatus, type Outcome } from './lesson.rules';

// ---- requests -----------------------------------------------------------------------------

/** A long text of the story; a draft may leave it empty, publishing needs it (see LessonsService). */
const storyText = (field: string, description: string) => [
  Transform(trim),
  IsString({ message: `${field} must be text` }),
  MaxLength(LESSON_LIMITS.text, { message: `${field} must be at most ${LESSON_LIMITS.text} characters` }),
  OptionalField({ maxLength: LESSON_LIMITS.text, description }),
];
const applyAll = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((decorator) => decorator(target, key));

export class LessonContextBody {
  @OptionalField({ maxLength: LESSON_LIMITS.setting, description: 'Where it was tried: general practice, emergency department, care home, ...' })
  @Transform(trim)
  @IsString({ message: 'setting must be text' })
  @MaxLength(LESSON_LIMITS.setting, { message: `setting must be at most ${LESSON_LIMITS.setting} characters` })
  setting?: string;

  @OptionalField({ type: String, maxLength: LESSON_LIMITS.population, nullable: true, description: 'Who it was for.' })
  @Transform(trim)
  @IsString({ message: 'population must be text' })
  @MaxLength(LESSON_LIMITS.population, { message: `population must be at most ${LESSON_LIMITS.population} characters` })
  population?: string | null;
}

export class BarrierBody {
  @ApiProperty({ minLength: 1, maxLength: LESSON_LIMITS.barrier })
  @Transform(trim)
  @IsString({ message: 'description must be text' })
  @Length(1, LESSON_LIMITS.barrier, { message: `description must be 1 to ${LESSON_LIMITS.barrier} characters` })
  description: string;

  @ApiProperty({ enum: BARRIER_KINDS, description: 'local: the team could remove it; systemic: it needs someone higher up (it goes to the barrier register).' })
  @IsIn(BARRIER_KINDS, oneOf('kind', BARRIER_KINDS))
  kind: BarrierKind;
}

/** The fields a lesson is written with; creating and changing share them. */
class LessonFieldsBody {
  @OptionalField({ maxLength: LESSON_LIMITS.title })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @MaxLength(LESSON_LIMITS.title, { message: `title must be at most ${LESSON_LIMITS.title} characters` })
  @IsVisibleName()
  title?: string;

  @OptionalField({ type: LessonContextBody })
  @IsObject({ message: 'context must be an object' })
  @ValidateNested()
  @Type(() => LessonContextBody)
  context?: LessonContextBody;

  @applyAll(storyText('tried', 'What was tried.')) tried?: string;
  @applyAll(storyText('happened', 'What happened.')) happened?: string;
  @applyAll(storyText('why', 'Why it went that way: what you would tell a team about to try this.')) why?: string;

  @OptionalField({ enum: OUTCOMES, nullable: true })
  @IsIn(OUTCOMES, oneOf('outcome', OUTCOMES))
  outcome?: Outcome | null;

  @OptionalField({ type: [BarrierBody], maxItems: LESSON_LIMITS.barriers })
  @IsArray({ message: 'barriers must be a list' })
  @ArrayMaxSize(LESSON_LIMITS.barriers, { message: `barriers must have at most ${LESSON_LIMITS.barriers} items` })
  @IsObject({ each: true, message: 'barriers must each be an object' })
  @ValidateNested({ each: true })
  @Type(() => BarrierBody)
  barriers?: BarrierBody[];

  @OptionalField({ type: [String], maxItems: LESSON_LIMITS.tags })
  @IsArray({ message: 'tags must be a list' })
  @ArrayMaxSize(LESSON_LIMITS.tags, { message: `tags must have at most ${LESSON_LIMITS.tags} items` })
  @IsString({ each: true, message: 'tags must be text' })
  @Length(1, LESSON_LIMITS.tag, { each: true, message: `tags must each be 1 to ${LESSON_LIMITS.tag} characters` })
  @IsVisibleName({ each: true })
  tags?: string[];

  @OptionalField({ type: [String], maxItems: LESSON_LIMITS.changeIdeas, description: "Change ideas of this network's change packages that were tried (their ids inside the package)." })
  @IsArray({ message: 'changeIdeaIds must be a list' })
  @ArrayMaxSize(LESSON_LIMITS.changeIdeas, { message: `changeIdeaIds must have at most ${LESSON_LIMITS.changeIdeas} items` })
  @IsUUID('all', { each: true, message: 'changeIdeaIds must each be a change idea id' })
  changeIdeaIds?: string[];

  @OptionalField({ type: String, format: 'uuid', nullable: true, description: "The team the lesson is filed under (null: no team). Members may choose only their own team; coaches and admins any team of the network. When left out of a new lesson: the writer's team." })
  @IsUUID('all', { message: 'teamId must be a team id' })
  teamId?: string | null;

  @OptionalField({ description: "Share it so that peers do not see who wrote it (when the network's admins allow it; fixed once published); admins can still see, and every look is recorded." })
  @IsBoolean({ message: 'anonymous must be true or false' })
  anonymous?: boolean;

  @OptionalField({ enum: ANONYMOUS_AS, description: 'How an anonymous writer is shown: "a member of <team>" (team) or "a member".' })
  @IsIn(ANONYMOUS_AS, oneOf('anonymousAs', ANONYMOUS_AS))
  anonymousAs?: AnonymousAs;

  @OptionalField({ enum: LESSON_STATUSES, description: 'A draft is seen only by its writer; publishing shares it with the network.' })
  @IsIn(LESSON_STATUSES, oneOf('status', LESSON_STATUSES))
  status?: LessonStatus;
}

export class CreateLessonBody extends LessonFieldsBody {}

@ChangesAtLeastOneField()
export class UpdateLessonBody extends LessonFieldsBody {}

export class ListLessonsQuery {
  @OptionalField({ enum: OUTCOMES })
  @IsIn(OUTCOMES, oneOf('outcome', OUTCOMES))
  outcome?: Outcome;

  @OptionalField({ maxLength: LESSON_LIMITS.setting })
  @Transform(trim)
  @IsString({ message: 'setting must be text' })
  @MaxLength(LESSON_LIMITS.setting, { message: `setting must be at most ${LESSON_LIMITS.setting} characters` })
  setting?: string;

  @OptionalField({ maxLength: LESSON_LIMITS.tag })
  @IsString({ message: 'tag must be text' })
  @MaxLength(LESSON_LIMITS.tag, { message: `tag must be at most ${LESSON_LIMITS.tag} characters` })
  tag?: string;

  @OptionalField({ format: 'uuid' })
  @IsUUID('all', { message: 'team must be a team id' })
  team?: string;

  @OptionalField({ enum: LESSON_STATUSES, description: "published (the default): the network's lessons; draft: the caller's own drafts." })
  @IsIn(LESSON_STATUSES, oneOf('status', LESSON_STATUSES))
  status?: LessonStatus;

  @OptionalField({ description: 'nextCursor of the previous page.' })
  @IsUUID('all', { message: 'cursor must be a cursor this list gave out' })
  cursor?: string;

  @OptionalField({ minimum: 1, maximum: LESSON_LIMITS.maxPageSize })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(LESSON_LIMITS.maxPageSize, { message: `limit must be at most ${LESSON_LIMITS.maxPageSize}` })
  limit?: number;
}

// ---- answers ------------------------------------------------------------------------------

export class LessonContextDto {
  @ApiProperty() setting: string;
  @ApiProperty({ type: String, nullable: true }) population: string | null;
}

export class LessonBarrierDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: BARRIER_KINDS }) kind: BarrierKind;
  @ApiProperty({
    enum: BARRIER_STATUSES,
    nullable: true,
    type: String,
    description: "A systemic barrier of a published lesson: the latest answer's status in the barrier register, or open. Null otherwise.",
  })
  status: BarrierStatus | null;
}

export class LessonChangeIdeaDto {
  @ApiProperty({ format: 'uuid' }) packageId: string;
  @ApiProperty() ideaId: string;
  @ApiProperty({ description: 'The idea\'s title when it was linked.' }) title: string;
}

export class LessonCanDto {
  @ApiProperty() edit: boolean;
  @ApiProperty() delete: boolean;
  @ApiProperty() reveal: boolean;
  @ApiProperty({ description: 'Start a thread about it (a published lesson, for those who may write in its network).' }) discuss: boolean;
}

@ApiExtraModels(UserAuthorDto, AnonymousAuthorDto)
export class LessonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null when there is none, or when naming it would point at an anonymous writer.' }) teamId: string | null;
  @ApiProperty({ type: String, nullable: true }) teamName: string | null;
  @ApiProperty(AUTHOR_SCHEMA) author: AuthorDto;
  @ApiProperty({ description: 'True only for the writer (also of their anonymous lessons).' }) mine: boolean;
  @ApiProperty() anonymous: boolean;
  @ApiProperty() title: string;
  @ApiProperty({ type: LessonContextDto }) context: LessonContextDto;
  @ApiProperty() tried: string;
  @ApiProperty() happened: string;
  @ApiProperty({ enum: OUTCOMES, nullable: true, type: String, description: 'Null only on a draft.' }) outcome: Outcome | null;
  @ApiProperty() why: string;
  @ApiProperty({ type: [LessonBarrierDto] }) barriers: LessonBarrierDto[];
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: [LessonChangeIdeaDto] }) changeIdeas: LessonChangeIdeaDto[];
  @ApiProperty({ enum: LESSON_STATUSES }) status: LessonStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: LessonCanDto }) can: LessonCanDto;
}

export class LessonPageDto {
  @ApiProperty({ type: [LessonDto] }) items: LessonDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ description: 'Whether the caller may write a lesson here.' }) canWrite: boolean;
}

export class LinkedLessonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: OUTCOMES }) outcome: Outcome;
}

@ApiExtraModels(LinkedLessonDto)
export class IdeaLessonsDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { $ref: getSchemaPath(LinkedLessonDto) } }, description: 'Published lessons that tried each idea, by idea id, newest first.' })
  ideas: Record<string, LinkedLessonDto[]>;
}

export class LessonTeamChoiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class LessonIdeaChoiceDto {
  @ApiProperty({ format: 'uuid' }) packageId: string;
  @ApiProperty() packageTitle: string;
  @ApiProperty() ideaId: string;
  @ApiProperty() title: string;
}

export class LessonChoicesDto {
  @ApiProperty({ type: [LessonTeamChoiceDto], description: 'The teams the caller may file a lesson under (besides no team).' })
  teams: LessonTeamChoiceDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The caller's own team in the network: a new lesson's team unless another is chosen." })
  ownTeamId: string | null;
  @ApiProperty({ type: [LessonIdeaChoiceDto], description: "The change ideas of the network's change packages, which a lesson may say it tried." })
  changeIdeas: LessonIdeaChoiceDto[];
}

export class LessonRevealDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) teamName: string | null;
}
