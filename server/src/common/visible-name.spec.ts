import { IsString } from 'class-validator';
import { AppError } from '../platform/app-error';
import { validateInput } from './validation';
import { IsVisibleName, nameProblem } from './visible-name';

describe('nameProblem', () => {
  it('accepts names in any script, with accents, apostrophes, hyphens, emoji and the joiners that scripts need', () => {
    for (const name of [
      'Nadia Okafor',
      'Zoë O’Brien-Smith',
      'محمد الأحمد',
      'דנה כהן',
      '王小明',
      'नमस्ते', // Devanagari with its combining vowel signs
      'می\u200Cخواهم', // Persian with a zero-width non-joiner, as its keyboards type it
      'Team 7 👩\u200D⚕️',
      'Ward 7',
      '7',
    ]) {
      expect({ name, problem: nameProblem('displayName', name) }).toEqual({ name, problem: null });
    }
  });

  it('refuses every character that changes the direction of the text (embeddings, overrides, isolates)', () => {
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(nameProblem('displayName', `Sam ${control}rolyat`)).toBe('displayName must not contain hidden characters that change the direction of the text');
    }
  });

  it('refuses invisible characters, so that a name cannot look exactly like another', () => {
    for (const invisible of ['\u200B', '\u2060', '\uFEFF', '\u00AD', '\u3164', '\u115F', '\uFFA0', '\n', '\t', '\u2028']) {
      expect(nameProblem('name', `Nadia${invisible}Okafor`)).toBe('name must not contain invisible characters, such as zero-width spaces or line breaks');
    }
    // A blank Hangul "letter" on its own is not a name either.
    expect(nameProblem('name', '\u3164')).not.toBeNull();
  });

  it('refuses a name with no letter or number in it, and leaves empty text to the length check', () => {
    for (const name of ['...', '-', '\u0301', '👍', '!!!']) expect(nameProblem('title', name)).toBe('title must contain at least one letter or number');
    expect(nameProblem('title', '')).toBeNull();
  });
});

class NameBody {
  @IsString({ message: 'name must be text' })
  @IsVisibleName()
  name: string;
}

describe('IsVisibleName', () => {
  it('refuses through validation with the field named, and leaves a value of the wrong type to the type check alone', async () => {
    const refused = await validateInput(NameBody, { name: 'Ana\u202E' }, 'the request body').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'request.invalid',
      fields: [{ field: 'name', message: 'name must not contain hidden characters that change the direction of the text' }],
    });
    const wrongType = await validateInput(NameBody, { name: 5 }, 'the request body').catch((error: unknown) => error);
    expect(wrongType).toMatchObject({ fields: [{ field: 'name', message: 'name must be text' }] });
    await expect(validateInput(NameBody, { name: 'Ana Ortiz' }, 'the request body')).resolves.toEqual({ name: 'Ana Ortiz' });
  });
});
