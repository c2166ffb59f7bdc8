import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { oneOf, trim } from '../common/dto-transforms';
import { ChangesAtLeastOneField, OptionalField } from '../common/validation';
import { IsVisibleName } from '../common/visible-name';
import { ANONYMOUS_AS, LIMITS, REACTIONS, SUBJECT_TYPES, type AnonymousAs, type Reaction, type Removal, type SubjectType } from './discussion.rules';

/** Text that must say something: not empty, not only spaces. */
const SAYS_SOMETHING = /\S/;

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

// ---- requests -----------------------------------------------------------------------------

export class SubjectBody {
  @ApiProperty({ enum: SUBJECT_TYPES })
  @IsIn(SUBJECT_TYPES, oneOf('type', SUBJECT_TYPES))
  type: SubjectType;

  @ApiProperty({ format: 'uuid', description: 'The change package, the change idea (its id inside the package), the published lesson or the learning session.' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @OptionalField({ format: 'uuid', description: 'For a change idea: the change package it belongs to.' })
  @IsUUID('all', { message: 'packageId must be a UUID' })
  packageId?: string;
}

export class CreateThreadBody {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.title })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @Length(1, LIMITS.title, { message: `title must be 1 to ${LIMITS.title} characters` })
  @IsVisibleName()
  title: string;

  @ApiProperty({ minLength: 1, maxLength: LIMITS.body, description: 'Markdown.' })
  @IsString({ message: 'body must be text' })
  @Length(1, LIMITS.body, { message: `body must be 1 to ${LIMITS.body} characters` })
  @Matches(SAYS_SOMETHING, { message: 'body must not be empty' })
  body: string;

  @OptionalField({ description: "Post so that peers do not see who wrote it (when the network's admins allow it)." })
  @IsBoolean({ message: 'anonymous must be true or false' })
  anonymous?: boolean;

  @OptionalField({ enum: ANONYMOUS_AS, description: 'How an anonymous writer is shown: "a member of <team>" (team) or "a member".' })
  @IsIn(ANONYMOUS_AS, oneOf('anonymousAs', ANONYMOUS_AS))
  anonymousAs?: AnonymousAs;

  @OptionalField({ type: SubjectBody, nullable: true })
  @IsObject({ message: 'subject must be an object' })
  @ValidateNested()
  @Type(() => SubjectBody)
  subject?: SubjectBody | null;

  @OptionalField({ type: [String], maxItems: LIMITS.tags })
  @IsArray({ message: 'tags must be a list' })
  @ArrayMaxSize(LIMITS.tags, { message: `tags must have at most ${LIMITS.tags} items` })
  @IsString({ each: true, message: 'tags must be text' })
  @Length(1, LIMITS.tag, { each: true, message: `tags must each be 1 to ${LIMITS.tag} characters` })
  @IsVisibleName({ each: true })
  tags?: string[];
}

export class ListThreadsQuery {
  @OptionalField({ enum: ['activity', 'newest'], description: 'Latest activity first (pinned on top), or newest first.' })
  @IsIn(['activity', 'newest'], oneOf('sort', ['activity', 'newest']))
  sort?: 'activity' | 'newest';

  @OptionalField({ enum: SUBJECT_TYPES })
  @IsIn(SUBJECT_TYPES, oneOf('subjectType', SUBJECT_TYPES))
  subjectType?: SubjectType;

  @OptionalField({ format: 'uuid' })
  @IsUUID('all', { message: 'subjectId must be a UUID' })
  subjectId?: string;

  @OptionalField({ maxLength: LIMITS.tag })
  @IsString({ message: 'tag must be text' })
  @MaxLength(LIMITS.tag, { message: `tag must be at most ${LIMITS.tag} characters` })
  tag?: string;

  @OptionalField({ description: 'Only discussions with posts the caller has not read.' })
  @Transform(toBoolean)
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;

