import type { HandleClientError } from '@sveltejs/kit';
import { OFFLINE_MESSAGE } from '$lib/api/client';
import { canReachKnotwork, plainErrorMessage } from '$lib/errors';

/**
 * An unexpected failure or an unknown address while navigating: plain words, as on the server. A
 * failure because Knotwork does not answer (the next page's code or data could not be fetched) is
 * said as that, not as a fault of ours.
 */
export const handleError: HandleClientError = async ({ error, status }) => {
  if (status >= 500 && !(await canReachKnotwork())) return { message: OFFLINE_MESSAGE, unreachable: true };
  if (status >= 500) console.error(error);
  return { message: plainErrorMessage(status) };
};
