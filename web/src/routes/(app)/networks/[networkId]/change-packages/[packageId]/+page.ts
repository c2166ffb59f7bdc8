import { error, redirect } from '@sveltejs/kit';
import { ApiError, apiClient, unwrap } from '$lib/api/client';
import { failLoad, isMissing } from '$lib/api/load';
import { requireUser } from '$lib/auth';
import type { PageLoad } from './$types';

// The live editor works only in the browser (Yjs, the WebSocket, the offline copy): its page is not
// rendered on the server, unlike the rest of the app.
export const ssr = false;

const NOT_FOUND_MESSAGE = 'This change package does not exist, or you do not have access to it.';

/** The package (with its content as the server last saved it) and its network, side by side. */
export const load: PageLoad = async (event) => {
  const user = await requireUser(event);
  const { params, url, fetch, depends } = event;
  depends('app:change-package');
  const client = apiClient(fetch);
  try {
    const [changePackage, network] = await Promise.all([
      unwrap(client.GET('/api/change-packages/{packageId}', { params: { path: { packageId: params.packageId } } })),
      unwrap(client.GET('/api/networks/{networkId}', { params: { path: { networkId: params.networkId } } })),
    ]);
    if (changePackage.networkId !== network.id) redirect(307, `/networks/${changePackage.networkId}/change-packages/${changePackage.id}`);
    return { user, changePackage, network };
  } catch (cause) {
    if (cause instanceof ApiError && isMissing(cause)) error(404, NOT_FOUND_MESSAGE);
    failLoad(cause, url);
  }
};
