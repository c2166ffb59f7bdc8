import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** A team of the network, with its action items from every learning session. */
export const load: PageLoad = async ({ params, url, fetch, depends }) => {
  depends('app:team');
  try {
    const page = await unwrap(
      apiClient(fetch, url.origin).GET('/api/networks/{networkId}/teams/{teamId}/action-items', { params: { path: { networkId: params.networkId, teamId: params.teamId } } }),
    );
    return { teamPage: page };
  } catch (cause) {
    failLoad(cause, url, 'This team does not exist, or you do not have access to it.');
  }
};
