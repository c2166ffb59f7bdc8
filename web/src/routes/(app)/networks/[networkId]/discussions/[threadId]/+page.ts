import { redirect } from '@sveltejs/kit';
import { failLoad } from '$lib/api/load';
import { apiClient, unwrap } from '$lib/api/client';
import { PAGE_SIZE } from '$lib/discussions/thread-state.svelte';
import type { PageLoad } from './$types';

const NOT_FOUND = 'This thread does not exist, or you do not have access to it.';

/**
 * The thread and one page of its posts, rendered on the server: at the first unread post when
 * there is one (so that a long thread opens where the reader left off), at ?post=<n> for a link
 * to one post, or from the start.
 */
export const load: PageLoad = async ({ params, url, fetch, depends }) => {
  depends('app:thread');
  const client = apiClient(fetch, url.origin);
  try {
    const thread = await unwrap(client.GET('/api/threads/{threadId}', { params: { path: { threadId: params.threadId } } }));
    if (thread.networkId !== params.networkId) redirect(307, `/networks/${thread.networkId}/discussions/${thread.id}`);
    const around = Number(url.searchParams.get('post'));
    const query = Number.isInteger(around) && around > 0 ? { around, limit: PAGE_SIZE } : thread.firstUnreadSeq ? { from: 'first-unread' as const, limit: PAGE_SIZE } : { limit: PAGE_SIZE };
    const posts = await unwrap(client.GET('/api/threads/{threadId}/posts', { params: { path: { threadId: thread.id }, query } }));
    return { thread, posts };
  } catch (cause) {
    failLoad(cause, url, NOT_FOUND);
  }
};
