import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** The members, the teams and, for admins, the invitations, fetched side by side. */
export const load: PageLoad = async ({ params, parent, url, fetch, depends }) => {
  depends('app:network');
  const { network } = await parent();
  const client = apiClient(fetch, url.origin);
  const path = { networkId: params.networkId };
  try {
    const [members, teams, invitations] = await Promise.all([
      unwrap(client.GET('/api/networks/{networkId}/members', { params: { path } })),
      unwrap(client.GET('/api/networks/{networkId}/teams', { params: { path } })),
      network.can.administer ? unwrap(client.GET('/api/networks/{networkId}/invitations', { params: { path } })) : null,
    ]);
    return { members, teams, invitations };
  } catch (cause) {
    failLoad(cause, url);
  }
};
