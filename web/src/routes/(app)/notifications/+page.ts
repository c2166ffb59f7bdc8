import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

/** The first page of the person's notifications, all of them or (`?unread=true`) only the unread. */
export const load: PageLoad = async ({ url, fetch, depends }) => {
  depends('app:notifications');
  const unreadOnly = url.searchParams.get('unread') === 'true';
  try {
    const first = await unwrap(apiClient(fetch, url.origin).GET('/api/notifications', { params: { query: unreadOnly ? { unread: true } : {} } }));
    return { first, unreadOnly };
  } catch (error) {
    failLoad(error, url);
  }
};
