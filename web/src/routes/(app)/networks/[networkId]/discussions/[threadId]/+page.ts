import { redirect } from '@sveltejs/kit';
import { failLoad } from '$lib/api/load';
import { DiscussionsApi } from '$lib/discussions/api';
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
  const client = new DiscussionsApi(fetch, url.origin);
  try {
    const thread = await client.thread(params.threadId);
    if (thread.networkId !== params.networkId) redirect(307, `/networks/${thread.networkId}/discussions/${thread.id}`);
    const around = Number(url.searchParams.get('post'));
    const posts = await client.posts(
      thread.id,
      Number.isInteger(around) && around > 0 ? { around, limit: PAGE_SIZE } : thread.firstUnreadSeq ? { from: 'first-unread', limit: PAGE_SIZE } : { limit: PAGE_SIZE },
    );
    return { thread, posts };
  } catch (cause) {
    failLoad(cause, url, NOT_FOUND);
  }
};
