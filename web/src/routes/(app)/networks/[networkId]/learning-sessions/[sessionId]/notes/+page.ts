import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** The session whose notes and action items this page shows (the notes themselves come live from /collab). */
export const load: PageLoad = async ({ params, url, fetch }) => {
  try {
    const session = await unwrap(apiClient(fetch, url.origin).GET('/api/learning-sessions/{sessionId}', { params: { path: { sessionId: params.sessionId } } }));
    return { session };
  } catch (cause) {
    failLoad(cause, url, 'This learning session does not exist, or you do not have access to it.');
  }
};
