import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { oneOf, trim } from '../common/dto-transforms';
import { ChangesAtLeastOneField, OptionalField } from '../common/validation';
import { IsVisibleName } from '../common/visible-name';
import {
  LEARNING_SESSION_LIMITS as LIMITS,
  LEARNING_SESSION_STATUSES,
  RSVP_STATUSES,
  isIanaTimeZone,
  isMeetingUrl,
  type LearningSessionStatus,
  type RsvpStatus,
} from './learning-session.rules';

// ---- field checks -----------------------------------------------------------------------

/** An ISO 8601 date and time with its offset ("2026-12-01T10:00:00Z", "...+01:00"): one instant, whatever the server's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function registerCheck(name: string, validate: (value: unknown) => boolean, message: (field: string) => string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => validate(value),
        defaultMessage: (args: ValidationArguments) => message(args.property),
      },
    });
}

/** Whether the text names a real moment: JavaScript would read 30 February as 2 March, and 24:00 as the next day. */
function isRealInstant(value: string): boolean {
  const [year, month, day, hour, minute, second] = value.split(/[-T:.Z+]/).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour <= 23 && minute <= 59 && (Number.isNaN(second) || second <= 59)
  );
}

const IsInstant = () =>
  registerCheck(
    'isInstant',
    (value) => typeof value === 'string' && INSTANT.test(value) && isRealInstant(value) && !Number.isNaN(new Date(value).getTime()),
    (field) => `${field} must be a date and time with its offset, such as 2026-12-01T10:00:00Z`,
  );

const IsIanaTimeZone = () =>
  registerCheck(
    'isIanaTimeZone',
    (value) => typeof value === 'string' && isIanaTimeZone(value),
    (field) => `${field} must be an IANA time zone, such as Europe/London or America/New_York`,
  );

const IsMeetingUrl = () =>
  registerCheck('isMeetingUrl', (value) => typeof value === 'string' && isMeetingUrl(value), (field) => `${field} must be a web address starting with http:// or https://, with no spaces, line breaks or hidden characters`);

// ---- requests -----------------------------------------------------------------------------

export class AgendaItemBody {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.agendaTitle })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @Length(1, LIMITS.agendaTitle, { message: `title must be 1 to ${LIMITS.agendaTitle} characters` })
  @IsVisibleName()
  title: string;

  @ApiProperty({ minimum: LIMITS.agendaMinutesMin, maximum: LIMITS.agendaMinutesMax, description: 'How long the item takes.' })
  @IsInt({ message: 'minutes must be a whole number' })
  @Min(LIMITS.agendaMinutesMin, { message: `minutes must be at least ${LIMITS.agendaMinutesMin}` })
  @Max(LIMITS.agendaMinutesMax, { message: `minutes must be at most ${LIMITS.agendaMinutesMax}` })
  minutes: number;

  @OptionalField({ maxLength: LIMITS.presenter, description: 'Who leads it.' })
  @Transform(trim)
  @IsString({ message: 'presenter must be text' })
  @MaxLength(LIMITS.presenter, { message: `presenter must be at most ${LIMITS.presenter} characters` })
  // A person's name, shown beside the others' on the page and in calendars: held to the same rule as display names.
  @IsVisibleName()
  presenter?: string;
}

/** The fields a session is scheduled with; scheduling needs the first ones, an edit changes any. */
class SessionFieldsBody {
  @OptionalField({ type: String, nullable: true, maxLength: LIMITS.description })
  @Transform(trim)
  @IsString({ message: 'description must be text' })
  @MaxLength(LIMITS.description, { message: `description must be at most ${LIMITS.description} characters` })
  description?: string | null;

  @OptionalField({ type: String, nullable: true, maxLength: LIMITS.meetingUrl, description: 'The video call (http or https), shown to members.' })
  @Transform(trim)
  @IsString({ message: 'meetingUrl must be text' })
  @MaxLength(LIMITS.meetingUrl, { message: `meetingUrl must be at most ${LIMITS.meetingUrl} characters` })
  @IsMeetingUrl()
  meetingUrl?: string | null;

