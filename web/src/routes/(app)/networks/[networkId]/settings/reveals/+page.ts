import { error } from '@sveltejs/kit';
import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** Every time an admin found out who wrote an anonymous post here: admins only, as the reveal itself. */
export const load: PageLoad = async ({ parent, url, fetch }) => {
  const { network } = await parent();
  if (!network.can.administer) error(403, 'Only admins of this network can see who revealed an anonymous writer.');
  try {
    const path = { networkId: network.id };
    return { reveals: (await unwrap(apiClient(fetch, url.origin).GET('/api/networks/{networkId}/reveals', { params: { path } }))).items };
  } catch (cause) {
    failLoad(cause, url);
  }
};
