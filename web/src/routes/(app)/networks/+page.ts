import { apiClient, unwrap, type NetworkLevel } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import { LEVELS } from '$lib/labels';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch }) => {
  const levelParam = url.searchParams.get('level');
  const level = LEVELS.find((candidate) => candidate === levelParam);
  const q = url.searchParams.get('q')?.trim() || undefined;
  const filters: { level?: NetworkLevel; q?: string } = { ...(level && { level }), ...(q && { q }) };
  const client = apiClient(fetch, url.origin);
  try {
    // Two lists that never overlap: the networks you belong to, then the others you could join.
    const [mine, others] = await Promise.all([
      unwrap(client.GET('/api/networks', { params: { query: { ...filters, mine: true } } })),
      unwrap(client.GET('/api/networks', { params: { query: { ...filters, mine: false } } })),
    ]);
    return { filters, mine, others };
  } catch (error) {
    failLoad(error, url);
  }
};
