import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { oneOf, trim } from '../common/dto-transforms';
import { ChangesAtLeastOneField, OptionalField } from '../common/validation';
import { IsVisibleName } from '../common/visible-name';
import type { NetworkRow, TreeRow } from './networks.repository';
import {
  NETWORK_LEVELS,
  NETWORK_ROLES,
  NETWORK_VISIBILITIES,
  networkAbilities,
  type LeaveBlockedBy,
  type NetworkAbilities,
  type NetworkLevel,
  type NetworkRole,
  type NetworkVisibility,
} from './network.rules';

export class CreateNetworkBody {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Northshore Depression Care Collaborative' })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @Length(1, 120, { message: 'name must be 1 to 120 characters' })
  @IsVisibleName()
  name: string;

  @OptionalField({ maxLength: 4000 })
  @IsString({ message: 'description must be text' })
  @MaxLength(4000, { message: 'description must be at most 4000 characters' })
  description?: string;

  @ApiProperty({ enum: NETWORK_LEVELS })
  @IsIn(NETWORK_LEVELS, oneOf('level', NETWORK_LEVELS))
  level: NetworkLevel;

  @ApiProperty({ enum: NETWORK_VISIBILITIES })
  @IsIn(NETWORK_VISIBILITIES, oneOf('visibility', NETWORK_VISIBILITIES))
  visibility: NetworkVisibility;

  @OptionalField({ type: String, format: 'uuid', nullable: true, description: 'A network at a higher level that this one sits under.' })
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string | null;
}

@ChangesAtLeastOneField()
export class UpdateNetworkBody {
  @OptionalField({ minLength: 1, maxLength: 120 })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @Length(1, 120, { message: 'name must be 1 to 120 characters' })
  @IsVisibleName()
  name?: string;

  @OptionalField({ maxLength: 4000 })
  @IsString({ message: 'description must be text' })
  @MaxLength(4000, { message: 'description must be at most 4000 characters' })
  description?: string;

  @OptionalField({ enum: NETWORK_LEVELS })
  @IsIn(NETWORK_LEVELS, oneOf('level', NETWORK_LEVELS))
  level?: NetworkLevel;

  @OptionalField({ enum: NETWORK_VISIBILITIES })
  @IsIn(NETWORK_VISIBILITIES, oneOf('visibility', NETWORK_VISIBILITIES))
  visibility?: NetworkVisibility;

  @OptionalField({ type: String, format: 'uuid', nullable: true })
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string | null;

  @OptionalField({ description: 'Whether members may post in discussions without peers seeing who wrote it (admins can still see).' })
  @IsBoolean({ message: 'allowAnonymousPosts must be true or false' })
  allowAnonymousPosts?: boolean;
}

export class ListNetworksQuery {
  @OptionalField({ enum: NETWORK_LEVELS })
  @IsIn(NETWORK_LEVELS, oneOf('level', NETWORK_LEVELS))
  level?: NetworkLevel;

  @OptionalField({ description: 'Words to look for in the name or description.', maxLength: 100 })
  @Transform(trim)
  @IsString({ message: 'q must be text' })
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;

  @OptionalField({ description: 'true: only networks the caller belongs to; false: only those the caller does not belong to (public ones to discover); not given: both.' })
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;

  @OptionalField({ minimum: 1, maximum: 200, description: 'At most this many (100 when not given).' })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(200, { message: 'limit must be at most 200' })
  limit?: number;

  @OptionalField({ minimum: 0, description: 'Skip this many (0 when not given).' })
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must be at least 0' })
  @Max(1_000_000, { message: 'offset must be at most 1000000' })
  offset?: number;
}

/** What the caller may do with the network, decided by the server's access rule (clients never re-derive it from roles). */
export class NetworkCanDto implements NetworkAbilities {
  @ApiProperty({ description: 'Add and edit content: start and edit change packages, choose a team.' }) contribute: boolean;
  @ApiProperty({ description: 'Curate and moderate.' }) moderate: boolean;
  @ApiProperty({ description: 'Change settings, invite people, manage members and teams.' }) administer: boolean;
  @ApiProperty({ description: 'Join on their own (a public network they are not in).' }) join: boolean;
  @ApiProperty({ description: 'Leave the network.' }) leave: boolean;
  @ApiProperty({
    enum: ['last-admin'],
    nullable: true,
    type: String,
    description: 'Why a member may not leave: "last-admin" when they are its only admin (a network always keeps one).',
  })
  leaveBlockedBy: LeaveBlockedBy | null;
}

export class NetworkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: NETWORK_LEVELS }) level: NetworkLevel;
  @ApiProperty({ enum: NETWORK_VISIBILITIES }) visibility: NetworkVisibility;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null at the top, or when the parent is a network the caller cannot see.' })
  parentId: string | null;
  @ApiProperty({ enum: NETWORK_ROLES, nullable: true, description: "The caller's role, or null when not a member." })
  myRole: NetworkRole | null;
  @ApiProperty() memberCount: number;
  @ApiProperty({ description: 'Whether members may post in discussions without peers seeing who wrote it.' }) allowAnonymousPosts: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: NetworkCanDto }) can: NetworkCanDto;
}

export function toNetworkDto(row: NetworkRow): NetworkDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    level: row.level,
    visibility: row.visibility,
    parentId: row.parentId,
    myRole: row.myRole,
    memberCount: row.memberCount,
    allowAnonymousPosts: row.allowAnonymousPosts,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    can: networkAbilities(row.visibility, row.myRole, row.adminCount),
  };
}

export class NetworkPageDto {
  @ApiProperty({ type: [NetworkDto] }) items: NetworkDto[];
  @ApiProperty({ description: 'How many networks match, across all pages.' }) total: number;
}

export class NetworkLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: NETWORK_LEVELS }) level: NetworkLevel;
  @ApiProperty({ enum: NETWORK_VISIBILITIES }) visibility: NetworkVisibility;
  @ApiProperty({ enum: NETWORK_ROLES, nullable: true }) myRole: NetworkRole | null;
}

export class NetworkTreeNodeDto extends NetworkLinkDto {
  @ApiProperty({ type: () => [NetworkTreeNodeDto] }) children: NetworkTreeNodeDto[];
}

export class NetworkTreeDto {
  @ApiProperty({ type: NetworkDto }) network: NetworkDto;
  @ApiProperty({ type: [NetworkLinkDto], description: 'From the top of the hierarchy down to the parent.' })
  ancestors: NetworkLinkDto[];
  @ApiProperty({ type: [NetworkTreeNodeDto], description: 'Sub-networks the caller may see, nested.' })
  children: NetworkTreeNodeDto[];
}

export function toNetworkLink(row: TreeRow): NetworkLinkDto {
  return { id: row.id, name: row.name, level: row.level, visibility: row.visibility, myRole: row.myRole };
}
