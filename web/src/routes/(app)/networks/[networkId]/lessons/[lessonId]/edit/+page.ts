import { error } from '@sveltejs/kit';
import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import { loadLessonChoices } from '../../choices';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  let lesson;
  try {
    lesson = await unwrap(apiClient(fetch, url.origin).GET('/api/lessons/{lessonId}', { params: { path: { lessonId: params.lessonId } } }));
  } catch (cause) {
    failLoad(cause, url, 'This lesson does not exist, or you do not have access to it.');
  }
  if (!lesson.can.edit) error(403, 'Only the person who wrote this lesson, or a coach or admin of its network, can change it.');
  return { lesson, choices: await loadLessonChoices(fetch, url.origin, lesson.networkId) };
};
