import type { NotificationItem } from '$lib/api/client';
import { goOrLoad } from '$lib/navigation';
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
  if (target.origin === location.origin) await goOrLoad(target.pathname + target.search + target.hash);
  else location.assign(target.href);
}
