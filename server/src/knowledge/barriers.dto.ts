import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { oneOf, trim } from '../common/dto-transforms';
import { OptionalField } from '../common/validation';
import { NETWORK_LEVELS, type NetworkLevel } from '../networks/network.rules';
import { BARRIER_LIMITS, BARRIER_RESPONSE_STATUSES, BARRIER_STATUSES, type BarrierResponseStatus, type BarrierStatus } from './barrier.rules';

// ---- requests -----------------------------------------------------------------------------

export class BarrierRegisterQuery {
  @OptionalField({ enum: BARRIER_STATUSES, description: "Only barriers whose latest answer has this status (open: not answered yet)." })
  @IsIn(BARRIER_STATUSES, oneOf('status', BARRIER_STATUSES))
  status?: BarrierStatus;

  @OptionalField({ format: 'uuid', description: 'Only this barrier, when the register holds it (a link from its lesson).' })
  @IsUUID('all', { message: 'barrier must be a UUID' })
  barrier?: string;

  @OptionalField({ format: 'uuid', description: 'nextCursor of the previous page.' })
  @IsUUID('all', { message: 'cursor must be a cursor this list gave out' })
  cursor?: string;

  @OptionalField({ minimum: 1, maximum: BARRIER_LIMITS.maxPageSize })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(BARRIER_LIMITS.maxPageSize, { message: `limit must be at most ${BARRIER_LIMITS.maxPageSize}` })
  limit?: number;
}

export class RespondToBarrierBody {
  @ApiProperty({ enum: BARRIER_RESPONSE_STATUSES })
  @IsIn(BARRIER_RESPONSE_STATUSES, oneOf('status', BARRIER_RESPONSE_STATUSES))
  status: BarrierResponseStatus;

  @ApiProperty({ minLength: 1, maxLength: BARRIER_LIMITS.reply, description: 'What the network will do, or why it cannot.' })
  @Transform(trim)
  @IsString({ message: 'reply must be text' })
  // Emptiness is the one reason an empty reply is refused; a length rule from 1 would say it again.
  @MaxLength(BARRIER_LIMITS.reply, { message: `reply must be at most ${BARRIER_LIMITS.reply} characters` })
  @Matches(/\S/, { message: 'reply must not be empty' })
  reply: string;

  @OptionalField({
    format: 'uuid',
    description: 'The network answering (a network above the one that raised it, where you are a coach or admin). Default: the nearest such network.',
  })
  @IsUUID('all', { message: 'networkId must be a UUID' })
  networkId?: string;
}

export class LinkBarriersBody {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 2, maxItems: BARRIER_LIMITS.linkAtOnce, description: 'Barriers of this register that are one barrier.' })
  @IsArray({ message: 'barrierIds must be a list' })
  @ArrayMinSize(2, { message: 'barrierIds must name at least 2 barriers' })
  @ArrayMaxSize(BARRIER_LIMITS.linkAtOnce, { message: `barrierIds must name at most ${BARRIER_LIMITS.linkAtOnce} barriers` })
  @ArrayUnique({ message: 'barrierIds must not name a barrier twice' })
  @IsUUID('all', { each: true, message: 'barrierIds must each be a UUID' })
  barrierIds: string[];
}

// ---- responses ----------------------------------------------------------------------------

export class BarrierNetworkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: NETWORK_LEVELS }) level: NetworkLevel;
}

export class BarrierLessonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() title: string;
}

export class BarrierResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty({ description: 'The network that answered.' }) networkName: string;
  @ApiProperty({ enum: BARRIER_RESPONSE_STATUSES }) status: BarrierResponseStatus;
  @ApiProperty() reply: string;
  @ApiProperty({ type: String, nullable: true, description: 'The coach or admin who answered (null when their account is gone).' }) responderName: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class LinkedBarrierDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() networkName: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: BarrierLessonDto, description: 'The lesson that raised it (you may read it: only such barriers are listed).' }) lesson: BarrierLessonDto;
}

export class BarrierLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: [LinkedBarrierDto], description: 'The other barriers of the link that you may see.' }) others: LinkedBarrierDto[];
}

export class BarrierAbilitiesDto {
  @ApiProperty({ description: 'You may answer it from this network.' }) respond: boolean;
}

export class BarrierDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: BARRIER_STATUSES, description: 'The latest answer’s status, or open.' }) status: BarrierStatus;
  @ApiProperty({ type: BarrierNetworkDto, description: 'The network whose lesson raised it.' }) originNetwork: BarrierNetworkDto;
  @ApiProperty({ description: 'Raised in this network itself, not below it.' }) raisedHere: boolean;
  @ApiProperty({ type: BarrierLessonDto, nullable: true, description: 'The lesson, when you may read it.' }) lesson: BarrierLessonDto | null;
  @ApiProperty({ type: [BarrierResponseDto], description: 'Answers from higher networks, oldest first.' }) responses: BarrierResponseDto[];
  @ApiProperty({ description: 'How many networks hit it: the one that raised it and those whose barriers are linked to it.' }) places: number;
  @ApiProperty({ type: BarrierLinkDto, nullable: true }) link: BarrierLinkDto | null;
  @ApiProperty({ format: 'date-time', description: 'When its lesson was published.' }) raisedAt: string;
  @ApiProperty({ type: BarrierAbilitiesDto }) can: BarrierAbilitiesDto;
}

export class BarrierRegisterAbilitiesDto {
  @ApiProperty({ description: 'You may link and unlink barriers of this register (coaches and admins).' }) link: boolean;
}

export class BarrierPageDto {
  @ApiProperty({ type: [BarrierDto] }) items: BarrierDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ type: BarrierRegisterAbilitiesDto }) can: BarrierRegisterAbilitiesDto;
}

export class BarrierLinkResultDto {
  @ApiProperty({ format: 'uuid' }) linkId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) barrierIds: string[];
  @ApiProperty() places: number;
}
