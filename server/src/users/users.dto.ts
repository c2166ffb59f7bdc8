import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trim } from '../common/dto-transforms';
import { ChangesAtLeastOneField, OptionalField } from '../common/validation';
import { IsVisibleName } from '../common/visible-name';
import type { UserEntity } from './user.entity';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true }) organisation: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toUserDto(user: UserEntity): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    organisation: user.organisation,
    createdAt: user.createdAt.toISOString(),
  };
}

@ChangesAtLeastOneField()
export class UpdateProfileBody {
  @OptionalField({ minLength: 1, maxLength: 80 })
  @Transform(trim)
  @IsString({ message: 'displayName must be text' })
  @Length(1, 80, { message: 'displayName must be 1 to 80 characters' })
  @IsVisibleName()
  displayName?: string;

  @OptionalField({ type: String, nullable: true, maxLength: 120, description: 'Where you work, or what you bring (for example "patient partner").' })
  @Transform(trim)
  @IsString({ message: 'organisation must be text' })
  @Length(0, 120, { message: 'organisation must be at most 120 characters' })
  @IsVisibleName()
  organisation?: string | null;
}
