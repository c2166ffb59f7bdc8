import { redirect } from '@sveltejs/kit';
import type { User } from '$lib/api/client';

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
