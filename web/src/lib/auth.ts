import { redirect } from '@sveltejs/kit';
import type { User } from '$lib/api/client';

/** Where to send someone who must sign in first, so that they come back to `url` afterwards. */
export function signInPath(url: URL): string {
  return `/signin?next=${encodeURIComponent(url.pathname + url.search)}`;
}

/**
 * The `next` query parameter, if it is a path on this site. Anything else (another site,
 * "//evil.example") is ignored, so a crafted sign-in link cannot send people elsewhere.
 */
export function safeNext(url: URL, fallback = '/networks'): string {
  const next = url.searchParams.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
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
