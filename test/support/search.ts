import type { TestUser } from './api';
import { eventually } from './jobs';
import { testServices } from './server';

/** GET /api/search with these parameters, as `user`. */
export function search(user: TestUser, params: Record<string, string | number | undefined> = {}) {
  const query = new URLSearchParams(Object.entries(params).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
  return user.client.get(`/api/search?${query}`);
}

/** Waits until `user`'s search for `q` finds a hit for which `match` holds, and returns that hit. */
export function searchable(user: TestUser, q: string, match: (hit: any) => boolean, timeoutMs = 60_000): Promise<any> {
  return eventually(
    async () => {
      const response = await search(user, { q, limit: 50 });
      return response.status === 200 ? (response.body.hits as any[]).find(match) : undefined;
    },
    `a search for "${q}" to find it`,
    timeoutMs,
  );
}

/** Every document in a Meilisearch index, read directly (what the index holds, whatever the API shows). */
export async function indexDocuments(indexUid: string, meili = testServices()): Promise<Record<string, unknown>[]> {
  const documents: Record<string, unknown>[] = [];
  for (let offset = 0; ; offset += 1000) {
    const response = await fetch(`${meili.meiliUrl}/indexes/${indexUid}/documents?limit=1000&offset=${offset}`, {
      headers: { authorization: `Bearer ${meili.meiliMasterKey}` },
    });
    if (!response.ok) throw new Error(`reading the index failed: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { results: Record<string, unknown>[]; total: number };
    documents.push(...page.results);
    if (documents.length >= page.total || page.results.length === 0) return documents;
  }
}

/** The index a suite's server writes to (test/support/server.ts names it after the database). */
export function indexOf(databaseUrl: string): string {
  return databaseUrl.slice(databaseUrl.lastIndexOf('/') + 1);
}
