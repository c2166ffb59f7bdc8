import { ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { AppError } from '../platform/app-error';

/** "name must be 1 to 120 characters; foo is not a field this request accepts" */
function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation' ? `${path} is not a field this request accepts` : message.replace(error.property, path),
    );
    return [...own, ...describe(error.children ?? [], path)];
  });
}

function validationError(errors: ValidationError[]): AppError {
  return new AppError('bad-request', 'request.invalid', describe(errors).join('; ') || 'The request is not valid.');
}

const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/** The path of the first string holding a NUL character (PostgreSQL cannot store one), or null. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = findNul(inner, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

/** Refuses text with a NUL character in any body, query or route parameter, naming the field. */
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata?: ArgumentMetadata): unknown {
    // Global pipes also run on socket.io handlers' arguments (the socket itself among them):
    // only request bodies, queries and route parameters are looked into.
    if (!metadata || !['body', 'query', 'param'].includes(metadata.type)) return value;
    const found = findNul(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (found !== null) throw new AppError('bad-request', 'request.nul', `${found || 'the request'} must not contain the NUL character`);
    return value;
  }
}

/** The global pipe for REST bodies and queries: unknown fields are refused, every message names its field. */
export function restValidationPipe(): ValidationPipe {
  return new ValidationPipe({ ...OPTIONS, transform: true, exceptionFactory: validationError });
}

/** The same rules for socket.io payloads, which do not pass through Nest's pipes here. */
export async function validatePayload<T extends object>(type: ClassConstructor<T>, payload: unknown): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new AppError('bad-request', 'request.invalid', 'The message must be a JSON object.');
  }
  const instance = plainToInstance(type, payload);
  const errors = await validate(instance, OPTIONS);
  if (errors.length > 0) throw validationError(errors);
  return instance;
}
