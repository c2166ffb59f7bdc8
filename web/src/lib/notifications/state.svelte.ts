import { getContext, setContext } from 'svelte';
import { api, unwrap, type NotificationItem } from '$lib/api/client';
import { listen, onConnected } from '$lib/live/socket';

const KEY = Symbol('notifications');

/**
 * The signed-in person's unread count, shared by the header and the notification centre (one per
 * page tree, through context, so that nothing of one visitor is kept in the server's memory for
 * another). It is live: `notification:new` on the tab's socket.io connection raises it at once,
 * `notification:count` follows what was read elsewhere, and coming back to the tab (or a
 * reconnection) asks the server again, for what a connection that was away missed.
 */
export class NotificationsState {
  unreadCount = $state(0);
  /** The last notification that arrived live, for lists on the page that want to show it at once. */
  arrived = $state<NotificationItem | null>(null);

  constructor(initialCount: number) {
    this.unreadCount = initialCount;
  }

  async refresh(): Promise<void> {
    try {
      this.unreadCount = (await unwrap(api.GET('/api/notifications/unread-count'))).unreadCount;
    } catch {
      // The count is a convenience: a failed refresh keeps the last known one until the next chance.
    }
  }

  /** Marks notifications read (all of them without ids) and keeps the count in step. */
  async markRead(ids?: string[]): Promise<void> {
    this.unreadCount = (await unwrap(api.POST('/api/notifications/read', { body: ids ? { ids } : { all: true } }))).unreadCount;
  }

  /** Starts listening (in the browser, once signed in); returns what stops it. */
  start(): () => void {
    const arrived = (message: { notification: NotificationItem; unreadCount: number }) => {
      this.arrived = message.notification;
      this.unreadCount = message.unreadCount;
    };
    // Read here, in another tab or on another device: every open tab shows the same count.
    const counted = (message: { unreadCount: number }) => {
      this.unreadCount = message.unreadCount;
    };
    const stopListening = listen({ 'notification:new': arrived, 'notification:count': counted });
    // What happened before the connection was made (since the page was rendered) or while it was
    // away is not sent again: the server's count is the truth.
    const stopConnected = onConnected(() => void this.refresh());
    const cameBack = () => {
      if (document.visibilityState === 'visible') void this.refresh();
    };
    window.addEventListener('focus', cameBack);
    document.addEventListener('visibilitychange', cameBack);
    return () => {
      stopListening();
      stopConnected();
      window.removeEventListener('focus', cameBack);
      document.removeEventListener('visibilitychange', cameBack);
    };
  }
}

export function provideNotifications(state: NotificationsState): void {
  setContext(KEY, state);
}

/** The page's notification state; null when nobody is signed in. */
export function notifications(): NotificationsState | null {
  return getContext<NotificationsState | undefined>(KEY) ?? null;
}
