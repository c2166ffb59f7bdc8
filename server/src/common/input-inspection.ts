import type { AppError } from '../platform/app-error';
import { PlatformErrors } from '../platform/platform.errors';

/**
 * Bounds on what a request may hold, checked before any transformer or validator sees it: our
 * bodies are a few levels deep with short lists, so these leave room to grow while keeping a
 * hostile body (a 100,000-deep array, a million keys) from costing anything.
 */
export const INPUT_LIMITS = {
  maxDepth: 16,
  maxArrayLength: 1_000,
  /** Keys and array items in all, at every level. */
  maxValues: 10_000,
  maxKeyLength: 200,
};

/**
 * Keys that class-transformer would turn into a change of the object's prototype rather than a
 * field, slipping past the unknown-field check; no request has a field by these names.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a piece of text, as the rest of "<field> …", or null when nothing is. */
function textProblem(text: string): 'nul' | 'malformed' | null {
  // PostgreSQL cannot store a NUL; a lone surrogate is not text at all, and cannot be encoded.
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'malformed';
  return null;
}

interface Pending {
  value: unknown;
  /** The dotted path of the value ("aim.what", "items.3"), or null for the whole input. */
  path: string | null;
  depth: number;
}

/**
 * Walks parsed input once, iteratively (a deep value cannot overflow the stack), and returns the
 * first problem: text with a NUL or a lone surrogate, a reserved or unreadable key, nesting
 * deeper than the limit, a list too long, too many values in all. `subject` names the whole
 * input in messages ("the request body", "the query", "the message"); a problem inside a field
 * names the field.
 */
export function inspectInput(input: unknown, subject: string, limits = INPUT_LIMITS): AppError | null {
  const stack: Pending[] = [{ value: input, path: null, depth: 0 }];
  const rootIsObject = typeof input === 'object' && input !== null && !Array.isArray(input);
  let values = 0;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem === 'nul') return PlatformErrors.nul(path, subject);
      if (problem === 'malformed') return PlatformErrors.malformedText(path, subject);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    // The top-level field is named rather than the whole path: a path 16 levels deep helps nobody.
    if (depth >= limits.maxDepth) return PlatformErrors.tooDeep(rootIsObject && path ? path.split('.')[0] : null, subject, limits.maxDepth);
    if (Array.isArray(value) && value.length > limits.maxArrayLength) return PlatformErrors.tooManyItems(path, subject, limits.maxArrayLength);
    const keys = Array.isArray(value) ? null : Object.keys(value);
    values += keys ? keys.length : (value as unknown[]).length;
    if (values > limits.maxValues) return PlatformErrors.tooManyValues(subject, limits.maxValues);
    const children: Pending[] = [];
    if (keys === null) {
      (value as unknown[]).forEach((item, index) => children.push({ value: item, path: path ? `${path}.${index}` : String(index), depth: depth + 1 }));
    } else {
      for (const key of keys) {
        if (key.length > limits.maxKeyLength) return PlatformErrors.badFieldName(subject, `is longer than ${limits.maxKeyLength} characters`);
        if (textProblem(key) !== null) return PlatformErrors.badFieldName(subject, 'is not valid text');
        const keyPath = path ? `${path}.${key}` : key;
        if (RESERVED_KEYS.has(key)) return PlatformErrors.reservedName(keyPath);
        children.push({ value: (value as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
      }
    }
    // Pushed in reverse, so that the first problem in reading order is the one reported.
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]);
  }
  return null;
}
