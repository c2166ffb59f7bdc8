import { goto } from '$app/navigation';

/**
 * Moves to `href` inside the app, falling back to a full page load when that fails (the target
 * page's code could not load: offline, or a new version replaced it). The browser then shows the
 * page or its own offline message, rather than a click that does nothing and an unhandled error.
 */
export async function goOrLoad(href: string, options?: Parameters<typeof goto>[1]): Promise<void> {
  try {
    await goto(href, options);
  } catch {
    location.assign(href);
  }
}
