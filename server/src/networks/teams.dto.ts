import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trim } from '../common/dto-transforms';
import { IsVisibleName } from '../common/visible-name';
import type { TeamEntity } from './team.entity';

export class TeamDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() memberCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toTeamDto(team: TeamEntity, memberCount: number): TeamDto {
  return { id: team.id, name: team.name, memberCount, createdAt: new Date(team.createdAt).toISOString() };
}

export class TeamBody {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Riverside Family Practice' })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @Length(1, 120, { message: 'name must be 1 to 120 characters' })
  @IsVisibleName()
  name: string;
}
