import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SERVER_SOURCE = join(__dirname, '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('request and response classes', () => {
  // The OpenAPI document names each schema after its class, and a second class of the same name
  // silently replaces the first: the typed web client then sends one route the other's body.
  it('have names unique across features, so that no OpenAPI schema replaces another', () => {
    const seen = new Map<string, string[]>();
    for (const path of sourceFiles(SERVER_SOURCE)) {
      for (const match of readFileSync(path, 'utf8').matchAll(/^export class (\w+)/gm)) {
        seen.set(match[1], [...(seen.get(match[1]) ?? []), relative(SERVER_SOURCE, path)]);
      }
    }
    const shared = [...seen].filter(([, where]) => where.length > 1).map(([name, where]) => `${name} (${where.join(', ')})`);
    expect(shared).toEqual([]);
    expect(seen.size).toBeGreaterThan(50);
  });
});
