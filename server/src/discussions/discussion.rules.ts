/**
 * The pure rules of discussions: the fixed sets, the bounds and who may do what to a thread or a
 * post. No I/O, so that every case can be checked by a unit test and REST and socket.io agree.
 */
import { networkAllows, type NetworkRole, type NetworkVisibility } from '../networks/network.rules';

export const REACTIONS = ['thumbs_up', 'heart', 'lightbulb', 'clap', 'eyes'] as const;
export type Reaction = (typeof REACTIONS)[number];

export const ANONYMOUS_AS = ['team', 'member'] as const;
export type AnonymousAs = (typeof ANONYMOUS_AS)[number];

export const SUBJECT_TYPES = ['change_package', 'change_idea', 'lesson', 'learning_session'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const EVENT_KINDS = ['post:created', 'post:updated', 'post:deleted', 'thread:updated'] as const;
export type DiscussionEventKind = (typeof EVENT_KINDS)[number];

export type Removal = 'author' | 'moderator';
export type ReportStatus = 'open' | 'dismissed' | 'hidden';

export const LIMITS = {
  title: 200,
  body: 20_000,
  tags: 10,
  tag: 40,
  reason: 500,
  pageSize: 50,
  maxPageSize: 100,
} as const;

/** Who is looking: their id (null for the peer view, which is nobody in particular), their role, and the network's visibility. */
export interface Viewer {
  userId: string | null;
  role: NetworkRole | null;
  visibility: NetworkVisibility;
}

/** The peer view: what a plain member who wrote none of it sees (live payloads carry this). */
export const peerViewer = (visibility: NetworkVisibility): Viewer => ({ userId: null, role: 'member', visibility });

export const mayContribute = (viewer: Viewer) => networkAllows(viewer.visibility, viewer.role, 'contribute');
export const mayModerate = (viewer: Viewer) => networkAllows(viewer.visibility, viewer.role, 'moderate');
export const mayAdminister = (viewer: Viewer) => networkAllows(viewer.visibility, viewer.role, 'administer');

export interface ThreadFacts {
  authorId: string;
  anonymous: boolean;
  locked: boolean;
}

export interface PostFacts {
  authorId: string;
  anonymous: boolean;
  parentId: string | null;
  removed: Removal | null;
  hidden: boolean;
}

export interface ThreadAbilities {
  reply: boolean;
  edit: boolean;
  moderate: boolean;
  reveal: boolean;
  move: boolean;
}

export interface PostAbilities {
  edit: boolean;
  delete: boolean;
  hide: boolean;
  react: boolean;
  reply: boolean;
  report: boolean;
  reveal: boolean;
}

const isAuthor = (viewer: Viewer, authorId: string) => viewer.userId !== null && viewer.userId === authorId;

/** A locked thread takes no more posts, except from its moderators. */
export const mayPostIn = (viewer: Viewer, thread: Pick<ThreadFacts, 'locked'>) => mayContribute(viewer) && (!thread.locked || mayModerate(viewer));

export function threadAbilities(viewer: Viewer, thread: ThreadFacts): ThreadAbilities {
  const moderate = mayModerate(viewer);
  return {
    reply: mayPostIn(viewer, thread),
    edit: moderate || (isAuthor(viewer, thread.authorId) && mayPostIn(viewer, thread)),
    moderate,
    reveal: thread.anonymous && mayAdminister(viewer),
    move: moderate,
  };
}

export function postAbilities(viewer: Viewer, thread: Pick<ThreadFacts, 'locked'>, post: PostFacts): PostAbilities {
  const moderate = mayModerate(viewer);
  const contribute = mayContribute(viewer);
  const mine = isAuthor(viewer, post.authorId);
  const present = post.removed === null;
  return {
    edit: present && mine && mayPostIn(viewer, thread),
    delete: present && ((mine && contribute) || moderate),
    hide: present && moderate,
    react: present && !post.hidden && contribute,
    // One level of nesting: replies go to top-level posts only.
    reply: present && post.parentId === null && mayPostIn(viewer, thread),
    report: present && contribute && !mine,
    reveal: post.anonymous && mayAdminister(viewer),
  };
}

/** What an anonymous writer is shown as: their team when they chose it and have one, else "a member". */
export function anonymousLabel(anonymousAs: AnonymousAs, teamName: string | null): string {
  return anonymousAs === 'team' && teamName ? `a member of ${teamName}` : 'a member';
}

/** Tags are compared and kept in one spelling: trimmed, lower case, inner spaces as one hyphen. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase().replace(/\s+/g, '-')).filter(Boolean))];
}

/** Why someone hears of a new post, strongest first: one notification per person per post, of the strongest kind. */
export const POST_NOTICE_KINDS = ['mention', 'reply', 'watched_post'] as const;
export type PostNoticeKind = (typeof POST_NOTICE_KINDS)[number];

/**
 * Who hears of a new post, and why. A mention beats a reply, which beats watching. A reply is an
 * answer to one post (`parentAuthorId`): a top-level post answers the thread, not its author, who
 * hears of it by watching the thread (the default for the thread's author, as in Discourse) and
 * not at all once they chose "normal". The author never hears of their own post. Levels and
 * access are the notifier's to apply; this only says who is a candidate for what.
 */
export function postNoticeRecipients(post: {
  authorId: string;
  mentionedUserIds: readonly string[];
  parentAuthorId: string | null;
  watcherIds: readonly string[];
}): Map<string, PostNoticeKind> {
  const recipients = new Map<string, PostNoticeKind>();
  const offer = (userId: string, kind: PostNoticeKind) => {
    if (userId !== post.authorId && !recipients.has(userId)) recipients.set(userId, kind);
  };
  for (const userId of post.mentionedUserIds) offer(userId, 'mention');
  if (post.parentAuthorId) offer(post.parentAuthorId, 'reply');
  for (const userId of post.watcherIds) offer(userId, 'watched_post');
  return recipients;
}
