import type { HandleClientError } from '@sveltejs/kit';
import { plainErrorMessage } from '$lib/errors';

/** An unexpected failure or an unknown address while navigating: plain words, as on the server. */
export const handleError: HandleClientError = ({ error, status }) => {
  if (status >= 500) console.error(error);
  return { message: plainErrorMessage(status) };
};
