import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import { PAGE_SIZE, STATUS_NAMES, type BarrierStatus } from '$lib/barriers/words';
import type { PageLoad } from './$types';

const isStatus = (value: string | null): value is BarrierStatus => value !== null && Object.hasOwn(STATUS_NAMES, value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The first page of the network's barrier register, narrowed by ?status=, and the barrier a lesson
 * linked to (?barrier=): it is fetched on its own when it is not on the first page, so that the
 * page can show and highlight it wherever it is in the list.
 */
export const load: PageLoad = async ({ params, url, fetch, depends }) => {
  depends('app:barriers');
  const wantedStatus = url.searchParams.get('status');
  const status = isStatus(wantedStatus) ? wantedStatus : null;
  const wantedBarrier = url.searchParams.get('barrier');
  const barrierId = wantedBarrier && UUID.test(wantedBarrier) ? wantedBarrier.toLowerCase() : null;
  try {
    const client = apiClient(fetch, url.origin);
    const path = { networkId: params.networkId };
    const register = await unwrap(client.GET('/api/networks/{networkId}/barriers', { params: { path, query: { limit: PAGE_SIZE, ...(status && { status }) } } }));
    let focused = barrierId ? (register.items.find((item) => item.id === barrierId) ?? null) : null;
    if (barrierId && !focused) {
      const one = await unwrap(client.GET('/api/networks/{networkId}/barriers', { params: { path, query: { barrier: barrierId, limit: 1 } } }));
      focused = one.items[0] ?? null;
    }
    return { register, status, focusedId: barrierId, focused };
  } catch (cause) {
    failLoad(cause, url);
  }
};
