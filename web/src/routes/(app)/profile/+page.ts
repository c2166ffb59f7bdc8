import { apiClient, unwrap } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, depends }) => {
  depends('app:sessions');
  const client = apiClient(fetch, url.origin);
  try {
    const [sessions, notificationPreferences, calendarFeed] = await Promise.all([
      unwrap(client.GET('/api/auth/sessions')),
      unwrap(client.GET('/api/me/notification-preferences')),
      unwrap(client.GET('/api/me/calendar-feed')),
    ]);
    return { sessions, notificationPreferences, calendarFeed };
  } catch (error) {
    failLoad(error, url);
  }
};
