import { apiClient, ApiError, unwrap, type SearchQuery } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

const FILTERS = ['type', 'networkId', 'outcome', 'level', 'setting', 'tag', 'cursor'] as const;

/** The results of the search in the address (so that a search can be shared, bookmarked and gone back to). */
export const load: PageLoad = async ({ url, fetch }) => {
  const query: Record<string, string> = {};
  const q = url.searchParams.get('q')?.trim() ?? '';
  if (q) query.q = q;
  for (const name of FILTERS) {
    const value = url.searchParams.get(name);
    if (value) query[name] = value;
  }
  try {
    const result = await unwrap(apiClient(fetch, url.origin).GET('/api/search', { params: { query: query as SearchQuery } }));
    return { q, query, result, problem: null };
  } catch (error) {
    // Search being away, or a filter the server refuses, is said on the page itself, with the search box still there.
    if (error instanceof ApiError && (error.status === 503 || error.status === 400)) return { q, query, result: null, problem: { status: error.status, message: error.message } };
    failLoad(error, url);
  }
};
