import { goto } from '$app/navigation';
import type { NotificationItem } from '$lib/api/client';
import type { NotificationsState } from './state.svelte';

/**
 * Following a notification's link marks it read. A plain click waits for that before moving on
 * (so that the count is right on the next page); opening it in a new tab or window (a modifier
 * key, the middle button) lets the browser do so and marks it read meanwhile.
 */
export async function openNotification(event: MouseEvent, item: NotificationItem, state: NotificationsState | null, before?: () => void): Promise<void> {
  const newTab = event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
  if (!newTab) event.preventDefault();
  if (!item.readAt) {
    item.readAt = new Date().toISOString();
    try {
      await state?.markRead([item.id]);
    } catch {
      // Not being marked read must not keep anyone from what the notification is about.
    }
  }
  if (newTab) return;
  before?.();
  const target = new URL(item.url, location.href);
  if (target.origin !== location.origin) return location.assign(target.href);
  try {
    await goto(target.pathname + target.search + target.hash);
  } catch {
    // The page's code for the target could not load (offline, or a new version replaced it): a
    // full page load shows the browser's own message or the page, rather than nothing happening.
    location.assign(target.href);
  }
}
