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
  depends('app:moderation');
  try {
    const tree = await unwrap(apiClient(fetch, url.origin).GET('/api/networks/{networkId}/tree', { params: { path: { networkId: params.networkId } } }));
    return { network: tree.network, ancestors: tree.ancestors, subNetworks: tree.children, openReports: await openReports(tree.network, fetch, url) };
  } catch (cause) {
    failLoad(cause, url, NETWORK_NOT_FOUND);
  }
};

/**
 * How many reported posts wait for this network's moderators, shown on their navigation. Only
 * moderators are asked; a failure leaves the count out rather than the whole workspace.
 */
async function openReports(network: { id: string; can: { moderate: boolean } }, fetch: typeof globalThis.fetch, url: URL): Promise<number | null> {
  if (!network.can.moderate) return null;
  try {
    return (await unwrap(apiClient(fetch, url.origin).GET('/api/networks/{networkId}/moderation/summary', { params: { path: { networkId: network.id } } }))).openReports;
  } catch {
    return null;
  }
}
