import { redirect } from '@sveltejs/kit';
import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  try {
    const lesson = await unwrap(apiClient(fetch, url.origin).GET('/api/lessons/{lessonId}', { params: { path: { lessonId: params.lessonId } } }));
    if (lesson.networkId !== params.networkId) redirect(307, `/networks/${lesson.networkId}/lessons/${lesson.id}`);
    return { lesson };
  } catch (cause) {
    failLoad(cause, url, 'This lesson does not exist, or you do not have access to it.');
  }
};