  @OptionalField({ description: 'nextCursor of the previous page.' })
  @IsUUID('all', { message: 'cursor must be a cursor this list gave out' })
  cursor?: string;

  @OptionalField({ minimum: 1, maximum: LIMITS.maxPageSize })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(LIMITS.maxPageSize, { message: `limit must be at most ${LIMITS.maxPageSize}` })
  limit?: number;
}

@ChangesAtLeastOneField()
export class UpdateThreadBody {
  @OptionalField({ minLength: 1, maxLength: LIMITS.title })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @Length(1, LIMITS.title, { message: `title must be 1 to ${LIMITS.title} characters` })
  @IsVisibleName()
  title?: string;

  @OptionalField({ type: [String], maxItems: LIMITS.tags })
  @IsArray({ message: 'tags must be a list' })
  @ArrayMaxSize(LIMITS.tags, { message: `tags must have at most ${LIMITS.tags} items` })
  @IsString({ each: true, message: 'tags must be text' })
  @Length(1, LIMITS.tag, { each: true, message: `tags must each be 1 to ${LIMITS.tag} characters` })
  @IsVisibleName({ each: true })
  tags?: string[];

  @OptionalField({ description: 'Moderators: keep it at the top of the list.' })
  @IsBoolean({ message: 'pinned must be true or false' })
  pinned?: boolean;

  @OptionalField({ description: 'Moderators: take no more posts.' })
  @IsBoolean({ message: 'locked must be true or false' })
  locked?: boolean;

  @OptionalField({ format: 'uuid', description: 'Moderators: move it to another network where they also moderate.' })
  @IsUUID('all', { message: 'networkId must be a UUID' })
  networkId?: string;
}

export class CreatePostBody {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.body, description: 'Markdown.' })
  @IsString({ message: 'body must be text' })
  @Length(1, LIMITS.body, { message: `body must be 1 to ${LIMITS.body} characters` })
  @Matches(SAYS_SOMETHING, { message: 'body must not be empty' })
  body: string;

  @OptionalField({ type: String, format: 'uuid', nullable: true, description: 'A top-level post of this discussion that this replies to.' })
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string | null;

  @OptionalField()
  @IsBoolean({ message: 'anonymous must be true or false' })
  anonymous?: boolean;

  @OptionalField({ enum: ANONYMOUS_AS })
  @IsIn(ANONYMOUS_AS, oneOf('anonymousAs', ANONYMOUS_AS))
  anonymousAs?: AnonymousAs;
}

const SEQ_FIELD = (name: string, description: string) => [
  OptionalField({ minimum: 0, description }),
  Type(() => Number),
  IsInt({ message: `${name} must be a whole number` }),
  Min(0, { message: `${name} must be at least 0` }),
  Max(2_000_000_000, { message: `${name} must be at most 2000000000` }),
];
const applyAll = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((decorator) => decorator(target, key));

export class ListPostsQuery {
  @applyAll(SEQ_FIELD('after', 'Posts after this seq, oldest first.')) after?: number;
  @applyAll(SEQ_FIELD('before', 'Posts before this seq.')) before?: number;
  @applyAll(SEQ_FIELD('around', 'Posts around this seq (it included).')) around?: number;

  @OptionalField({ enum: ['first-unread'], description: "Open at the caller's first unread post (or the last page when all are read)." })
  @IsIn(['first-unread'], oneOf('from', ['first-unread']))
  from?: 'first-unread';

  @OptionalField({ minimum: 1, maximum: LIMITS.maxPageSize })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(LIMITS.maxPageSize, { message: `limit must be at most ${LIMITS.maxPageSize}` })
  limit?: number;
}

export class UpdatePostBody {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.body })
  @IsString({ message: 'body must be text' })
  @Length(1, LIMITS.body, { message: `body must be 1 to ${LIMITS.body} characters` })
  @Matches(SAYS_SOMETHING, { message: 'body must not be empty' })
  body: string;
}

