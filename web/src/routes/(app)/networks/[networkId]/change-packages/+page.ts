import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  try {
    const path = { networkId: params.networkId };
    return { changePackages: await unwrap(apiClient(fetch, url.origin).GET('/api/networks/{networkId}/change-packages', { params: { path } })) };
  } catch (cause) {
    failLoad(cause, url);
  }
};
