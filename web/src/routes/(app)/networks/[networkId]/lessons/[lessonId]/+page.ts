import { redirect } from '@sveltejs/kit';
import { apiClient, messageOf, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { ThreadView } from '$lib/discussions/types';
import type { PageLoad } from './$types';

/** How many of a lesson's threads its page lists; "see all" goes to the discussions, narrowed to the lesson. */
const THREADS_SHOWN = 10;

export const load: PageLoad = async ({ params, url, fetch }) => {
  let lesson;
  try {
    const client = apiClient(fetch, url.origin);
    lesson = await unwrap(client.GET('/api/lessons/{lessonId}', { params: { path: { lessonId: params.lessonId } } }));
    if (lesson.networkId !== params.networkId) redirect(307, `/networks/${lesson.networkId}/lessons/${lesson.id}`);
  } catch (cause) {
    failLoad(cause, url, 'This lesson does not exist, or you do not have access to it.');
  }
  // A draft is not discussed. The lesson still shows when its threads cannot be read: they say so in their place.
  let threads: { items: ThreadView[]; more: boolean } | null = null;
  let threadsError: string | null = null;
  if (lesson.status === 'published') {
    try {
      const page = await unwrap(
        apiClient(fetch, url.origin).GET('/api/networks/{networkId}/threads', {
          params: { path: { networkId: lesson.networkId }, query: { subjectType: 'lesson', subjectId: lesson.id, limit: THREADS_SHOWN } },
        }),
      );
      threads = { items: page.items, more: page.nextCursor !== null };
    } catch (cause) {
      threadsError = messageOf(cause);
    }
  }
  return { lesson, threads, threadsError };
};