export class ReasonBody {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.reason })
  @Transform(trim)
  @IsString({ message: 'reason must be text' })
  @Length(1, LIMITS.reason, { message: `reason must be 1 to ${LIMITS.reason} characters` })
  reason: string;
}

export class ResolveReportBody {
  @ApiProperty({ enum: ['dismiss', 'hide'] })
  @IsIn(['dismiss', 'hide'], oneOf('action', ['dismiss', 'hide']))
  action: 'dismiss' | 'hide';

  @OptionalField({ maxLength: LIMITS.reason, description: 'Why the post is hidden (shown with it); the report\'s reason when not given.' })
  @Transform(trim)
  @IsString({ message: 'reason must be text' })
  @Length(1, LIMITS.reason, { message: `reason must be 1 to ${LIMITS.reason} characters` })
  reason?: string;
}

export class MarkThreadReadBody {
  @ApiProperty({ minimum: 0 })
  @IsInt({ message: 'seq must be a whole number' })
  @Min(0, { message: 'seq must be at least 0' })
  @Max(2_000_000_000, { message: 'seq must be at most 2000000000' })
  seq: number;
}

export class MentionableQuery {
  @OptionalField({ maxLength: 100, description: 'The start of a name.' })
  @Transform(trim)
  @IsString({ message: 'q must be text' })
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;
}

// ---- answers ------------------------------------------------------------------------------

export class UserAuthorDto {
  @ApiProperty({ enum: ['user'] }) kind: 'user';
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) teamName: string | null;
}

export class AnonymousAuthorDto {
  @ApiProperty({ enum: ['anonymous'] }) kind: 'anonymous';
  @ApiProperty({ description: '"a member of <team>" or "a member".' }) label: string;
}

export type AuthorDto = UserAuthorDto | AnonymousAuthorDto;

export const AUTHOR_SCHEMA = { oneOf: [{ $ref: getSchemaPath(UserAuthorDto) }, { $ref: getSchemaPath(AnonymousAuthorDto) }] };

export class ReactionCountDto {
  @ApiProperty({ enum: REACTIONS }) reaction: Reaction;
  @ApiProperty() count: number;
  @ApiProperty() mine: boolean;
}

export class PostCanDto {
  @ApiProperty() edit: boolean;
  @ApiProperty() delete: boolean;
  @ApiProperty() hide: boolean;
  @ApiProperty() react: boolean;
  @ApiProperty() reply: boolean;
  @ApiProperty() report: boolean;
  @ApiProperty() reveal: boolean;
}

export class HiddenDto {
  @ApiProperty() reason: string;
}

@ApiExtraModels(UserAuthorDto, AnonymousAuthorDto)
export class PostDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty() seq: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty(AUTHOR_SCHEMA) author: AuthorDto;
  @ApiProperty({ description: 'True only for the writer (also of their anonymous posts).' }) mine: boolean;
  @ApiProperty({ description: "Markdown; '' when removed, or hidden from the caller." }) bodySource: string;
  @ApiProperty({ description: "Sanitised HTML; '' when removed, or hidden from the caller." }) bodyHtml: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editedAt: string | null;
  @ApiProperty() revisionCount: number;
  @ApiProperty({ enum: ['author', 'moderator'], nullable: true, type: String }) removed: Removal | null;
  @ApiProperty({ type: HiddenDto, nullable: true }) hidden: HiddenDto | null;
  @ApiProperty({ type: [ReactionCountDto] }) reactions: ReactionCountDto[];
  @ApiProperty({ type: PostCanDto }) can: PostCanDto;
  @ApiProperty({ required: false, description: 'On live payloads: the thread event this came with.' }) eventId?: number;
}

