import { BadRequestException, ForbiddenException, Logger, NotFoundException } from '@nestjs/common';
import { fieldError } from './app-error';
import { asAppError, bodyReadError, toErrorBody } from './error-response';

/** body-parser's errors: an Error with a status and, for the failures it knows, a type. */
const bodyParserFailure = (status: number, type?: string) => Object.assign(new Error('raw'), { status, ...(type && { type }) });

describe('toErrorBody', () => {
  it('keeps statusCode, error and message, adds the code, and fields only when there are some', () => {
    expect(toErrorBody(fieldError('conflict', 'networks.name_taken', 'name', 'name is already used')).body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'name is already used',
      code: 'networks.name_taken',
      fields: [{ field: 'name', message: 'name is already used' }],
    });
    expect(Object.keys(toErrorBody(new NotFoundException()).body).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
  });
});

describe('asAppError', () => {
  const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const failed = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  afterAll(() => {
    warned.mockRestore();
    failed.mockRestore();
  });

  it('answers a burst that found no free database connection with 503 and Retry-After, not as a fault', () => {
    const exhausted = new Error('timeout exceeded when trying to connect');
    expect(toErrorBody(exhausted)).toMatchObject({ body: { statusCode: 503, code: 'server.busy' }, retryAfterSeconds: 5 });
    expect(asAppError(new Error('query failed', { cause: exhausted }))).toMatchObject({ kind: 'unavailable', code: 'server.busy' });
    expect(asAppError(new Error('connection terminated'))).toMatchObject({ kind: 'internal' });
  });

  it("gives Nest's own exceptions a code: an unknown route, a malformed address, anything else it refuses", () => {
    expect(asAppError(new NotFoundException('Cannot GET /api/nope'))).toMatchObject({ kind: 'not-found', code: 'route.not_found' });
    expect(asAppError(new BadRequestException('Failed to decode param', { cause: new URIError('URI malformed') }))).toMatchObject({
      kind: 'bad-request',
      code: 'request.bad_address',
    });
    expect(asAppError(new ForbiddenException('Forbidden resource'))).toMatchObject({ kind: 'forbidden', code: 'request.refused', message: 'Forbidden resource' });
    expect(warned).toHaveBeenCalledWith(expect.stringContaining('Forbidden resource'));
  });

  it('turns anything else into the 500 fallback, logged', () => {
    expect(asAppError(new RangeError('Maximum call stack size exceeded'))).toMatchObject({ kind: 'internal', code: 'server.internal_error' });
    expect(asAppError('a string')).toMatchObject({ code: 'server.internal_error' });
    expect(failed).toHaveBeenCalledWith(expect.stringContaining('RangeError: Maximum call stack size exceeded'));
  });
});

describe('bodyReadError', () => {
  it("names each of body-parser's failures", () => {
    expect(bodyReadError(bodyParserFailure(413, 'entity.too.large'))).toMatchObject({ kind: 'payload-too-large', code: 'request.too_large' });
    expect(bodyReadError(bodyParserFailure(400, 'entity.parse.failed'))).toMatchObject({ kind: 'bad-request', code: 'request.not_json' });
    expect(bodyReadError(bodyParserFailure(415, 'charset.unsupported'))).toMatchObject({ kind: 'unsupported-media-type', code: 'request.unsupported_encoding' });
    expect(bodyReadError(bodyParserFailure(415, 'encoding.unsupported'))).toMatchObject({ code: 'request.unsupported_encoding' });
    expect(bodyReadError(bodyParserFailure(400, 'request.aborted'))).toMatchObject({ code: 'request.unreadable' });
    expect(bodyReadError(bodyParserFailure(400))).toMatchObject({ code: 'request.unreadable' });
  });
});
