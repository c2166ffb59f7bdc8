import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import { PAGE_SIZE } from '$lib/barriers/words';
import type { PageLoad } from './$types';

/** The first page of the network's barrier register. */
export const load: PageLoad = async ({ params, url, fetch, depends }) => {
  depends('app:barriers');
  try {
    const register = await unwrap(
      apiClient(fetch, url.origin).GET('/api/networks/{networkId}/barriers', { params: { path: { networkId: params.networkId }, query: { limit: PAGE_SIZE } } }),
    );
    return { register };
  } catch (cause) {
    failLoad(cause, url);
  }
};
