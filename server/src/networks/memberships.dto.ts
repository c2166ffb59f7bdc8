import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsUUID } from 'class-validator';
import { oneOf } from '../common/dto-transforms';
import { ChangesAtLeastOneField, OptionalField } from '../common/validation';
import type { MemberRow } from './memberships.repository';
import { NETWORK_ROLES, type NetworkRole } from './network.rules';

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true, description: 'Shown to network admins only.' }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) organisation: string | null;
  @ApiProperty({ enum: NETWORK_ROLES }) role: NetworkRole;
  @ApiProperty() isPatientPartner: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ type: String, nullable: true }) teamName: string | null;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
}

export function toMemberDto(row: MemberRow, showEmail: boolean): MemberDto {
  return {
    userId: row.userId,
    displayName: row.displayName,
    email: showEmail ? row.email : null,
    organisation: row.organisation,
    role: row.role,
    isPatientPartner: row.isPatientPartner,
    teamId: row.teamId,
    teamName: row.teamName,
    joinedAt: new Date(row.joinedAt).toISOString(),
  };
}

@ChangesAtLeastOneField()
export class UpdateMemberBody {
  @OptionalField({ enum: NETWORK_ROLES })
  @IsIn(NETWORK_ROLES, oneOf('role', NETWORK_ROLES))
  role?: NetworkRole;

  @OptionalField({ description: 'A patient or family partner.' })
  @IsBoolean({ message: 'isPatientPartner must be true or false' })
  isPatientPartner?: boolean;

  @OptionalField({ type: String, format: 'uuid', nullable: true })
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string | null;
}
