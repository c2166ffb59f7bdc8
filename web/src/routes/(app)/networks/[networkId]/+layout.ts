import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { LayoutLoad } from './$types';

const NETWORK_NOT_FOUND = 'This network does not exist, or you do not have access to it.';

/**
 * The network every place of its workspace shows in its header, with where it sits (the networks
 * above it, and those under it). Join, leave and edits re-run it through 'app:network'.
 */
export const load: LayoutLoad = async ({ params, url, fetch, depends }) => {
  depends('app:network');
  try {
    const tree = await unwrap(apiClient(fetch, url.origin).GET('/api/networks/{networkId}/tree', { params: { path: { networkId: params.networkId } } }));
    return { network: tree.network, ancestors: tree.ancestors, subNetworks: tree.children };
  } catch (cause) {
    failLoad(cause, url, NETWORK_NOT_FOUND);
  }
};
