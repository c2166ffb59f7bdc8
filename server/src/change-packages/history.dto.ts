import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, Length } from 'class-validator';
import { trim } from '../common/dto-transforms';
import { IsVisibleName } from '../common/visible-name';
import { OptionalField } from '../common/validation';
import { ChangePackageContentDto, ChangePackageDto } from './change-packages.dto';

export class NamedVersionBody {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'As agreed at learning session 2' })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @Length(1, 120, { message: 'name must be 1 to 120 characters' })
  @IsVisibleName()
  name: string;
}

export class VersionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['checkpoint', 'named'] }) kind: 'checkpoint' | 'named';
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who named it; null for automatic checkpoints.' }) createdByName: string | null;
}

export class VersionWithContentDto extends VersionDto {
  @ApiProperty({ type: ChangePackageContentDto }) content: ChangePackageContentDto;
}

class ItemChangeDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: [String] }) parts?: string[];
  @ApiPropertyOptional() before?: string;
}

class SectionChangesDto {
  @ApiProperty({ type: [ItemChangeDto] }) added: ItemChangeDto[];
  @ApiProperty({ type: [ItemChangeDto] }) removed: ItemChangeDto[];
  @ApiProperty({ type: [ItemChangeDto] }) changed: ItemChangeDto[];
}

class TitleChangeDto {
  @ApiProperty() before: string;
  @ApiProperty() after: string;
}

class AimChangeDto {
  @ApiProperty({ enum: ['what', 'howMuch', 'byWhen', 'forWhom'] }) field: 'what' | 'howMuch' | 'byWhen' | 'forWhom';
  @ApiProperty() before: string;
  @ApiProperty() after: string;
}

export class ContentDiffDto {
  @ApiProperty({ type: TitleChangeDto, nullable: true }) title: TitleChangeDto | null;
  @ApiProperty({ type: [AimChangeDto] }) aim: AimChangeDto[];
  @ApiProperty({ type: SectionChangesDto }) drivers: SectionChangesDto;
  @ApiProperty({ type: SectionChangesDto }) ideas: SectionChangesDto;
  @ApiProperty({ type: SectionChangesDto }) measures: SectionChangesDto;
  @ApiProperty() same: boolean;
}

class AuthorDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) userId: string | null;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'How many saved edits.' }) updates: number;
}

export class HistoryIntervalDto {
  @ApiProperty({ type: VersionDto, nullable: true, description: 'Null for the very start.' }) from: VersionDto | null;
  @ApiProperty({ type: VersionDto, nullable: true, description: 'Null for "now" (edits after the last version).' }) to: VersionDto | null;
  @ApiProperty({ type: [AuthorDto] }) authors: AuthorDto[];
  @ApiProperty({ type: ContentDiffDto }) changes: ContentDiffDto;
}

export class AdaptBody {
  @ApiProperty({ format: 'uuid', description: 'The network to adapt the package into; you must be able to edit there.' })
  @IsUUID('all', { message: 'networkId must be a UUID' })
  networkId: string;

  @OptionalField({ maxLength: 160 })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @Length(1, 160, { message: 'title must be 1 to 160 characters' })
  @IsVisibleName()
  title?: string;
}

export class AdaptIdeaBody {
  @ApiProperty({ format: 'uuid', description: 'The change package to copy the idea into; you must be able to edit it.' })
  @IsUUID('all', { message: 'targetPackageId must be a UUID' })
  targetPackageId: string;
}

export class AdaptedIdeaDto {
  @ApiProperty() ideaId: string;
  @ApiProperty({ format: 'uuid' }) packageId: string;
}

export class LineageLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() networkName: string;
}

export class LineageDto {
  @ApiProperty({ type: LineageLinkDto, nullable: true, description: 'The package this one was adapted from, when you may see it.' })
  source: LineageLinkDto | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) sourceVersionId: string | null;
  @ApiProperty({ type: ContentDiffDto, nullable: true, description: 'What this adaptation changed compared with its source (as of the last pull).' })
  changedFromSource: ContentDiffDto | null;
  @ApiProperty({ type: ContentDiffDto, nullable: true, description: 'What changed upstream since the last pull (not yet pulled).' })
  upstreamChanges: ContentDiffDto | null;
  @ApiProperty({ type: [LineageLinkDto], description: 'Where this package has been adapted (those you may see).' })
  adaptations: LineageLinkDto[];
}

export class PullResultDto {
  @ApiProperty({ type: ContentDiffDto, description: 'What came in from upstream.' }) pulled: ContentDiffDto;
  @ApiProperty({ type: ChangePackageDto }) changePackage: ChangePackageDto;
}
