import { STATUS_CODES } from 'node:http';
import { HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, STATUS_OF, type ErrorKind } from './app-error';
import { PlatformErrors } from './platform.errors';

export class FieldProblemBody {
  @ApiProperty({ description: 'The field, as named in the request; a dotted path for a nested one.', example: 'name' })
  field: string;
  @ApiProperty({ description: 'What is wrong with it, starting with the field name.', example: 'name must be 1 to 120 characters' })
  message: string;
}

/** The one error shape, as the OpenAPI document describes it for every route. */
export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ description: 'Plain words for people; a validation message starts with the field name.', example: 'name must be 1 to 120 characters' })
  message: string;
  @ApiProperty({
    description: 'What failed, for programs: one code per failure, such as `request.invalid` or `networks.name_taken`. Read this, never the message, to tell failures apart.',
    example: 'request.invalid',
  })
  code: string;
  @ApiPropertyOptional({ type: [FieldProblemBody], description: 'For failures about fields of the request (validation, a name already taken): which fields, and why.' })
  fields?: FieldProblemBody[];
}

const logger = new Logger('Errors');

const KIND_OF_STATUS = new Map<number, ErrorKind>(Object.entries(STATUS_OF).map(([kind, status]) => [status, kind as ErrorKind]));

/** Nest's own exceptions carry a message string or a list of them. */
function messageOfHttpException(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/**
 * What went wrong while reading a JSON body, from body-parser's error: its `type` names the
 * failure; anything else it raises (a stream cut short, bad compression) is an unreadable body.
 */
export function bodyReadError(error: unknown): AppError {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  switch (type) {
    case 'entity.too.large':
      return PlatformErrors.tooLarge();
    case 'entity.parse.failed':
      return PlatformErrors.notJson();
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return PlatformErrors.unsupportedEncoding();
    default:
      return PlatformErrors.unreadableBody();
  }
}

/** Anything thrown, as the AppError a client is told about; what is not ours to explain is logged. */
export function asAppError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  if (exception instanceof NotFoundException) return PlatformErrors.routeNotFound();
  // Express fails to decode a route parameter with a malformed %-escape; Nest passes it on as a 400.
  if (exception instanceof HttpException && exception.cause instanceof URIError) return PlatformErrors.badAddress();
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    logger.warn(`Nest refused a request without a code of ours (${exception.getStatus()}): ${messageOfHttpException(exception)}`);
    return PlatformErrors.refused(KIND_OF_STATUS.get(exception.getStatus()) ?? 'bad-request', messageOfHttpException(exception));
  }
  if (isPoolExhausted(exception)) {
    logger.warn('No database connection came free in time: answered 503 with Retry-After');
    return PlatformErrors.busy();
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return PlatformErrors.internal();
}

/**
 * pg-pool's own words when no connection came free within connectionTimeoutMillis (it gives no
 * code). Under a burst that is overload, which a client should retry, not a fault of ours.
 */
export function isPoolExhausted(exception: unknown): boolean {
  const message = exception instanceof Error ? exception.message : '';
  const cause = exception instanceof Error && exception.cause instanceof Error ? exception.cause.message : '';
  return [message, cause].some((text) => text.includes('timeout exceeded when trying to connect'));
}

/** The one mapping from anything thrown to the `{ statusCode, error, message, code, fields? }` a client sees. */
export function toErrorBody(exception: unknown): { body: ErrorBody; retryAfterSeconds?: number } {
  const error = asAppError(exception);
  const statusCode = STATUS_OF[error.kind];
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: error.message, code: error.code };
  if (error.fields && error.fields.length > 0) body.fields = error.fields.map(({ field, message }) => ({ field, message }));
  return { body, retryAfterSeconds: error.retryAfterSeconds };
}

export function sendError(response: Response, exception: unknown): void {
  const { body, retryAfterSeconds } = toErrorBody(exception);
  if (response.headersSent) {
    response.end();
    return;
  }
  if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  response.status(body.statusCode).json(body);
}
