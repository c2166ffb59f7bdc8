import { redirect } from '@sveltejs/kit';
import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  try {
    const client = apiClient(fetch, url.origin);
    const path = { sessionId: params.sessionId };
    // The summary (ls-harvest): hosts get the draft or what the session has produced so far; others only a published one.
    // Not having one is no failure of this page, so its refusal is simply no summary.
    const [session, summary] = await Promise.all([
      unwrap(client.GET('/api/learning-sessions/{sessionId}', { params: { path } })),
      client.GET('/api/learning-sessions/{sessionId}/summary', { params: { path } }).then((answer) => answer.data ?? null, () => null),
    ]);
    if (session.networkId !== params.networkId) redirect(307, `/networks/${session.networkId}/learning-sessions/${session.id}`);
    return { session, summary };
  } catch (cause) {
    failLoad(cause, url, 'This learning session does not exist, or you do not have access to it.');
  }
};