  @OptionalField({ type: Number, nullable: true, minimum: 1, maximum: LIMITS.capacity, description: 'How many people may say they are going (none: no limit).' })
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1, { message: 'capacity must be at least 1' })
  @Max(LIMITS.capacity, { message: `capacity must be at most ${LIMITS.capacity}` })
  capacity?: number | null;
}

export class CreateLearningSessionBody extends SessionFieldsBody {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.title })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @Length(1, LIMITS.title, { message: `title must be 1 to ${LIMITS.title} characters` })
  @IsVisibleName()
  title: string;

  @ApiProperty({ format: 'date-time', description: 'When it starts, with its offset.' })
  @IsString({ message: 'startsAt must be text' })
  @IsInstant()
  startsAt: string;

  @ApiProperty({ format: 'date-time', description: 'When it ends, after startsAt.' })
  @IsString({ message: 'endsAt must be text' })
  @IsInstant()
  endsAt: string;

  @ApiProperty({ maxLength: LIMITS.timeZone, description: 'The IANA time zone the session is held in (its calendar event uses it).', example: 'Europe/London' })
  @IsString({ message: 'timeZone must be text' })
  @MaxLength(LIMITS.timeZone, { message: `timeZone must be at most ${LIMITS.timeZone} characters` })
  @IsIanaTimeZone()
  timeZone: string;

  @ApiProperty({ type: [AgendaItemBody], maxItems: LIMITS.agendaItems, description: 'The plan, in order (may be empty).' })
  @IsArray({ message: 'agenda must be a list' })
  @ArrayMaxSize(LIMITS.agendaItems, { message: `agenda must have at most ${LIMITS.agendaItems} items` })
  @ValidateNested({ each: true })
  @Type(() => AgendaItemBody)
  agenda: AgendaItemBody[];
}

@ChangesAtLeastOneField()
export class UpdateLearningSessionBody extends SessionFieldsBody {
  @OptionalField({ minLength: 1, maxLength: LIMITS.title })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @Length(1, LIMITS.title, { message: `title must be 1 to ${LIMITS.title} characters` })
  @IsVisibleName()
  title?: string;

  @OptionalField({ format: 'date-time' })
  @IsString({ message: 'startsAt must be text' })
  @IsInstant()
  startsAt?: string;

  @OptionalField({ format: 'date-time' })
  @IsString({ message: 'endsAt must be text' })
  @IsInstant()
  endsAt?: string;

  @OptionalField({ maxLength: LIMITS.timeZone, example: 'Europe/London' })
  @IsString({ message: 'timeZone must be text' })
  @MaxLength(LIMITS.timeZone, { message: `timeZone must be at most ${LIMITS.timeZone} characters` })
  @IsIanaTimeZone()
  timeZone?: string;

  @OptionalField({ type: [AgendaItemBody], maxItems: LIMITS.agendaItems })
  @IsArray({ message: 'agenda must be a list' })
  @ArrayMaxSize(LIMITS.agendaItems, { message: `agenda must have at most ${LIMITS.agendaItems} items` })
  @ValidateNested({ each: true })
  @Type(() => AgendaItemBody)
  agenda?: AgendaItemBody[];
}

export class ListLearningSessionsQuery {
  @OptionalField({ enum: ['upcoming', 'past'], description: 'upcoming (soonest first, the default) or past (latest first).' })
  @IsIn(['upcoming', 'past'], oneOf('when', ['upcoming', 'past']))
  when?: 'upcoming' | 'past';

  @OptionalField({ minimum: 1, maximum: LIMITS.maxPageSize })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(LIMITS.maxPageSize, { message: `limit must be at most ${LIMITS.maxPageSize}` })
  limit?: number;

