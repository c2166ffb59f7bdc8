import { error } from '@sveltejs/kit';
import { ApiError, apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import { requireUser } from '$lib/auth';
import type { PageLoad } from './$types';

const NOT_FOUND_MESSAGE = 'This network does not exist, or you do not have access to it.';

/**
 * Everything the network home shows, fetched side by side. The tree carries the network itself,
 * so it is not fetched twice; invitations are fetched as soon as the tree says the person is an
 * admin (anyone else would only get a 403).
 */
export const load: PageLoad = async (event) => {
  const user = await requireUser(event);
  const { params, url, fetch, depends } = event;
  depends('app:network');
  const client = apiClient(fetch);
  const id = params.networkId;

  const tree = unwrap(client.GET('/api/networks/{networkId}/tree', { params: { path: { networkId: id } } }));
  const invitations = tree.then(({ network }) =>
    network.myRole === 'admin' ? unwrap(client.GET('/api/networks/{networkId}/invitations', { params: { path: { networkId: id } } })) : null,
  );
  try {
    const [treeData, members, teams, invitationList, changePackages] = await Promise.all([
      tree,
      unwrap(client.GET('/api/networks/{networkId}/members', { params: { path: { networkId: id } } })),
      unwrap(client.GET('/api/networks/{networkId}/teams', { params: { path: { networkId: id } } })),
      invitations,
      unwrap(client.GET('/api/networks/{networkId}/change-packages', { params: { path: { networkId: id } } })),
    ]);
    return { user, network: treeData.network, tree: treeData, members, teams, invitations: invitationList, changePackages };
  } catch (cause) {
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) error(404, NOT_FOUND_MESSAGE);
    failLoad(cause, url);
  }
};
