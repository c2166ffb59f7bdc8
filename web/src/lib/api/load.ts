import { error, redirect } from '@sveltejs/kit';
import { signInPath } from '$lib/auth';
import { ApiError } from './client';

/** Whether a request failed because what it names does not exist (or is hidden), or its id cannot be one. */
export function isMissing(cause: ApiError): boolean {
  return cause.status === 404 || cause.code === 'request.bad_id';
}

/**
 * Turns a failed request in a loader into what SvelteKit shows: a session that ended sends
 * the person to sign in (and back here after), anything else becomes the error page with the
 * server's message. With `notFound`, a missing or malformed id is a 404 saying that.
 */
export function failLoad(cause: unknown, url: URL, notFound?: string): never {
  if (!(cause instanceof ApiError)) throw cause;
  if (cause.status === 401) redirect(307, signInPath(url));
  if (notFound && isMissing(cause)) error(404, notFound);
  // Status 0 means the server was not reached at all.
  error(cause.status >= 400 ? cause.status : 503, cause.message);
}
