import { redirect } from '@sveltejs/kit';
import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** The session around the live room (its title, meeting link and abilities); the room itself comes live over socket.io. */
export const load: PageLoad = async ({ params, url, fetch }) => {
  try {
    const session = await unwrap(apiClient(fetch, url.origin).GET('/api/learning-sessions/{sessionId}', { params: { path: { sessionId: params.sessionId } } }));
    if (session.networkId !== params.networkId) redirect(307, `/networks/${session.networkId}/learning-sessions/${session.id}/room`);
    return { session };
  } catch (cause) {
    failLoad(cause, url, 'This learning session does not exist, or you do not have access to it.');
  }
};
