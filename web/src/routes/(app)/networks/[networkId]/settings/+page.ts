import { error } from '@sveltejs/kit';
import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** The networks this one could be placed under; only its admins may change its settings. */
export const load: PageLoad = async ({ parent, url, fetch }) => {
  const { network, ancestors } = await parent();
  if (!network.can.administer) error(403, 'Only admins of this network can change its settings.');
  try {
    const mine = await unwrap(apiClient(fetch, url.origin).GET('/api/networks', { params: { query: { mine: true, limit: 200 } } }));
    const parents = mine.items
      .filter((candidate) => candidate.can.administer && candidate.id !== network.id)
      .map(({ id, name, level }) => ({ id, name, level }));
    // The current parent stays a choice even when this person does not administer it.
    const currentParent = ancestors.at(-1);
    if (currentParent && currentParent.id === network.parentId && !parents.some((p) => p.id === currentParent.id)) {
      parents.push({ id: currentParent.id, name: currentParent.name, level: currentParent.level });
    }
    return { parents };
  } catch (cause) {
    failLoad(cause, url);
  }
};
