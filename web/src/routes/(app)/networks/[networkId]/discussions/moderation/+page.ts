import { error } from '@sveltejs/kit';
import { failLoad } from '$lib/api/load';
import { apiClient, unwrap } from '$lib/api/client';
import type { PageLoad } from './$types';

/** The reported posts waiting for this network's moderators (coaches and admins only). */
export const load: PageLoad = async ({ parent, url, fetch, depends }) => {
  depends('app:moderation');
  const { network } = await parent();
  if (!network.can.moderate) error(403, 'Only the coaches and admins of this network can review reported posts.');
  try {
    return { reports: (await unwrap(apiClient(fetch, url.origin).GET('/api/networks/{networkId}/moderation/reports', { params: { path: { networkId: network.id } } }))).items };
  } catch (cause) {
    failLoad(cause, url);
  }
};
