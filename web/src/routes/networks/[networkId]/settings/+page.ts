import { error } from '@sveltejs/kit';
import { ApiError, apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import { requireUser } from '$lib/auth';
import type { PageLoad } from './$types';

/** The network as it is, and the networks it could be placed under. */
export const load: PageLoad = async (event) => {
  await requireUser(event);
  const { params, url, fetch } = event;
  const client = apiClient(fetch);
  try {
    const [tree, mine] = await Promise.all([
      unwrap(client.GET('/api/networks/{networkId}/tree', { params: { path: { networkId: params.networkId } } })),
      unwrap(client.GET('/api/networks', { params: { query: { mine: true, limit: 200 } } })),
    ]);
    const { network } = tree;
    if (network.myRole !== 'admin') error(403, 'Only admins of this network can change its details.');
    const parents = mine.items
      .filter((candidate) => candidate.myRole === 'admin' && candidate.id !== network.id)
      .map(({ id, name, level }) => ({ id, name, level }));
    // The current parent stays a choice even when this person does not administer it.
    const currentParent = tree.ancestors.at(-1);
    if (currentParent && currentParent.id === network.parentId && !parents.some((p) => p.id === currentParent.id)) {
      parents.push({ id: currentParent.id, name: currentParent.name, level: currentParent.level });
    }
    return { network, parents };
  } catch (cause) {
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) {
      error(404, 'This network does not exist, or you do not have access to it.');
    }
    failLoad(cause, url);
  }
};
