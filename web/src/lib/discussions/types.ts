/**
 * The shapes of discussions as the API sends them (the contract of issue 7). They stand in for the
 * generated client's types until the server's OpenAPI document describes these routes; each
 * matches the server's DTO field for field, so that the swap changes no component.
 */

export const REACTIONS = ['thumbs_up', 'heart', 'lightbulb', 'clap', 'eyes'] as const;
export type Reaction = (typeof REACTIONS)[number];

export type Author = { kind: 'user'; userId: string; name: string; teamName: string | null } | { kind: 'anonymous'; label: string };

export interface PostView {
  id: string;
  threadId: string;
  seq: number;
  parentId: string | null;
  author: Author;
  mine: boolean;
  bodySource: string;
  /** Sanitised by the server: the only HTML the page ever inserts. */
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  revisionCount: number;
  removed: null | 'author' | 'moderator';
  hidden: null | { reason: string };
  reactions: { reaction: Reaction; count: number; mine: boolean }[];
  can: { edit: boolean; delete: boolean; hide: boolean; react: boolean; reply: boolean; report: boolean; reveal: boolean };
  eventId?: number;
}

export type SubjectType = 'change_package' | 'change_idea';
export interface Subject {
  type: SubjectType;
  id: string;
  packageId: string;
  title: string;
}

export type NotificationLevel = 'watching' | 'normal' | 'muted';

export interface ThreadView {
  id: string;
  networkId: string;
  title: string;
  author: Author;
  mine: boolean;
  anonymous: boolean;
  tags: string[];
  subject: Subject | null;
  pinned: boolean;
  locked: boolean;
  postCount: number;
  createdAt: string;
  lastActivityAt: string;
  unreadCount: number;
  firstUnreadSeq: number | null;
  lastReadSeq: number;
  notificationLevel: NotificationLevel;
  can: { reply: boolean; edit: boolean; moderate: boolean; reveal: boolean; move: boolean };
  lastEventId: number;
}

export interface ThreadPage {
  items: ThreadView[];
  nextCursor: string | null;
}

export interface PostPage {
  items: PostView[];
  hasBefore: boolean;
  hasAfter: boolean;
  firstUnreadSeq: number | null;
}

export interface Revision {
  revision: number;
  bodyHtml: string;
  createdAt: string;
}

export interface Mentionable {
  userId: string;
  name: string;
  teamName: string | null;
}

export interface Report {
  id: string;
  reason: string;
  createdAt: string;
  reporter?: { name: string } | null;
  post: PostView;
  /** Named as the server's ReportDto names them. */
  threadId: string;
  threadTitle: string;
}

export interface DiscussionCounts {
  package: number;
  ideas: Record<string, number>;
}

export type ThreadSort = 'activity' | 'newest';

export interface NewThread {
  title: string;
  body: string;
  anonymous?: boolean;
  anonymousAs?: 'team' | 'member';
  subject?: { type: SubjectType; id: string; packageId?: string };
  tags?: string[];
}

/** What the page shows as the writer of a thread or post. */
export function authorLabel(author: Author): string {
  return author.kind === 'user' ? author.name : author.label;
}

export const REACTION_LABELS: Record<Reaction, { emoji: string; name: string }> = {
  thumbs_up: { emoji: '👍', name: 'Thumbs up' },
  heart: { emoji: '❤️', name: 'Heart' },
  lightbulb: { emoji: '💡', name: 'Good idea' },
  clap: { emoji: '👏', name: 'Well done' },
  eyes: { emoji: '👀', name: 'Looking into it' },
};
