import type { EmailChoice, NotificationItem, NotificationLevel } from '$lib/api/client';
import { LOCALE } from '$shared/dates';

/** What happened, in one plain sentence, for a notification in the header panel and the centre. */
export function whatHappened(item: NotificationItem): string {
  const sentence = describe(item);
  // An anonymous writer's label ("a member of Ward 4") starts the sentence too.
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function describe(item: NotificationItem): string {
  const who = item.actorLabel || 'Someone';
  const thread = item.title ? `“${item.title}”` : 'a discussion';
  switch (item.kind) {
    case 'mention':
      return `${who} mentioned you in ${thread}`;
    case 'reply':
      return `${who} replied to your post in ${thread}`;
    case 'watched_post':
      return `${who} wrote in ${thread}, a discussion you watch`;
    case 'moderation':
      return `A moderator acted on your post in ${thread}`;
    case 'invitation':
      return `${who} invited you to join ${item.networkName}`;
    case 'barrier_response':
      return `${who} answered a barrier you raised: ${thread}`;
  }
}

export const EMAIL_CHOICES: EmailChoice[] = ['immediately', 'daily', 'never'];

export const EMAIL_CHOICE_NAMES: Record<EmailChoice, string> = {
  immediately: 'Soon after it happens',
  daily: 'Once a day, in a digest',
  never: 'Never',
};

export const EMAIL_CHOICE_HINTS: Record<EmailChoice, string> = {
  immediately: 'We wait a few minutes and put what came together into one email, leaving out anything you have already read here.',
  daily: 'One email a day with what you have not read yet, grouped by network and discussion.',
  never: 'No emails about notifications. You still see them here, under Notifications.',
};

export const LEVELS: NotificationLevel[] = ['watching', 'normal', 'muted'];

export const LEVEL_NAMES: Record<NotificationLevel, string> = {
  watching: 'Watching',
  normal: 'Normal',
  muted: 'Muted',
};

/** One sentence each, as Discourse explains its levels. */
export const LEVEL_HINTS: Record<NotificationLevel, string> = {
  watching: 'You are told about every new post in every discussion of this network.',
  normal: 'You are told when someone mentions you or replies to you.',
  muted: 'You are told nothing about this network, not even mentions.',
};

/** The same levels on one discussion. */
export const THREAD_LEVEL_HINTS: Record<NotificationLevel, string> = {
  watching: 'You are told about every new post in this discussion.',
  normal: 'You are told only when someone mentions you or replies to you here.',
  muted: 'You are told nothing about this discussion, not even mentions.',
};

const dayFormat = new Intl.DateTimeFormat(LOCALE, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(LOCALE, { hour: 'numeric', minute: '2-digit' });

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** "Today", "Yesterday" or the date, for a heading over one day's notifications. */
export function dayHeading(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (dayKey(date) === dayKey(now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (dayKey(date) === dayKey(yesterday)) return 'Yesterday';
  return dayFormat.format(date);
}

export function timeOfDay(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** Notifications (newest first) in runs of one day each, in the same order. */
export function byDay(items: NotificationItem[], now = new Date()): { day: string; items: NotificationItem[] }[] {
  const days: { day: string; items: NotificationItem[] }[] = [];
  for (const item of items) {
    const day = dayHeading(item.createdAt, now);
    const last = days.at(-1);
    if (last?.day === day) last.items.push(item);
    else days.push({ day, items: [item] });
  }
  return days;
}

/** The header button's accessible name: "Notifications, 3 unread". */
export function buttonLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} unread` : 'Notifications, none unread';
}
