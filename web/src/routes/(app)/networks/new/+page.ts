import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** The networks this person administers: the only ones a new network can be placed under. */
export const load: PageLoad = async ({ url, fetch }) => {
  try {
    const mine = await unwrap(apiClient(fetch, url.origin).GET('/api/networks', { params: { query: { mine: true, limit: 200 } } }));
    const parents = mine.items.filter((network) => network.can.administer).map(({ id, name, level }) => ({ id, name, level }));
    const parentId = url.searchParams.get('parentId');
    return { parents, parent: parents.find((network) => network.id === parentId) ?? null };
  } catch (error) {
    failLoad(error, url);
  }
};
