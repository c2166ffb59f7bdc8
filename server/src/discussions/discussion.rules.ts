/**
 * The pure rules of discussions: the fixed sets, the bounds and who may do what to a thread or a
 * post. No I/O, so that every case can be checked by a unit test and REST and socket.io agree.
 */
import { networkAllows, type NetworkRole, type NetworkVisibility } from '../networks/network.rules';

export const REACTIONS = ['thumbs_up', 'heart', 'lightbulb', 'clap', 'eyes'] as const;
export type Reaction = (typeof REACTIONS)[number];

export const ANONYMOUS_AS = ['team', 'member'] as const;
export type AnonymousAs = (typeof ANONYMOUS_AS)[number];

export const SUBJECT_TYPES = ['change_package', 'change_idea'] as const;
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
