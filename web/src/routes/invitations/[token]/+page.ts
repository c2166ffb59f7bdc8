import { ApiError, apiClient, unwrap, type InvitationPreview } from '$lib/api/client';
import type { PageLoad } from './$types';

/**
 * What the invitation is for. Anyone may look, signed in or not. A link that no longer works is
 * not an error page: the person gets the server's reason and what to do next.
 */
export const load: PageLoad = async ({ params, url, fetch, parent }) => {
  const { user } = await parent();
  try {
    const preview: InvitationPreview = await unwrap(
      apiClient(fetch, url.origin).GET('/api/invitations/{token}', { params: { path: { token: params.token } } }),
    );
    return { user, token: params.token, preview, problem: null };
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
      return { user, token: params.token, preview: null, problem: error.message };
    }
    throw error;
  }
};
