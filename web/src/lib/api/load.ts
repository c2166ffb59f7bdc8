import { error, redirect } from '@sveltejs/kit';
import { signInPath } from '$lib/auth';
import { ApiError } from './client';

/**
 * Turns a failed request in a loader into what SvelteKit shows: a session that ended sends
 * the person to sign in (and back here after), anything else becomes the error page with the
 * server's message.
 */
export function failLoad(cause: unknown, url: URL): never {
  if (!(cause instanceof ApiError)) throw cause;
  if (cause.status === 401) redirect(307, signInPath(url));
  // Status 0 means the server was not reached at all.
  error(cause.status >= 400 ? cause.status : 503, cause.message);
}
