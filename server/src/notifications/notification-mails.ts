import { renderMail, type MailBody, type MailBlock } from '../mail/mail-layout';
import { groupForDigest, type MailedNotification, type NotificationKind } from './notification.rules';

/**
 * The mails of notifications, built only from what the notification rows hold: their
 * `actorLabel` was anonymised by whoever notified (an anonymous author is "a member of <team>"),
 * and nothing here looks anyone up, so a mail cannot name an anonymous author.
 */

const WHAT: Record<NotificationKind, string> = {
  mention: 'mentioned you',
  reply: 'replied to you',
  watched_post: 'posted',
  moderation: 'acted on your post',
  invitation: 'invited you',
  barrier_response: 'answered a barrier you raised',
};

export interface NotificationMailInput {
  recipientName: string;
  notifications: MailedNotification[];
  /** Absolute links: the notification centre, the preferences page and the one-click unsubscribe page. */
  links: { absolute: (path: string) => string; preferences: string; unsubscribe: string };
}

export interface BuiltMail extends MailBody {
  subject: string;
}

/** A sentence may start with an anonymous writer's label ("a member of Ward 4"). */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function line(item: MailedNotification, absolute: (path: string) => string): MailBlock['lines'] {
  const lines: MailBlock['lines'] = [{ text: sentence(`${item.actorLabel} ${WHAT[item.kind]}: ${item.title}`), url: absolute(item.url) }];
  if (item.excerpt) lines.push({ text: `“${item.excerpt}”`, quiet: true });
  return lines;
}

function footer(links: NotificationMailInput['links'], why: string) {
  return [
    { text: why },
    { text: 'Choose what reaches you:', url: links.preferences },
    { text: 'Stop these e-mails (no sign-in needed):', url: links.unsubscribe },
  ];
}

function countWords(count: number): string {
  return count === 1 ? '1 new notification' : `${count} new notifications`;
}

/** The mail of an "immediately" batch: everything unread that gathered during the batch delay. */
export function batchMail({ recipientName, notifications, links }: NotificationMailInput): BuiltMail {
  const [first] = notifications;
  const subject =
    notifications.length === 1 ? sentence(`${first.actorLabel} ${WHAT[first.kind]}: ${first.title}`) : `${countWords(notifications.length)} in Knotwork`;
  const body = renderMail({
    intro: `Hello ${recipientName}, here is what happened while you were away.`,
    blocks: groupForDigest(notifications).flatMap((network) =>
      network.threads.map((thread) => ({ heading: `${network.networkName}: ${thread.title}`, lines: thread.items.flatMap((item) => line(item, links.absolute)) })),
    ),
    action: { label: 'Open your notifications', url: links.absolute('/notifications') },
    footer: footer(links, 'You get this because you chose to hear right away about what concerns you.'),
  });
  return { subject, ...body };
}

/** The daily digest: by network, then by thread. */
export function digestMail({ recipientName, notifications, links }: NotificationMailInput): BuiltMail {
  const groups = groupForDigest(notifications);
  const blocks: MailBlock[] = groups.flatMap((network) => [
    { heading: network.networkName, lines: [] },
    ...network.threads.map((thread) => ({
      lines: [{ text: thread.title }, ...thread.items.flatMap((item) => line(item, links.absolute))],
    })),
  ]);
  const body = renderMail({
    intro: `Hello ${recipientName}, your daily summary: ${countWords(notifications.length)} in ${groups.length === 1 ? '1 network' : `${groups.length} networks`}.`,
    blocks,
    action: { label: 'Open your notifications', url: links.absolute('/notifications') },
    footer: footer(links, 'You get this summary once a day because you chose a daily summary.'),
  });
  return { subject: `Your daily Knotwork summary: ${countWords(notifications.length)}`, ...body };
}

export interface InvitationMailInput {
  networkName: string;
  inviterName: string;
  role: string;
  acceptUrl: string;
  expiresAt: Date;
}

/** An invitation to someone who may have no account yet: no unsubscribe (it is one mail, asked for by an admin). */
export function invitationMail(input: InvitationMailInput): BuiltMail {
  const until = input.expiresAt.toISOString().slice(0, 10);
  const body = renderMail({
    intro: `${input.inviterName} invited you to join ${input.networkName} on Knotwork as ${input.role === 'admin' ? 'an admin' : `a ${input.role}`}.`,
    blocks: [{ lines: [{ text: `The invitation works until ${until}. You can create an account or sign in when you open it.` }] }],
    action: { label: 'See the invitation', url: input.acceptUrl },
    footer: [{ text: 'If you did not expect this invitation, you can ignore this e-mail: nothing happens unless you accept it.' }],
  });
  return { subject: `You are invited to join ${input.networkName} on Knotwork`, ...body };
}
