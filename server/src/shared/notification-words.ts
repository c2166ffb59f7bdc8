/**
 * What a notification says happened, in one plain sentence: the same words in the header panel,
 * the notification centre (`$shared/notification-words`) and the e-mails. Built only from what
 * the notification holds; its `actorLabel` is already anonymised ("a member of Ward 4") by
 * whoever notified, so no sentence can name an anonymous writer.
 */
export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'watched_post',
  'moderation',
  'invitation',
  'barrier_response',
  'session_cancelled',
  'session_updated',
  'session_reminder',
  'action_item_assigned',
  'action_item_due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationFacts {
  kind: NotificationKind;
  /** Who did it; empty when the notification does not know. */
  actorLabel: string;
  /** The discussion's title (for an invitation, whatever the invitation was titled). */
  title: string;
  networkName: string;
}

export function notificationSentence(facts: NotificationFacts): string {
  const sentence = describe(facts);
  // An anonymous writer's label ("a member of Ward 4") starts the sentence too.
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function describe({ kind, actorLabel, title, networkName }: NotificationFacts): string {
  const who = actorLabel.trim() || 'someone';
  const thread = title.trim() ? `“${title.trim()}”` : 'a discussion';
  switch (kind) {
    case 'mention':
      return `${who} mentioned you in ${thread}`;
    case 'reply':
      return `${who} replied to your post in ${thread}`;
    case 'watched_post':
      return `${who} wrote in ${thread}, a discussion you watch`;
    case 'moderation':
      return `a moderator acted on your post in ${thread}`;
    case 'invitation':
      return `${who} invited you to join ${networkName}`;
    case 'barrier_response':
      // The title is the barrier's description.
      return `${who} answered a barrier you raised: ${thread}`;
    // For the three below, the title is the learning session's.
    case 'session_cancelled':
      return `the learning session “${title.trim()}” in ${networkName} was cancelled`;
    case 'session_updated':
      return `the learning session “${title.trim()}” in ${networkName} has a new time`;
    case 'session_reminder':
      return `the learning session “${title.trim()}” in ${networkName} starts soon`;
    // For the two below, the title is the action item's; the notification goes to its team's members.
    case 'action_item_assigned':
      return `${who} gave your team an action item in ${networkName}: “${title.trim()}”`;
    case 'action_item_due':
      return `your team's action item in ${networkName} is due soon: “${title.trim()}”`;
  }
}
