import { error } from '@sveltejs/kit';
import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** The networks this one could be placed under (the server leaves out itself and its sub-networks); only its admins may change its settings. */
export const load: PageLoad = async ({ parent, url, fetch }) => {
  const { network } = await parent();
  if (!network.can.administer) error(403, 'Only admins of this network can change its settings.');
  try {
    const path = { networkId: network.id };
    return { parents: await unwrap(apiClient(fetch, url.origin).GET('/api/networks/{networkId}/parent-choices', { params: { path } })) };
  } catch (cause) {
    failLoad(cause, url);
  }
};
