import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';
import type { Handle, HandleFetch, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { API_ORIGIN } from '$shared/web-handoff';
import { ApiError, apiClient, unwrap, type User } from '$lib/api/client';
import { plainErrorMessage } from '$lib/errors';

/**
 * Where /api is, seen from this process. Inside the Knotwork server, the server says (its own
 * loopback address); under `vite dev`, it is the Knotwork server the dev proxy also uses.
 */
function apiOrigin(event: RequestEvent): string {
  const handedOff = event.platform?.req[API_ORIGIN];
  if (handedOff) return handedOff;
  if (dev) return env.KNOTWORK_API ?? 'http://localhost:3000';
  throw new Error('The web app must be served by the Knotwork server, which tells it where /api is.');
}

/** The visitor's account, or null when they are not signed in (or their session ended). */
async function signedInUser(event: RequestEvent): Promise<User | null> {
  try {
    return await unwrap(apiClient(event.fetch, event.url.origin).GET('/api/auth/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

// Response headers the typed client reads (it checks for an empty body), so SvelteKit must send
// them along with the responses it hands over to the browser for hydration.
const HEADERS_THE_CLIENT_READS = new Set(['content-length', 'content-type']);

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.user = await signedInUser(event);
  const response = await resolve(event, { filterSerializedResponseHeaders: (name) => HEADERS_THE_CLIENT_READS.has(name) });
  // A page rendered for someone signed in holds what only they may see: no shared cache keeps it.
  if (event.locals.user) response.headers.set('cache-control', 'private, no-cache');
  return response;
};

/**
 * Server-side loads call /api as the visitor: the request goes to the server's own address (never
 * out through the public name the visitor used) and carries the visitor's cookie, so the API
 * answers exactly what it would answer the browser.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);
  const headers = new Headers(request.headers);
  const cookie = event.request.headers.get('cookie');
  if (cookie) headers.set('cookie', cookie);
  return fetch(new Request(new URL(url.pathname + url.search, apiOrigin(event)), { method: request.method, headers, body: request.body, duplex: 'half' } as RequestInit));
};

/** An unexpected failure or an unknown address: plain words for the page, the details for the log. */
export const handleError: HandleServerError = ({ error, status }) => {
  if (status >= 500) console.error(error);
  return { message: plainErrorMessage(status) };
};