  @OptionalField({ description: 'nextCursor of the previous page.' })
  @IsString({ message: 'cursor must be a cursor this list gave out' })
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a cursor this list gave out' })
  cursor?: string;
}

export class RsvpBody {
  @ApiProperty({ enum: RSVP_STATUSES })
  @IsIn(RSVP_STATUSES, oneOf('status', RSVP_STATUSES))
  status: RsvpStatus;
}

export class CancelLearningSessionBody {
  @OptionalField({ maxLength: LIMITS.cancelReason, description: 'Why, in a sentence: the people going are told.' })
  @Transform(trim)
  @IsString({ message: 'reason must be text' })
  @MaxLength(LIMITS.cancelReason, { message: `reason must be at most ${LIMITS.cancelReason} characters` })
  reason?: string;
}

// ---- responses ----------------------------------------------------------------------------

export class AgendaItemDto {
  @ApiProperty() title: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ required: false }) presenter?: string;
}

export class LearningSessionPersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class LearningSessionAbilitiesDto {
  @ApiProperty({ description: 'Change it (coaches and admins, while it is scheduled and not over).' }) edit: boolean;
  @ApiProperty({ description: 'Cancel it (coaches and admins, while it is scheduled and not over).' }) cancel: boolean;
  @ApiProperty({ description: 'Say whether you are going (members, while it is not over or cancelled).' }) rsvp: boolean;
  @ApiProperty({ description: 'Host the live room: start it, run it and end it (coaches and admins).' }) host: boolean;
}

export class RsvpCountsDto {
  @ApiProperty() going: number;
  @ApiProperty() notGoing: number;
}

export class LearningSessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() networkName: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ example: 'Europe/London' }) timeZone: string;
  @ApiProperty({ type: String, nullable: true, description: 'The video call; null when there is none, or when it is shown only to members and you are not one.' })
  meetingUrl: string | null;
  @ApiProperty({ description: 'There is a meeting link, shown only to members of the network.' }) meetingUrlForMembersOnly: boolean;
  @ApiProperty({ type: Number, nullable: true }) capacity: number | null;
  @ApiProperty({ description: 'Every place is taken (there is a capacity and that many people are going).' }) full: boolean;
  @ApiProperty({ type: [AgendaItemDto] }) agenda: AgendaItemDto[];
  @ApiProperty({ enum: LEARNING_SESSION_STATUSES }) status: LearningSessionStatus;
  @ApiProperty({ description: 'Over: ended by its coach, or past its end time.' }) past: boolean;
  @ApiProperty({ description: 'How many times it was changed (its calendar event’s SEQUENCE).' }) sequence: number;
  @ApiProperty({ type: LearningSessionPersonDto, nullable: true, description: 'Who scheduled it (null when their account is gone).' }) createdBy: LearningSessionPersonDto | null;
  @ApiProperty({ type: RsvpCountsDto }) rsvps: RsvpCountsDto;
  @ApiProperty({ enum: RSVP_STATUSES, nullable: true, description: 'Your answer, or null.' }) myRsvp: RsvpStatus | null;
  @ApiProperty({ description: 'Its summary is published: a page of the network at …/learning-sessions/:id/summary.' }) summaryPublished: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: LearningSessionAbilitiesDto }) can: LearningSessionAbilitiesDto;
}

export class LearningSessionListAbilitiesDto {
  @ApiProperty({ description: 'Schedule a session (coaches and admins).' }) schedule: boolean;
}

export class LearningSessionPageDto {
  @ApiProperty({ type: [LearningSessionDto] }) items: LearningSessionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ type: LearningSessionListAbilitiesDto }) can: LearningSessionListAbilitiesDto;
}

export class CalendarFeedDto {
  @ApiProperty({ description: 'You have a private calendar address.' }) active: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the current address was made.' }) createdAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The address to subscribe to. Given only when it is made: it is stored so that nobody, not even Knotwork, can read it back.',
  })
  url: string | null;
}
