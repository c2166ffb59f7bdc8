/** What notifications are about, who gets them, and when mail goes: the rules, without I/O. */

export const NOTIFICATION_KINDS = ['mention', 'reply', 'watched_post', 'moderation', 'invitation', 'barrier_response'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** As Discourse has them: watching gets every new post, normal what is addressed to you, muted nothing. */
export const NOTIFICATION_LEVELS = ['watching', 'normal', 'muted'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

export const EMAIL_CHOICES = ['immediately', 'daily', 'never'] as const;
export type EmailChoice = (typeof EMAIL_CHOICES)[number];

/**
 * The e-mail choice of someone who has not chosen. "immediately" is calm here because immediate
 * mail is never one mail per event: it waits MAIL_BATCH_DELAY_MS, gathers everything that arrived
 * meanwhile into one mail, and leaves out what was read in the app in the meantime. With the
 * default level ("normal"), it only ever carries what is addressed to the person (mentions,
 * replies to them, moderators' actions on their posts, invitations), which they would not want
 * to learn of a day late; new posts in threads reach only those who chose to watch them.
 */
export const DEFAULT_EMAIL_CHOICE: EmailChoice = 'immediately';
export const DEFAULT_LEVEL: NotificationLevel = 'normal';

/** A thread's own level overrides the network's; neither set is "normal". */
export function effectiveLevel(networkLevel: NotificationLevel | null, threadLevel: NotificationLevel | null): NotificationLevel {
  return threadLevel ?? networkLevel ?? DEFAULT_LEVEL;
}

/**
 * Whether a notification of `kind` reaches someone at `level`. Muted drops everything; a new post
 * in a thread reaches only watchers. Invitations do not depend on levels: the invitee is not in
 * the network yet, so nothing of theirs there can be muted.
 */
export function levelAllows(kind: NotificationKind, level: NotificationLevel): boolean {
  if (kind === 'invitation') return true;
  if (level === 'muted') return false;
  if (kind === 'watched_post') return level === 'watching';
  return true;
}

/**
 * Invitations go to people who cannot read the network yet (a private network is what they are
 * invited to); everything else goes only to people who can read it now.
 */
export function needsReadAccess(kind: NotificationKind): boolean {
  return kind !== 'invitation';
}

/** How long after a notification its "immediately" mail goes out (the batch's first notification sets it). */
export function immediateMailAt(createdAt: Date, batchDelayMs: number): Date {
  return new Date(createdAt.getTime() + batchDelayMs);
}

/** What a digest or a batched mail reports, with the names the reader sees. */
export interface MailedNotification {
  id: string;
  kind: NotificationKind;
  networkId: string;
  networkName: string;
  threadId: string | null;
  title: string;
  excerpt: string;
  actorLabel: string;
  url: string;
  createdAt: Date;
}

export interface DigestThread {
  threadId: string | null;
  title: string;
  items: MailedNotification[];
}

export interface DigestNetwork {
  networkId: string;
  networkName: string;
  threads: DigestThread[];
}

/**
 * Groups notifications by network, then by thread (notifications without a thread, like
 * invitations, each stand alone), in the order of their first notification, oldest first inside.
 */
export function groupForDigest(notifications: MailedNotification[]): DigestNetwork[] {
  const sorted = [...notifications].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const networks = new Map<string, DigestNetwork>();
  const threads = new Map<string, DigestThread>();
  for (const item of sorted) {
    let network = networks.get(item.networkId);
    if (!network) {
      network = { networkId: item.networkId, networkName: item.networkName, threads: [] };
      networks.set(item.networkId, network);
    }
    const threadKey = item.threadId ? `thread:${item.threadId}` : `single:${item.id}`;
    let thread = threads.get(threadKey);
    if (!thread) {
      thread = { threadId: item.threadId, title: item.title, items: [] };
      threads.set(threadKey, thread);
      network.threads.push(thread);
    }
    thread.items.push(item);
  }
  return [...networks.values()];
}
