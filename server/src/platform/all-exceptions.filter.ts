import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { sendError } from './error-response';

/** Every error from a REST route leaves as `{ statusCode, error, message }`; no stack trace ever does. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    sendError(host.switchToHttp().getResponse<Response>(), exception);
  }
}