export class SubjectDto {
  @ApiProperty({ enum: SUBJECT_TYPES }) type: SubjectType;
  @ApiProperty({ description: 'The change package, the change idea (its id inside the package) or the lesson.' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The change package (of a package or an idea); null for a lesson.' }) packageId: string | null;
  @ApiProperty({ description: "Its title. For a lesson, this is all the thread shows of it: never who wrote it." }) title: string;
}

export class ThreadCanDto {
  @ApiProperty() reply: boolean;
  @ApiProperty() edit: boolean;
  @ApiProperty() moderate: boolean;
  @ApiProperty() reveal: boolean;
  @ApiProperty() move: boolean;
}

@ApiExtraModels(UserAuthorDto, AnonymousAuthorDto)
export class ThreadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() title: string;
  @ApiProperty(AUTHOR_SCHEMA) author: AuthorDto;
  @ApiProperty() mine: boolean;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: SubjectDto, nullable: true }) subject: SubjectDto | null;
  @ApiProperty() pinned: boolean;
  @ApiProperty() locked: boolean;
  @ApiProperty() postCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastActivityAt: string;
  @ApiProperty() unreadCount: number;
  @ApiProperty({ type: Number, nullable: true }) firstUnreadSeq: number | null;
  @ApiProperty() lastReadSeq: number;
  @ApiProperty({ enum: ['watching', 'normal', 'muted'] }) notificationLevel: 'watching' | 'normal' | 'muted';
  @ApiProperty({ type: ThreadCanDto }) can: ThreadCanDto;
  @ApiProperty({ description: 'The latest event of this discussion (for live catch-up).' }) lastEventId: number;
}

export class CreatedThreadDto extends ThreadDto {
  @ApiProperty({ type: PostDto }) firstPost: PostDto;
}

export class ThreadPageDto {
  @ApiProperty({ type: [ThreadDto] }) items: ThreadDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class PostPageDto {
  @ApiProperty({ type: [PostDto] }) items: PostDto[];
  @ApiProperty() hasBefore: boolean;
  @ApiProperty() hasAfter: boolean;
  @ApiProperty({ type: Number, nullable: true }) firstUnreadSeq: number | null;
}

export class RevisionDto {
  @ApiProperty() revision: number;
  @ApiProperty() bodyHtml: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RevisionListDto {
  @ApiProperty({ type: [RevisionDto], description: 'Every version, oldest first; the last is the current text.' }) items: RevisionDto[];
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) teamName: string | null;
}

export class PersonListDto {
  @ApiProperty({ type: [PersonDto] }) items: PersonDto[];
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: PersonDto }) reporter: PersonDto;
  @ApiProperty({ type: PostDto, description: 'The post as its moderator sees it (an anonymous author stays anonymous).' }) post: PostDto;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty() threadTitle: string;
}

export class ReportListDto {
  @ApiProperty({ type: [ReportDto] }) items: ReportDto[];
}

export class ModerationSummaryDto {
  @ApiProperty() openReports: number;
}

export class RevealDto {
  @ApiProperty({ type: PersonDto }) author: PersonDto;
}

export class RevealRecordDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The post, when a post\'s writer was revealed.' }) postId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) threadId: string | null;
  @ApiProperty({ type: String, nullable: true }) threadTitle: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The lesson, when a lesson\'s writer was revealed.' }) lessonId: string | null;
  @ApiProperty({ type: String, nullable: true }) lessonTitle: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The question, when the asker of an anonymous question in a learning session was revealed.' }) questionId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The learning session the question was asked in.' }) sessionId: string | null;
  @ApiProperty({ type: String, nullable: true }) sessionTitle: string | null;
  @ApiProperty({ type: PersonDto, description: 'The admin who revealed.' }) revealedBy: PersonDto;
  @ApiProperty({ type: PersonDto, description: 'Whose post it was.' }) author: PersonDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RevealListDto {
  @ApiProperty({ type: [RevealRecordDto] }) items: RevealRecordDto[];
}

export class DiscussionCountsDto {
  @ApiProperty({ description: 'Discussions about the package as a whole.' }) package: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Discussions about each idea, by idea id.' })
  ideas: Record<string, number>;
}
