import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { normaliseEmail, trim } from '../common/dto-transforms';
import { IsHardToGuess } from './password-strength';
import { OptionalField } from '../common/validation';
import { IsVisibleName } from '../common/visible-name';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords';
import type { SessionEntity } from './session.entity';

const passwordLengthMessage = `password must be at least ${PASSWORD_MIN_LENGTH} characters and at most ${PASSWORD_MAX_LENGTH} (a short sentence is easy to remember)`;

export class RegisterBody {
  @ApiProperty({ example: 'amira@example.org' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Common and easily guessed passwords (or ones made of the email or name) are refused, with the reason.',
  })
  @IsString({ message: 'password must be text' })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: passwordLengthMessage })
  @IsHardToGuess(['email', 'displayName'])
  password: string;

  @ApiProperty({ minLength: 1, maxLength: 80, example: 'Amira Haddad' })
  @Transform(trim)
  @IsString({ message: 'displayName must be text' })
  @Length(1, 80, { message: 'displayName must be 1 to 80 characters' })
  @IsVisibleName()
  displayName: string;

  @OptionalField({ maxLength: 120 })
  @Transform(trim)
  @IsString({ message: 'organisation must be text' })
  @MaxLength(120, { message: 'organisation must be at most 120 characters' })
  @IsVisibleName()
  organisation?: string;
}

/** The answer to a registration, the same whether or not the email already had an account. */
export class RegistrationDto {
  @ApiProperty({ enum: ['sign-in'], description: 'What to do next: sign in with the same email and password.' }) next: 'sign-in';
  @ApiProperty() message: string;
}

export const REGISTRATION_ACCEPTED: RegistrationDto = {
  next: 'sign-in',
  message: 'If this email address was new, its account is ready. Sign in with the email address and password to continue.',
};

export class LoginBody {
  @ApiProperty()
  @Transform(normaliseEmail)
  @IsString({ message: 'email must be text' })
  @Length(1, 254, { message: 'email must not be empty' })
  email: string;

  @ApiProperty()
  @IsString({ message: 'password must be text' })
  @Length(1, PASSWORD_MAX_LENGTH, { message: 'password must not be empty' })
  password: string;
}

export class ChangePasswordBody {
  @ApiProperty()
  @IsString({ message: 'currentPassword must be text' })
  @Length(1, PASSWORD_MAX_LENGTH, { message: 'currentPassword must not be empty' })
  currentPassword: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Common and easily guessed passwords are refused, with the reason.',
  })
  @IsString({ message: 'newPassword must be text' })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: passwordLengthMessage.replace('password', 'newPassword') })
  @IsHardToGuess()
  newPassword: string;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt: string;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: String, nullable: true }) clientAddress: string | null;
  @ApiProperty({ description: 'True for the session that made this request.' }) current: boolean;
}

export function toSessionDto(session: SessionEntity, currentSessionId: string): SessionDto {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    userAgent: session.userAgent,
    clientAddress: session.clientAddress,
    current: session.id === currentSessionId,
  };
}

export class SignedOutCountDto {
  @ApiProperty({ description: 'How many sessions were ended.' }) ended: number;
}
