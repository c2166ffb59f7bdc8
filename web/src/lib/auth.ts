import { redirect } from '@sveltejs/kit';
import { ApiError, apiClient, unwrap, type InvitationPreview, type User } from '$lib/api/client';

/** Where to send someone who must sign in first, so that they come back to `url` afterwards. */
export function signInPath(url: URL): string {
  return `/signin?next=${encodeURIComponent(url.pathname + url.search)}`;
}

/**
 * The `next` query parameter, as a path on this site, so that a crafted sign-in link cannot send
 * people elsewhere. It is judged by what the URL parser makes of it, as the browser will: the
 * parser drops tabs and newlines and reads "\" as "/", so "/%09/evil.example" is another site
 * even though its text starts with one "/". Anything that is not a path on this origin gives
 * `fallback`; what is kept is the parsed path, with no character a redirect header cannot carry.
 */
export function safeNext(url: URL, fallback = '/networks'): string {
  const next = url.searchParams.get('next');
  if (!next) return fallback;
  let target: URL;
  try {
    target = new URL(next, url.origin);
  } catch {
    return fallback;
  }
  // "//host" would be read as another site when sent back as a bare path ("/.//evil.example" parses to it).
  if (target.origin !== url.origin || target.pathname.startsWith('//')) return fallback;
  return target.pathname + target.search + target.hash;
}

/**
 * For loaders of pages that need an account: the signed-in user, or a redirect to sign in (an
 * HTTP redirect when the page is rendered on the server).
 */
export async function requireUser(event: {
  parent: () => Promise<{ user: User | null }>;
  url: URL;
  untrack: <T>(read: () => T) => T;
}): Promise<User> {
  const { user } = await event.parent();
  // The address only matters for the way back; a new address must not re-run the loader.
  if (!user) redirect(307, event.untrack(() => signInPath(event.url)));
  return user;
}

/**
 * When sign-in or sign-up was reached from an invitation (`next` is its page), what it invites to,
 * so that the page can say which network the person is about to join. Null otherwise, and when the
 * link does not work (the invitation's own page explains that once they are back there).
 */
export async function invitationInNext(url: URL, fetch: typeof globalThis.fetch): Promise<InvitationPreview | null> {
  const token = /^\/invitations\/([A-Za-z0-9_-]+)$/.exec(safeNext(url, ''))?.[1];
  if (!token) return null;
  try {
    return await unwrap(apiClient(fetch, url.origin).GET('/api/invitations/{token}', { params: { path: { token } } }));
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}
