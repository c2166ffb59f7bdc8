import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** The network's upcoming sessions (soonest first) and its recent past ones. */
export const load: PageLoad = async ({ params, url, fetch }) => {
  const client = apiClient(fetch, url.origin);
  const path = { networkId: params.networkId };
  try {
    const [upcoming, past] = await Promise.all([
      unwrap(client.GET('/api/networks/{networkId}/learning-sessions', { params: { path, query: { when: 'upcoming', limit: 50 } } })),
      unwrap(client.GET('/api/networks/{networkId}/learning-sessions', { params: { path, query: { when: 'past', limit: 20 } } })),
    ]);
    return { upcoming, past };
  } catch (cause) {
    failLoad(cause, url);
  }
};
