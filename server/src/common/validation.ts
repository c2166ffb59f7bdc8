import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

export function validationError(errors: ValidationError[]): AppError {
  return new AppError('bad-request', 'request.invalid', describe(errors).join('; ') || 'The request is not valid.');
}

const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

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
