import { INPUT_LIMITS, inspectInput } from './input-inspection';

/** [[[…]]] nested `depth` times, built without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

const problemOf = (input: unknown) => {
  const problem = inspectInput(input, 'the request body');
  return problem && { code: problem.code, message: problem.message, fields: problem.fields };
};

describe('inspectInput', () => {
  it('lets ordinary input through', () => {
    expect(problemOf({ name: 'Northshore', description: 'Café ☕ 😀', parentId: null, limit: 3, tags: ['a', { b: true }] })).toBeNull();
    expect(problemOf(null)).toBeNull();
  });

  it('refuses a 100,000-deep array without overflowing the stack, naming the field it is in', () => {
    expect(problemOf(nestedArrays(100_000))).toEqual({
      code: 'request.too_deep',
      message: `The request body is nested too deeply (at most ${INPUT_LIMITS.maxDepth} levels).`,
      fields: undefined,
    });
    expect(problemOf({ name: nestedArrays(100_000) })).toEqual({
      code: 'request.too_deep',
      message: `name is nested too deeply (at most ${INPUT_LIMITS.maxDepth} levels)`,
      fields: [{ field: 'name', message: `name is nested too deeply (at most ${INPUT_LIMITS.maxDepth} levels)` }],
    });
  });

  it('allows nesting up to the limit', () => {
    expect(problemOf(nestedArrays(INPUT_LIMITS.maxDepth))).toBeNull();
    expect(problemOf(nestedArrays(INPUT_LIMITS.maxDepth + 1))?.code).toBe('request.too_deep');
  });

  it('refuses __proto__, constructor and prototype keys anywhere, naming where', () => {
    expect(problemOf(JSON.parse('{"name":"x","__proto__":{"admin":true}}'))).toMatchObject({
      code: 'request.reserved_name',
      fields: [{ field: '__proto__', message: '__proto__ is not a field this request accepts' }],
    });
    expect(problemOf({ aim: { constructor: { prototype: 1 } } })?.fields).toEqual([{ field: 'aim.constructor', message: 'aim.constructor is not a field this request accepts' }]);
    expect(problemOf({ list: [{ prototype: 1 }] })?.fields?.[0].field).toBe('list.0.prototype');
  });

  it('refuses a lone surrogate or a NUL in any string, and in keys', () => {
    expect(problemOf({ email: '\ud800@example.org' })).toMatchObject({ code: 'request.malformed_text', fields: [{ field: 'email' }] });
    expect(problemOf({ name: 'a\udc00b' })).toMatchObject({ code: 'request.malformed_text', fields: [{ field: 'name' }] });
    expect(problemOf({ aim: { what: 'x\u0000' } })).toMatchObject({
      code: 'request.nul',
      fields: [{ field: 'aim.what', message: 'aim.what must not contain the NUL character' }],
    });
    expect(problemOf({ ['\ud800']: 1 })).toMatchObject({ code: 'request.bad_field_name', message: 'The request body has a field name that is not valid text.' });
    expect(problemOf({ ['x'.repeat(201)]: 1 })?.code).toBe('request.bad_field_name');
    expect(problemOf('\u0000')).toMatchObject({ code: 'request.nul', message: 'The request body must not contain the NUL character.' });
  });

  it('limits the length of lists and the number of values in all', () => {
    expect(problemOf({ ids: new Array(INPUT_LIMITS.maxArrayLength).fill(0) })).toBeNull();
    expect(problemOf({ ids: new Array(INPUT_LIMITS.maxArrayLength + 1).fill(0) })).toMatchObject({
      code: 'request.too_many_items',
      fields: [{ field: 'ids', message: `ids must have at most ${INPUT_LIMITS.maxArrayLength} items` }],
    });
    const wide = Object.fromEntries(Array.from({ length: INPUT_LIMITS.maxValues + 1 }, (_, index) => [`k${index}`, index]));
    expect(problemOf(wide)?.code).toBe('request.too_many_values');
  });

  it('reports the first problem in reading order', () => {
    expect(problemOf({ first: '\u0000', second: '\ud800' })?.fields?.[0].field).toBe('first');
  });
});
