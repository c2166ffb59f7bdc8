import { apiClient, unwrap } from '$lib/api/client';
import type { LessonChoices } from '$lib/lessons/types';

/**
 * What the editor offers (the teams the caller may file the lesson under, the network's change
 * ideas). Without them the editor still works, so a failure gives null rather than an error page.
 */
export async function loadLessonChoices(fetch: typeof globalThis.fetch, origin: string, networkId: string): Promise<LessonChoices | null> {
  try {
    return await unwrap(apiClient(fetch, origin).GET('/api/networks/{networkId}/lesson-choices', { params: { path: { networkId } } }));
  } catch {
    return null;
  }
}
