import { AppError, fieldError, type ErrorKind, type FieldProblem } from './app-error';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A problem with one field of the input, or with the whole of it (`subject`, "the request body") when `field` is null. */
function inputError(code: string, field: string | null, subject: string, predicate: string): AppError {
  return field ? fieldError('bad-request', code, field, `${field} ${predicate}`) : new AppError('bad-request', code, `${capitalise(subject)} ${predicate}.`);
}

/**
 * Failures that belong to no feature: the request itself (how it was sent, its shape), routes
 * that do not exist, and our own faults. Validation of a known field is `request.invalid`, with
 * `fields` saying which field and why.
 */
export const PlatformErrors = {
  foreignOrigin: () => new AppError('forbidden', 'request.foreign_origin', 'This request came from another site and was refused.'),
  invalid: (fields: FieldProblem[]) =>
    new AppError('bad-request', 'request.invalid', fields.map((problem) => problem.message).join('; ') || 'The request is not valid.', undefined, fields),
  notAnObject: (subject: string) => new AppError('bad-request', 'request.not_an_object', `${capitalise(subject)} must be a JSON object.`),
  nothingToChange: (fields: readonly string[]) =>
    new AppError('bad-request', 'request.nothing_to_change', `The request changes nothing: send at least one of ${fields.join(', ')}.`),
  badId: (parameter: string) => fieldError('bad-request', 'request.bad_id', parameter, `${parameter} must be a UUID`),
  nul: (field: string | null, subject: string) => inputError('request.nul', field, subject, 'must not contain the NUL character'),
  malformedText: (field: string | null, subject: string) =>
    inputError('request.malformed_text', field, subject, 'is not valid text: it holds half of a character pair (a lone surrogate)'),
  tooDeep: (field: string | null, subject: string, maxDepth: number) =>
    inputError('request.too_deep', field, subject, `is nested too deeply (at most ${maxDepth} levels)`),
  tooManyItems: (field: string | null, subject: string, maxItems: number) =>
    inputError('request.too_many_items', field, subject, `must have at most ${maxItems} items`),
  tooManyValues: (subject: string, maxValues: number) => inputError('request.too_many_values', null, subject, `holds more than ${maxValues} values in all`),
  reservedName: (field: string) => fieldError('bad-request', 'request.reserved_name', field, `${field} is not a field this request accepts`),
  badFieldName: (subject: string, reason: string) => inputError('request.bad_field_name', null, subject, `has a field name that ${reason}`),
  tooLarge: () => new AppError('payload-too-large', 'request.too_large', 'The request body is larger than 1 MB.'),
  notJson: () => new AppError('bad-request', 'request.not_json', 'The request body is not valid JSON.'),
  notJsonMediaType: () =>
    new AppError('unsupported-media-type', 'request.unsupported_media_type', 'The request body must be JSON, sent with Content-Type: application/json.'),
  unsupportedEncoding: () =>
    new AppError('unsupported-media-type', 'request.unsupported_encoding', 'The request body must be UTF-8 JSON, uncompressed or gzip-, deflate- or brotli-compressed.'),
  unreadableBody: () => new AppError('bad-request', 'request.unreadable', 'The request body could not be read: it was cut short or badly compressed.'),
  badAddress: () => new AppError('bad-request', 'request.bad_address', 'The address is not valid: part of it is not correctly %-encoded.'),
  routeNotFound: () => new AppError('not-found', 'route.not_found', 'There is nothing at this address in the API. Check the method and the path.'),
  /** Any other refusal Nest raises by itself (none of our routes asks it to); logged, so that it gets its own code. */
  refused: (kind: ErrorKind, message: string) => new AppError(kind, 'request.refused', message),
  /** Every database connection stayed busy for the pool's whole wait: a moment of overload, not a fault. */
  busy: () => new AppError('unavailable', 'server.busy', 'The server is very busy just now. Please try again in a few seconds.', 5),
  internal: () =>
    new AppError('internal', 'server.internal_error', 'Something went wrong on our side. Please try again; if it keeps happening, tell your network admin.'),
};
