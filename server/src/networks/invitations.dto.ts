import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, Max, Min } from 'class-validator';
import { normaliseEmail, oneOf } from '../common/dto-transforms';
import { OptionalField } from '../common/validation';
import type { InvitationEntity } from './invitation.entity';
import { NETWORK_LEVELS, NETWORK_ROLES, type NetworkLevel, type NetworkRole } from './network.rules';

export class CreateInvitationBody {
  @ApiProperty({ enum: NETWORK_ROLES })
  @IsIn(NETWORK_ROLES, oneOf('role', NETWORK_ROLES))
  role: NetworkRole;

  @OptionalField({ description: 'When given, only this person can accept, once.' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email?: string;

  @OptionalField({ minimum: 1, maximum: 30, description: 'Days until the link stops working (7 when not given).' })
  @IsInt({ message: 'expiresInDays must be a whole number' })
  @Min(1, { message: 'expiresInDays must be at least 1' })
  @Max(30, { message: 'expiresInDays must be at most 30' })
  expiresInDays?: number;
}

const INVITATION_STATUSES = ['active', 'expired', 'revoked', 'used'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NETWORK_ROLES }) role: NetworkRole;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty() acceptedCount: number;
  @ApiProperty({ enum: INVITATION_STATUSES }) status: InvitationStatus;
}

export function invitationStatus(invitation: InvitationEntity, now = new Date()): InvitationStatus {
  if (invitation.revokedAt) return 'revoked';
  if (invitation.email && invitation.acceptedCount > 0) return 'used';
  if (invitation.expiresAt <= now) return 'expired';
  return 'active';
}

export function toInvitationDto(invitation: InvitationEntity): InvitationDto {
  return {
    id: invitation.id,
    role: invitation.role,
    email: invitation.email,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    acceptedCount: invitation.acceptedCount,
    status: invitationStatus(invitation),
  };
}

export class CreatedInvitationDto extends InvitationDto {
  @ApiProperty({ description: 'The secret token; shown once. Whoever holds the link can accept it.' }) token: string;
  @ApiProperty({ description: 'The link to share.' }) url: string;
}

export class InvitationPreviewDto {
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() networkName: string;
  @ApiProperty({ enum: NETWORK_LEVELS }) networkLevel: NetworkLevel;
  @ApiProperty({ enum: NETWORK_ROLES }) role: NetworkRole;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'Whether the invitation is for one email address only.' }) forOnePerson: boolean;
  @ApiProperty({
    enum: INVITATION_STATUSES,
    description: 'Whether the link still works. Only someone already in the network is shown a link that no longer does; anyone else gets an error.',
  })
  status: InvitationStatus;
  @ApiProperty({
    enum: NETWORK_ROLES,
    nullable: true,
    description: 'Your role in the network now, when you are signed in and already a member; null otherwise.',
  })
  yourRole: NetworkRole | null;
  @ApiProperty({ description: 'Whether accepting would give you, a member already, a higher role (false when the link no longer works).' })
  promotesYou: boolean;
}
