import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsUUID } from 'class-validator';
import { oneOf } from '../common/dto-transforms';
import { ChangesAtLeastOneField, OptionalField } from '../common/validation';
import type { MemberRow } from './memberships.repository';
import { NETWORK_ROLES, memberAbilities, networkAllows, type MemberAbilities, type NetworkRole, type Viewer } from './network.rules';

/** What the person asking may do to this member, decided by the server's rules. */
export class MemberCanDto implements MemberAbilities {
  @ApiProperty({ description: "Change the member's role (never the last admin's)." }) changeRole: boolean;
  @ApiProperty({ description: "Change the member's team." }) changeTeam: boolean;
  @ApiProperty({ description: 'Mark or unmark the member as a patient or family partner.' }) changePartnerFlag: boolean;
  @ApiProperty({ description: 'Remove the member from the network (never the last admin).' }) remove: boolean;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true, description: 'Shown to network admins only.' }) email: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Shown to members of the network only.' }) organisation: string | null;
  @ApiProperty({ enum: NETWORK_ROLES }) role: NetworkRole;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Whether the member is a patient or family partner; shown to members of the network only (null to anyone else): in a health network it can say something about someone\'s own health.',
  })
  isPatientPartner: boolean | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ type: String, nullable: true }) teamName: string | null;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
  @ApiProperty({ type: MemberCanDto }) can: MemberCanDto;
}

/**
 * The member as `viewer` sees them: emails only for admins; who is a patient partner, and where
 * people work, only for fellow members (a public network's readers see names and roles); and what
 * the viewer may do to them.
 */
export function toMemberDto(row: MemberRow, viewer: Viewer): MemberDto {
  const fellowMember = networkAllows(viewer.visibility, viewer.role, 'contribute');
  return {
    userId: row.userId,
    displayName: row.displayName,
    email: networkAllows(viewer.visibility, viewer.role, 'administer') ? row.email : null,
    organisation: fellowMember ? row.organisation : null,
    role: row.role,
    isPatientPartner: fellowMember ? row.isPatientPartner : null,
    teamId: row.teamId,
    teamName: row.teamName,
    joinedAt: new Date(row.joinedAt).toISOString(),
    can: memberAbilities(viewer, row, row.adminCount),
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
