import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { oneOf } from '../common/dto-transforms';
import { OptionalField } from '../common/validation';
import { EMAIL_CHOICES, NOTIFICATION_KINDS, NOTIFICATION_LEVELS, type EmailChoice, type NotificationKind, type NotificationLevel } from './notification.rules';
import type { NotificationRow } from './notifications.repository';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() networkName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) threadId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) postId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'A short plain-text extract; may be empty.' }) excerpt: string;
  @ApiProperty({ description: 'Who did it, as the reader may know them ("a member of Ward 4" for an anonymous post).' }) actorLabel: string;
  @ApiProperty({ description: 'Where it happened: a path in the web app.' }) url: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
}

export function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    networkId: row.networkId,
    networkName: row.networkName,
    threadId: row.threadId,
    postId: row.postId,
    title: row.title,
    excerpt: row.excerpt,
    actorLabel: row.actorLabel,
    url: row.url,
    createdAt: new Date(row.createdAt).toISOString(),
    readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
  };
}

export class ListNotificationsQuery {
  @OptionalField({ description: 'The nextCursor of the previous page.' })
  @IsString({ message: 'cursor must be text' })
  @MaxLength(200, { message: 'cursor must be at most 200 characters' })
  cursor?: string;

  @OptionalField({ description: 'true: only unread notifications.' })
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;

  @OptionalField({ minimum: 1, maximum: 50, description: 'At most this many (20 when not given).' })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(50, { message: 'limit must be at most 50' })
  limit?: number;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next (older) page; null at the end.' }) nextCursor: string | null;
  @ApiProperty() unreadCount: number;
}

export class UnreadCountDto {
  @ApiProperty() unreadCount: number;
}

export class MarkNotificationsReadBody {
  @OptionalField({ type: [String], format: 'uuid', description: 'These notifications (of the caller; others are ignored).' })
  @IsArray({ message: 'ids must be a list of notification ids' })
  @ArrayMinSize(1, { message: 'ids must name at least one notification' })
  @ArrayMaxSize(200, { message: 'ids must name at most 200 notifications' })
  @IsUUID('all', { each: true, message: 'ids must be notification ids (UUIDs)' })
  ids?: string[];

  @OptionalField({ enum: [true], description: 'true: every notification of the caller.' })
  @Equals(true, { message: 'all must be true when given' })
  all?: true;
}

export class NetworkLevelDto {
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: NOTIFICATION_LEVELS }) level: NotificationLevel;
}

export class NotificationPreferencesDto {
  @ApiProperty({ enum: EMAIL_CHOICES, description: 'immediately: one mail a few minutes after something happens, leaving out what you read meanwhile; daily: one summary a day; never.' })
  email: EmailChoice;
  @ApiProperty({ type: [NetworkLevelDto], description: 'Every network the caller belongs to.' }) networks: NetworkLevelDto[];
}

export class NetworkLevelChange {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'networkId must be a UUID' })
  networkId: string;

  @ApiProperty({ enum: NOTIFICATION_LEVELS })
  @IsIn(NOTIFICATION_LEVELS, oneOf('level', NOTIFICATION_LEVELS))
  level: NotificationLevel;
}

export class UpdatePreferencesBody {
  @OptionalField({ enum: EMAIL_CHOICES })
  @IsIn(EMAIL_CHOICES, oneOf('email', EMAIL_CHOICES))
  email?: EmailChoice;

  @OptionalField({ type: [NetworkLevelChange], description: 'Levels to change; networks not listed keep theirs. Only networks the caller belongs to.' })
  @IsArray({ message: 'networks must be a list' })
  @ArrayMaxSize(500, { message: 'networks must list at most 500 networks' })
  @ValidateNested({ each: true })
  @Type(() => NetworkLevelChange)
  networks?: NetworkLevelChange[];
}

export class SetLevelBody {
  @ApiProperty({ enum: NOTIFICATION_LEVELS })
  @IsIn(NOTIFICATION_LEVELS, oneOf('level', NOTIFICATION_LEVELS))
  level: NotificationLevel;
}

export class LevelDto {
  @ApiProperty({ enum: NOTIFICATION_LEVELS }) level: NotificationLevel;
}

export class UnsubscribeQuery {
  @ApiProperty({ description: 'The token from the link in the e-mail.' })
  @IsString({ message: 'token must be text' })
  @MaxLength(500, { message: 'token must be at most 500 characters' })
  token: string;
}

export class UnsubscribeBody extends UnsubscribeQuery {}

/** RFC 8058's one-click body, which mail programs POST as a form. */
export class OneClickUnsubscribeBody {
  @ApiProperty({ name: 'List-Unsubscribe', enum: ['One-Click'] })
  @IsIn(['One-Click'], { message: 'List-Unsubscribe must be One-Click' })
  'List-Unsubscribe': 'One-Click';
}

export class UnsubscribeDto {
  @ApiProperty({ enum: ['email', 'network'], description: 'email: all notification e-mail stops; network: the network is muted.' }) what: 'email' | 'network';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) networkId: string | null;
  @ApiProperty({ type: String, nullable: true }) networkName: string | null;
  @ApiProperty({ description: 'A sentence saying what it does (or did).' }) description: string;
  @ApiProperty({ description: 'Whether it is already so (nothing left to do).' }) done: boolean;
}
