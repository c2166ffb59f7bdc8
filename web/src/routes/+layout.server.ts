import { ApiError, apiClient, unwrap } from '$lib/api/client';
import type { LayoutServerLoad } from './$types';

/**
 * Who is signed in (found by hooks.server.ts) and, for the header, how many notifications they
 * have not read; signing in or out re-runs it with invalidateAll. The count is a convenience: if
 * it cannot be had, the page still renders and the header asks again in the browser.
 */
export const load: LayoutServerLoad = async ({ locals, fetch, url, untrack }) => {
  const user = locals.user;
  if (!user) return { user, unreadCount: 0 };
  // Read without tracking the address, so that this does not run again at every navigation.
  const origin = untrack(() => url.origin);
  try {
    const { unreadCount } = await unwrap(apiClient(fetch, origin).GET('/api/notifications/unread-count'));
    return { user, unreadCount };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { user, unreadCount: 0 };
  }
};
