import 'reflect-metadata';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validate, ValidateIf, type ValidationError } from 'class-validator';
import type { FieldProblem } from '../platform/app-error';
import { PlatformErrors } from '../platform/platform.errors';
import { inspectInput } from './input-inspection';

/**
 * An optional field of a request body or query: absent (undefined) is fine, but a field that is
 * present must be of its type, and null only where `nullable: true` says so. The same options
 * document the field in OpenAPI, so that the check and the document cannot disagree. Use it
 * instead of class-validator's @IsOptional(), which lets null through to every field.
 */
export function OptionalField(options: ApiPropertyOptions = {}): PropertyDecorator {
  const nullable = options.nullable === true;
  return applyDecorators(
    ApiPropertyOptional(options),
    ValidateIf((_object: object, value: unknown) => value !== undefined && !(nullable && value === null)),
  );
}

const CHANGES_SOMETHING = Symbol('knotwork:changes-something');

/** A PATCH body: every field is optional, but a request must change at least one. */
export function ChangesAtLeastOneField(): ClassDecorator {
  return (target) => Reflect.defineMetadata(CHANGES_SOMETHING, true, target);
}

/** Constraints that say the value is not even of the right type; when one fails, the others are noise. */
const TYPE_CONSTRAINTS = new Set(['isString', 'isBoolean', 'isInt', 'isNumber', 'isIn', 'isUuid', 'isEnum', 'isArray', 'isObject']);

/** One problem per field, worded "name must be 1 to 120 characters"; nested fields get a dotted path. */
function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    const typeProblem = constraints.find(([rule]) => TYPE_CONSTRAINTS.has(rule));
    const messages = (typeProblem ? [typeProblem] : constraints).map(([rule, message]) => {
      if (rule === 'whitelistValidation') return `${field} is not a field this request accepts`;
      // class-validator words a list item that is not an object after the list ("each value in nested property agenda …").
      if (rule === 'nestedValidation') return `${field} must be an object`;
      return message.replace(error.property, field);
    });
    const own = messages.length > 0 ? [{ field, message: messages.join('; ') }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The one way input becomes a typed object, for REST bodies and queries and socket.io payloads
 * alike: its shape is inspected before class-transformer sees it (see inspectInput), then
 * class-validator checks it against `type`. `subject` names the input in messages.
 */
export async function validateInput<T extends object>(type: ClassConstructor<T>, input: unknown, subject: string): Promise<T> {
  const problem = inspectInput(input, subject);
  if (problem) throw problem;
  if (!isPlainObject(input)) throw PlatformErrors.notAnObject(subject);
  const instance = plainToInstance(type, input);
  const errors = await validate(instance, OPTIONS);
  if (errors.length > 0) throw PlatformErrors.invalid(fieldProblems(errors));
  if (Reflect.getMetadata(CHANGES_SOMETHING, type) && Object.keys(input).length === 0) {
    const fields = new Set(getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).map((metadata) => metadata.propertyName));
    throw PlatformErrors.nothingToChange([...fields]);
  }
  return instance;
}

/** A socket.io payload, validated like a request body. */
export function validatePayload<T extends object>(type: ClassConstructor<T>, payload: unknown): Promise<T> {
  return validateInput(type, payload, 'the message');
}

const SUBJECT: Partial<Record<ArgumentMetadata['type'], string>> = { body: 'the request body', query: 'the query' };
/** Types that are not request schemas. */
const PLAIN_TYPES = new Set<unknown>([undefined, String, Boolean, Number, Object, Array]);

/**
 * The global pipe for REST: route parameters are inspected, and bodies and queries declared with
 * a DTO class are validated into it (validateInput). Nest also runs global pipes on socket.io
 * payloads, which it presents as bodies; gateways declare those `unknown` and call
 * validatePayload, so this pipe leaves undeclared bodies alone.
 */
export class RequestValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') {
      const problem = inspectInput({ [metadata.data ?? 'parameter']: value }, 'the address');
      if (problem) throw problem;
      return value;
    }
    const subject = SUBJECT[metadata.type];
    if (!subject || PLAIN_TYPES.has(metadata.metatype)) return value;
    return validateInput(metadata.metatype as ClassConstructor<object>, value, subject);
  }
}
