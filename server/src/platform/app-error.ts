/**
 * Every failure a user can meet is an AppError with a code; the global filter turns it into
 * `{ statusCode, error, message, code, fields? }`. Features declare their codes in their own
 * *.errors.ts, one code per failure (`errors.spec.ts` checks that no two share one).
 */
export type ErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'internal'
  | 'unavailable';

export const STATUS_OF: Record<ErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  internal: 500,
  unavailable: 503,
};

/** One field of the request and what is wrong with it; the message starts with the field's name. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    /** Seconds the client should wait, for 429 and 503. */
    readonly retryAfterSeconds?: number,
    /** The fields at fault, so that a form can show each message next to its field. */
    readonly fields?: readonly FieldProblem[],
  ) {
    super(message);
  }
}

/** A failure about one field of the request (`message` starts with its name), which forms show next to that field. */
export function fieldError(kind: ErrorKind, code: string, field: string, message: string): AppError {
  return new AppError(kind, code, message, undefined, [{ field, message }]);
}
