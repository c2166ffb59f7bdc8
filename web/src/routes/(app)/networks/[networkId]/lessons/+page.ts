import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import { OUTCOMES, type Outcome } from '$lib/lessons/types';
import type { PageLoad } from './$types';

/** The network's lessons as the address filters them (?outcome, ?setting, ?tag), and the caller's own drafts. */
export const load: PageLoad = async ({ parent, params, url, fetch }) => {
  const { network } = await parent();
  const wanted = url.searchParams.get('outcome');
  const outcome = OUTCOMES.some((item) => item.value === wanted) ? (wanted as Outcome) : undefined;
  const setting = url.searchParams.get('setting')?.trim() || undefined;
  const tag = url.searchParams.get('tag')?.trim() || undefined;
  const client = apiClient(fetch, url.origin);
  const path = { networkId: params.networkId };
  try {
    const [lessons, drafts] = await Promise.all([
      unwrap(client.GET('/api/networks/{networkId}/lessons', { params: { path, query: { outcome, setting, tag, limit: 30 } } })),
      network.can.contribute ? unwrap(client.GET('/api/networks/{networkId}/lessons', { params: { path, query: { status: 'draft', limit: 10 } } })) : null,
    ]);
    return { lessons, drafts: drafts?.items ?? [], filters: { outcome: outcome ?? '', setting: setting ?? '', tag: tag ?? '' } };
  } catch (cause) {
    failLoad(cause, url);
  }
};
