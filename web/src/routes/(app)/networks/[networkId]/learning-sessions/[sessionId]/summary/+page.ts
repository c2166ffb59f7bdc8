import { redirect } from '@sveltejs/kit';
import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** The session's summary: hosts review the draft (or what the session has produced so far); members read it once published. */
export const load: PageLoad = async ({ params, url, fetch }) => {
  try {
    const summary = await unwrap(apiClient(fetch, url.origin).GET('/api/learning-sessions/{sessionId}/summary', { params: { path: { sessionId: params.sessionId } } }));
    if (summary.networkId !== params.networkId) redirect(307, `/networks/${summary.networkId}/learning-sessions/${summary.sessionId}/summary`);
    return { summary };
  } catch (cause) {
    failLoad(cause, url, 'This session has no published summary yet, or you do not have access to it.');
  }
};
