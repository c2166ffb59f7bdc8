import { redirect } from '@sveltejs/kit';
import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch, parent }) => {
  try {
    const client = apiClient(fetch, url.origin);
    const path = { sessionId: params.sessionId };
    const [session, { network }] = await Promise.all([unwrap(client.GET('/api/learning-sessions/{sessionId}', { params: { path } })), parent()]);
    if (session.networkId !== params.networkId) redirect(307, `/networks/${session.networkId}/learning-sessions/${session.id}`);
    // The summary (ls-harvest): hosts get the draft or what the session has produced so far; others
    // only a published one, so it is asked for only when there is one to get. Should it fail, the
    // page is still the session's, without the summary.
    const asked = session.status !== 'cancelled' && (network.can.moderate || session.summaryPublished);
    const summary = asked ? await client.GET('/api/learning-sessions/{sessionId}/summary', { params: { path } }).then((answer) => answer.data ?? null, () => null) : null;
    return { session, summary };
  } catch (cause) {
    failLoad(cause, url, 'This learning session does not exist, or you do not have access to it.');
  }
};
