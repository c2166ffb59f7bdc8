import { registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder the text around them:
 * "Sam \u202Erolyat" shows as "Sam taylor", so a name holding one can pass for another,
 * and can turn the words after it on the page around too.
 */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;

/**
 * Characters that show nothing and take no space, so that a name holding one looks exactly like
 * the name without it: control characters, zero-width spaces, the soft hyphen, word joiners and
 * invisible operators, the byte-order mark, and the blank "letters" (Hangul and Khmer fillers)
 * that pass for a name on their own. The zero-width joiner and non-joiner (U+200C, U+200D) stay
 * allowed: Persian and the Indic scripts, and emoji, need them.
 */
const INVISIBLE = /[\p{Cc}\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180E\u200B\u2028\u2029\u2060-\u2064\u3164\uFEFF\uFFA0]/u;

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/**
 * What is wrong with `value` as a name people will recognise one another by, as a message that
 * starts with `field`, or null when it is fine. Empty text is left to the length check.
 */
export function nameProblem(field: string, value: string): string | null {
  if (value === '') return null;
  if (DIRECTION_CONTROLS.test(value)) return `${field} must not contain hidden characters that change the direction of the text`;
  if (INVISIBLE.test(value)) return `${field} must not contain invisible characters, such as zero-width spaces or line breaks`;
  if (!LETTER_OR_NUMBER.test(value)) return `${field} must contain at least one letter or number`;
  return null;
}

/**
 * For every name or title that people see beside others' (display names, organisations, network,
 * team, change package and version names): refuses direction controls, invisible characters and
 * names with no letter or number, so that no name can look like someone else's or like nothing.
 * A value that is not text is left to the type check.
 */
export function IsVisibleName(options: { each?: boolean } = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isVisibleName',
      target: target.constructor,
      propertyName: String(propertyName),
      // each: every item of a list (tags) is held to it; the message then names the list.
      options: { each: options.each },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => typeof value !== 'string' || nameProblem(args.property, value) === null,
        defaultMessage: (args: ValidationArguments) =>
          (Array.isArray(args.value) ? args.value : [args.value]).map((value) => nameProblem(args.property, String(value))).find((problem) => problem !== null) ??
          `${args.property} must be a name people can read`,
      },
    });
  };
}
