/**
 * Every failure a user can meet is an AppError with a code; the global filter turns it into
 * `{ statusCode, error, message }`. Features declare their codes in their own *.errors.ts.
 */
export type ErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'too-many-requests'
  | 'unavailable';

export const STATUS_OF: Record<ErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'too-many-requests': 429,
  unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    /** Seconds the client should wait, for 429 and 503. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const PlatformErrors = {
  foreignOrigin: () =>
    new AppError('forbidden', 'request.foreign_origin', 'This request came from another site and was refused.'),
};
