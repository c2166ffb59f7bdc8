import { IsBoolean, IsIn, IsString, IsUUID, Length } from 'class-validator';
import { AppError } from '../platform/app-error';
import { ChangesAtLeastOneField, OptionalField, validateInput } from './validation';

@ChangesAtLeastOneField()
class PatchBody {
  @OptionalField({ minLength: 1, maxLength: 20 })
  @IsString({ message: 'name must be text' })
  @Length(1, 20, { message: 'name must be 1 to 20 characters' })
  name?: string;

  @OptionalField()
  @IsBoolean({ message: 'flag must be true or false' })
  flag?: boolean;

  @OptionalField({ type: String, nullable: true })
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string | null;
}

class CreateBody {
  @IsIn(['a', 'b'], { message: 'kind must be one of: a, b' })
  kind: string;
}

async function failure(type: new () => object, input: unknown): Promise<{ code: string; message: string; fields?: readonly unknown[] }> {
  const error = await validateInput(type, input, 'the request body').then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message, fields: error.fields };
}

describe('validateInput', () => {
  it('accepts absent optional fields and null where a field is nullable', async () => {
    await expect(validateInput(PatchBody, { name: 'x' }, 'the request body')).resolves.toEqual({ name: 'x' });
    await expect(validateInput(PatchBody, { parentId: null }, 'the request body')).resolves.toEqual({ parentId: null });
  });

  it('refuses null for an optional field that is not nullable, naming the field', async () => {
    expect(await failure(PatchBody, { name: null })).toEqual({
      code: 'request.invalid',
      message: 'name must be text',
      fields: [{ field: 'name', message: 'name must be text' }],
    });
    expect((await failure(PatchBody, { flag: null })).fields).toEqual([{ field: 'flag', message: 'flag must be true or false' }]);
  });

  it('reports one message per field: the type when the type is wrong, every rule otherwise', async () => {
    expect((await failure(PatchBody, { name: 5, flag: 'yes' })).fields).toEqual([
      { field: 'name', message: 'name must be text' },
      { field: 'flag', message: 'flag must be true or false' },
    ]);
    expect((await failure(PatchBody, { name: '' })).fields).toEqual([{ field: 'name', message: 'name must be 1 to 20 characters' }]);
  });

  it('refuses unknown fields, including __proto__ and constructor', async () => {
    expect((await failure(CreateBody, { kind: 'a', extra: 1 })).fields).toEqual([{ field: 'extra', message: 'extra is not a field this request accepts' }]);
    expect(await failure(CreateBody, JSON.parse('{"kind":"a","__proto__":{"kind":"b"}}'))).toMatchObject({ code: 'request.reserved_name' });
    expect(await failure(CreateBody, { kind: 'a', constructor: 'x' })).toMatchObject({ code: 'request.reserved_name' });
  });

  it('refuses a PATCH that changes nothing, listing what it could change', async () => {
    expect(await failure(PatchBody, {})).toEqual({
      code: 'request.nothing_to_change',
      message: 'The request changes nothing: send at least one of name, flag, parentId.',
      fields: undefined,
    });
  });

  it('refuses input that is not an object', async () => {
    for (const input of [[], 'text', 5, null, undefined]) expect((await failure(CreateBody, input)).code).toBe('request.not_an_object');
  });
});
