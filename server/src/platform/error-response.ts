import { STATUS_CODES } from 'node:http';
import { HttpException, Logger } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, STATUS_OF } from './app-error';

/** The one error shape, as the OpenAPI document describes it for every route. */
export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ description: 'Plain words for people; a validation message starts with the field name.', example: 'name must be 1 to 120 characters' })
  message: string;
}

const logger = new Logger('Errors');

/** Nest's own exceptions carry a message string or, from validation, a list of them. */
function messageOfHttpException(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/** body-parser and express raise errors with a status and a type. */
function isHttpishError(error: unknown): error is { status: number; type?: string; message: string } {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';
}

/** The one mapping from anything thrown to the `{ statusCode, error, message }` a client sees. */
export function toErrorBody(exception: unknown): { body: ErrorBody; retryAfterSeconds?: number } {
  let statusCode: number;
  let message: string;
  let retryAfterSeconds: number | undefined;
  if (exception instanceof AppError) {
    statusCode = STATUS_OF[exception.kind];
    message = exception.message;
    retryAfterSeconds = exception.retryAfterSeconds;
  } else if (exception instanceof HttpException) {
    statusCode = exception.getStatus();
    message = messageOfHttpException(exception);
  } else if (isHttpishError(exception) && exception.status >= 400 && exception.status < 500) {
    statusCode = exception.status;
    if (exception.type === 'entity.too.large') message = 'The request body is larger than 1 MB.';
    else if (exception.type === 'entity.parse.failed') message = 'The request body is not valid JSON.';
    else message = STATUS_CODES[statusCode] ?? 'The request was refused.';
  } else {
    statusCode = 500;
    message = 'Something went wrong on our side. Please try again; if it keeps happening, tell your network admin.';
    logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  }
  return { body: { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message }, retryAfterSeconds };
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
