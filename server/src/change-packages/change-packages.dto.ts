import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trim } from '../common/dto-transforms';
import { IsVisibleName } from '../common/visible-name';
import type { NetworkAccess } from '../networks/network-access.policy';
import { networkAllows } from '../networks/network.rules';
import { MEASURE_KINDS } from '../shared/change-package.document';
import type { ChangePackageEntity } from './change-package.entity';

export class ChangePackageTitleBody {
  @ApiProperty({ minLength: 1, maxLength: 160, example: 'Depression care in primary care' })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @Length(1, 160, { message: 'title must be 1 to 160 characters' })
  @IsVisibleName()
  title: string;
}

export class ChangePackageSourceDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null when the source was deleted.' }) id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) versionId: string | null;
}

/** What the caller may do with the package, decided by the network's access rule. */
export class ChangePackageCanDto {
  @ApiProperty({ description: 'Edit it: live over /collab, rename it, keep and restore versions, pull from its source.' }) edit: boolean;
}

/** Every member of the package's network edits it; anyone else who can see it reads it. */
export function changePackageAbilities(access: Pick<NetworkAccess, 'network' | 'role'>): ChangePackageCanDto {
  return { edit: networkAllows(access.network.visibility, access.role, 'contribute') };
}

export class ChangePackageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Connect to /collab/<documentName> to edit it live.' }) documentName: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: ChangePackageSourceDto, nullable: true, description: 'Set when this package is an adaptation of another.' })
  source: ChangePackageSourceDto | null;
  @ApiProperty({ type: ChangePackageCanDto }) can: ChangePackageCanDto;
}

export function toChangePackageDto(entity: ChangePackageEntity, can: ChangePackageCanDto): ChangePackageDto {
  return {
    id: entity.id,
    networkId: entity.networkId,
    title: entity.title,
    documentName: entity.documentName,
    createdAt: new Date(entity.createdAt).toISOString(),
    source: entity.sourceId || entity.sourceVersionId ? { id: entity.sourceId, versionId: entity.sourceVersionId } : null,
    can,
  };
}

class AimDto {
  @ApiProperty() what: string;
  @ApiProperty() howMuch: string;
  @ApiProperty() byWhen: string;
  @ApiProperty() forWhom: string;
}

class DriverDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['primary', 'secondary'] }) level: 'primary' | 'secondary';
  @ApiProperty({ type: String, nullable: true }) parentId: string | null;
  @ApiProperty({ type: [String] }) ideaIds: string[];
  @ApiProperty({ type: () => [DriverDto] }) secondary: DriverDto[];
}

class EvidenceDto {
  @ApiProperty() label: string;
  @ApiProperty() url: string;
}

class IdeaDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String] }) driverIds: string[];
  @ApiProperty() descriptionText: string;
  @ApiProperty({ description: 'Sanitised HTML.' }) descriptionHtml: string;
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
  @ApiProperty({ type: [String] }) measureIds: string[];
}

class MeasureDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: MEASURE_KINDS }) kind: (typeof MEASURE_KINDS)[number];
  @ApiProperty() definition: string;
  @ApiProperty() goal: string;
}

export class ChangePackageContentDto {
  @ApiProperty() title: string;
  @ApiProperty({ type: AimDto }) aim: AimDto;
  @ApiProperty({ type: [DriverDto], description: 'Primary drivers, each with its secondary drivers.' }) drivers: DriverDto[];
  @ApiProperty({ type: [IdeaDto] }) ideas: IdeaDto[];
  @ApiProperty({ type: [MeasureDto] }) measures: MeasureDto[];
}

export class ChangePackageWithContentDto extends ChangePackageDto {
  @ApiProperty({ type: ChangePackageContentDto }) content: ChangePackageContentDto;
}

export class EditableChangePackageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() networkName: string;
}
