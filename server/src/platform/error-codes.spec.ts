import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AppError } from './app-error';

const SERVER_SOURCE = join(__dirname, '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sourceFiles(SERVER_SOURCE);
const errorsFiles = files.filter((path) => path.endsWith('.errors.ts'));
/** A code is a quoted, dotted, lower-case name ('networks.name_taken'); no message looks like one. */
const CODE_LITERAL = /'([a-z_]+(?:\.[a-z_]+)+)'/g;

/** Every code the errors files declare, with the file that declares it. */
const declared = errorsFiles.flatMap((path) =>
  [...readFileSync(path, 'utf8').matchAll(CODE_LITERAL)].map((match) => ({ code: match[1], file: relative(SERVER_SOURCE, path) })),
);

describe('error codes', () => {
  it('are declared in the features’ *.errors.ts files, which exist', () => {
    expect(errorsFiles.map((path) => relative(SERVER_SOURCE, path)).sort()).toEqual(
      expect.arrayContaining(['auth/auth.errors.ts', 'change-packages/change-packages.errors.ts', 'collab/collab.errors.ts', 'networks/networks.errors.ts', 'platform/platform.errors.ts']),
    );
    expect(declared.length).toBeGreaterThan(40);
  });

  it('are unique: no two failures share a code', () => {
    const seen = new Map<string, string[]>();
    for (const { code, file } of declared) seen.set(code, [...(seen.get(code) ?? []), file]);
    const shared = [...seen].filter(([, where]) => where.length > 1).map(([code, where]) => `${code} (${where.join(', ')})`);
    expect(shared).toEqual([]);
  });

  it('are only made in *.errors.ts files, so that this list is all of them', () => {
    const makers = files.filter(
      (path) => !path.endsWith('.errors.ts') && !path.endsWith('app-error.ts') && /new AppError\(|fieldError\(/.test(readFileSync(path, 'utf8')),
    );
    expect(makers.map((path) => relative(SERVER_SOURCE, path))).toEqual([]);
  });

  it('match what the declared factories actually produce', async () => {
    const produced: string[] = [];
    for (const path of errorsFiles) {
      const module = (await import(path)) as Record<string, unknown>;
      for (const exported of Object.values(module)) {
        if (typeof exported !== 'object' || exported === null) continue;
        for (const factory of Object.values(exported)) {
          if (typeof factory !== 'function' || factory.length > 0) continue;
          const error: unknown = factory();
          if (error instanceof AppError) produced.push(error.code);
        }
      }
    }
    expect(produced.length).toBeGreaterThan(20);
    expect(declared.map(({ code }) => code)).toEqual(expect.arrayContaining(produced));
  });
});
