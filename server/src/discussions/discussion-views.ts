import type { NotificationLevel } from '../notifications/notification.rules';
import type { PostRow, ThreadRow } from './discussions.repository';
import { mayModerate, postAbilities, threadAbilities, type Viewer } from './discussion.rules';
import type { AuthorDto, PostDto, SubjectDto, ThreadDto } from './discussions.dto';

/**
 * Rows to what a viewer receives. The one place an author becomes visible: an anonymous one is
 * only ever its label (the repository does not even read the name of an anonymous author).
 */
export function authorOf(row: Pick<PostRow, 'anonymous' | 'anonymousLabel' | 'authorId' | 'authorName' | 'authorTeamName'>): AuthorDto {
  if (row.anonymous) return { kind: 'anonymous', label: row.anonymousLabel ?? 'a member' };
  return { kind: 'user', userId: row.authorId, name: row.authorName ?? '', teamName: row.authorTeamName };
}

/** What a thread is about, while that still exists; a lesson's subject is its id and title, never anything of its writer. */
function subjectOf(row: ThreadRow): SubjectDto | null {
  if (row.subjectType === 'learning_session')
    return row.subjectSessionId ? { type: 'learning_session', id: row.subjectSessionId, packageId: null, title: row.subjectTitle ?? '' } : null;
  if (row.subjectType === 'lesson') return row.subjectLessonId ? { type: 'lesson', id: row.subjectLessonId, packageId: null, title: row.subjectTitle ?? '' } : null;
  if (!row.subjectType || !row.subjectPackageId) return null;
  return {
    type: row.subjectType,
    id: row.subjectType === 'change_idea' ? (row.subjectIdeaId ?? '') : row.subjectPackageId,
    packageId: row.subjectPackageId,
    title: row.subjectTitle ?? '',
  };
}

// pg gives Dates already: no copy for each of a page's timestamps.
const iso = (date: Date | string) => (date instanceof Date ? date : new Date(date)).toISOString();

/** `notificationLevel` is the viewer's own (notifications keep it); the peer view has none, so 'normal'. */
export function toThreadDto(row: ThreadRow, viewer: Viewer, notificationLevel: NotificationLevel = 'normal'): ThreadDto {
  const unreadCount = viewer.userId === null ? 0 : Math.max(0, row.lastPostSeq - row.lastReadSeq);
  return {
    id: row.id,
    networkId: row.networkId,
    title: row.title,
    author: authorOf(row),
    mine: viewer.userId !== null && viewer.userId === row.authorId,
    anonymous: row.anonymous,
    tags: row.tags,
    subject: subjectOf(row),
    pinned: row.pinned,
    locked: row.locked,
    postCount: row.postCount,
    createdAt: iso(row.createdAt),
    lastActivityAt: iso(row.lastActivityAt),
    unreadCount,
    firstUnreadSeq: unreadCount > 0 ? row.lastReadSeq + 1 : null,
    lastReadSeq: viewer.userId === null ? 0 : row.lastReadSeq,
    notificationLevel,
    can: threadAbilities(viewer, row),
    lastEventId: row.lastEventSeq,
  };
}

export function toPostDto(row: PostRow, viewer: Viewer, thread: { locked: boolean }): PostDto {
  const hidden = row.hiddenReason !== null;
  // Moderators still read a hidden post (to judge it, or unhide it); nobody reads a removed one.
  const showBody = row.removed === null && (!hidden || mayModerate(viewer));
  return {
    id: row.id,
    threadId: row.threadId,
    seq: row.seq,
    parentId: row.parentId,
    author: authorOf(row),
    mine: viewer.userId !== null && viewer.userId === row.authorId,
    bodySource: showBody ? row.bodySource : '',
    bodyHtml: showBody ? row.bodyHtml : '',
    createdAt: iso(row.createdAt),
    editedAt: row.editedAt ? iso(row.editedAt) : null,
    revisionCount: row.revisionCount,
    removed: row.removed,
    hidden: hidden ? { reason: row.hiddenReason ?? '' } : null,
    reactions: row.removed === null ? row.reactions : [],
    can: postAbilities(viewer, thread, { authorId: row.authorId, anonymous: row.anonymous, parentId: row.parentId, removed: row.removed, hidden }),
  };
}
