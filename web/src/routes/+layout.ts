import { ApiError, apiClient, unwrap } from '$lib/api/client';
import type { LayoutLoad } from './$types';

// A single-page app: the server sends the shell, and every page loads in the browser.
export const ssr = false;

/** Who is signed in. Runs once; signing in or out re-runs it with invalidateAll. */
export const load: LayoutLoad = async ({ fetch }) => {
  try {
    return { user: await unwrap(apiClient(fetch).GET('/api/auth/me')) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { user: null };
    throw error;
  }
};
