import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, depends }) => {
  depends('app:sessions');
  try {
    return { sessions: await unwrap(apiClient(fetch, url.origin).GET('/api/auth/sessions')) };
  } catch (error) {
    failLoad(error, url);
  }
};
