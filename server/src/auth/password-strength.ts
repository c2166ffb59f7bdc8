import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords';

/**
 * zxcvbn's scores run from 0 (guessed within a thousand tries) to 4. Below 2 a password falls to
 * fewer than a million guesses: one of the most common passwords or close to one, a keyboard
 * row, a repeat or a sequence, a date, or the person's own name or email.
 */
const LOWEST_ACCEPTED_SCORE = 2;

/** Built once, on first use: loading the lists (tens of thousands of common passwords) takes a moment. */
let checker: ZxcvbnFactory | null = null;

function strengthChecker(): ZxcvbnFactory {
  // The common-password list and keyboard layouts ship inside the package: nothing is fetched.
  checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return checker;
}

/** Why, in plain words, for each kind of weakness zxcvbn names. */
const REASONS: Record<string, string> = {
  topTen: 'is one of the most common passwords, so it is among the first anyone would try',
  topHundred: 'is one of the most common passwords, so it is among the first anyone would try',
  common: 'is a commonly used password, so it is among the first anyone would try',
  similarToCommon: 'is too close to a commonly used password, so it is among the first anyone would try',
  userInputs: 'contains your name or email address, which others can easily find out',
  straightRow: 'is a row of keys next to each other, which is easy to guess',
  keyPattern: 'is a simple pattern on the keyboard, which is easy to guess',
  simpleRepeat: 'repeats the same character, which is easy to guess',
  extendedRepeat: 'repeats the same few characters, which is easy to guess',
  sequences: 'is a sequence such as "abcd" or "1234", which is easy to guess',
  recentYears: 'is mostly a recent year, which is easy to guess',
  dates: 'is mostly a date, which is easy to guess',
  wordByItself: 'is a single word, which is easy to guess',
  namesByThemselves: 'is a name on its own, which is easy to guess',
  commonNames: 'is a common name, which is easy to guess',
};
const GENERIC_REASON = 'is too easy to guess';
const ADVICE = 'Try a short sentence of a few unrelated words instead.';

/**
 * Why `password` may not be used, as a message that starts with the field's name, or null when it
 * is fine. `personal` holds what others could know about its owner (their email, their name).
 */
export function passwordWeakness(field: string, password: string, personal: string[]): string | null {
  const result = strengthChecker().check(password, personalWords(personal));
  if (result.score >= LOWEST_ACCEPTED_SCORE) return null;
  const reason = (result.feedback.warning && REASONS[result.feedback.warning]) || GENERIC_REASON;
  return `${field} ${reason}. ${ADVICE}`;
}

/**
 * What a guesser would try from someone's name and email: each as given, its words ("Maria",
 * "Santos"), the words run together ("mariasantos"), and the email's name part and its pieces.
 */
export function personalWords(personal: string[]): string[] {
  const words = new Set<string>();
  for (const value of personal) {
    const text = value.trim().toLowerCase();
    const local = text.includes('@') ? text.slice(0, text.indexOf('@')) : text;
    const pieces = local.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    for (const word of [text, local, pieces.join(''), ...pieces]) if (word.length >= 3) words.add(word);
  }
  return [...words];
}

const weaknessFound = new WeakMap<object, Map<string, string>>();

/**
 * For a DTO's password field: refuses common and trivially weak passwords, saying why.
 * `personalFields` name the body's other fields that others could know (the email, the name), so
 * that a password made of them is refused too. A password of the wrong length is left to the
 * length check, so that it gets one message, not two.
 */
export function IsHardToGuess(personalFields: string[] = []): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isHardToGuess',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          if (typeof value !== 'string' || value.length < PASSWORD_MIN_LENGTH || value.length > PASSWORD_MAX_LENGTH) return true;
          const body = args.object as Record<string, unknown>;
          const personal = personalFields.map((field) => body[field]).filter((found): found is string => typeof found === 'string');
          const weakness = passwordWeakness(args.property, value, personal);
          if (weakness === null) return true;
          const found = weaknessFound.get(args.object) ?? new Map<string, string>();
          weaknessFound.set(args.object, found.set(args.property, weakness));
          return false;
        },
        defaultMessage(args: ValidationArguments): string {
          return weaknessFound.get(args.object)?.get(args.property) ?? `${args.property} ${GENERIC_REASON}. ${ADVICE}`;
        },
      },
    });
  };
}
