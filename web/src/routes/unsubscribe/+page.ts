import { ApiError, apiClient, unwrap } from '$lib/api/client';
import type { PageLoad } from './$types';

/**
 * What an email's unsubscribe link would stop, for anyone who has it, signed in or not (the
 * signed token is the permission). A link that does not work is not an error page: the person
 * gets a plain reason and a way to their settings.
 */
export const load: PageLoad = async ({ url, fetch, parent }) => {
  const { user } = await parent();
  const token = url.searchParams.get('token') ?? '';
  if (!token) return { user, token, preview: null, problem: 'This link is missing its code. Open the link from the email again.' };
  try {
    const preview = await unwrap(apiClient(fetch, url.origin).GET('/api/unsubscribe', { params: { query: { token } } }));
    return { user, token, preview, problem: null };
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) return { user, token, preview: null, problem: error.message };
    throw error;
  }
};
