import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import { requireUser } from '$lib/auth';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  const user = await requireUser(event);
  event.depends('app:sessions');
  try {
    return { user, sessions: await unwrap(apiClient(event.fetch).GET('/api/auth/sessions')) };
  } catch (error) {
    failLoad(error, event.url);
  }
};
