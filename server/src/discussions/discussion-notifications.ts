import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationLevel } from '../notifications/notification.rules';
import { NotificationsService } from '../notifications/notifications.service';
import { JobQueue } from '../platform/jobs/job-queue';
import { Transactions } from '../platform/transactions';
import { authorOf } from './discussion-views';
import { POST_NOTICE_KINDS, postNoticeRecipients } from './discussion.rules';
import { DiscussionsRepository, type PostRow, type ThreadRow } from './discussions.repository';
import { PostRenderer } from './post-renderer';

/** Tells people of a new post (mentions, replies, watchers). */
export const POST_NOTICES_JOB = 'discussions:post-notices';
/** Tells the people an edit newly mentions. */
export const MENTIONS_ADDED_JOB = 'discussions:mentions-added';
/** Tells an author what a moderator did to their post. */
export const MODERATION_NOTICE_JOB = 'discussions:moderation-notice';

export type ModerationAction = 'hidden' | 'removed' | 'unhidden';

interface PostNoticesJob {
  postId: string;
}

interface MentionsAddedJob {
  postId: string;
  /** Mentioned by the edit and not before it (never the author, whose id an anonymous post must not put in the queue). */
  userIds: string[];
  /** The edit's thread event: one job per edit. */
  eventId: number;
}

interface ModerationNoticeJob {
  postId: string;
  action: ModerationAction;
  reason: string | null;
  /** The thread event that recorded the action: hiding the same post twice is two notices. */
  eventId: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTIONS: readonly ModerationAction[] = ['hidden', 'removed', 'unhidden'];

function postNoticesJob(payload: unknown): PostNoticesJob | null {
  const { postId } = (payload ?? {}) as Partial<PostNoticesJob>;
  return typeof postId === 'string' && UUID.test(postId) ? { postId } : null;
}

function mentionsAddedJob(payload: unknown): MentionsAddedJob | null {
  const { postId, userIds, eventId } = (payload ?? {}) as Partial<MentionsAddedJob>;
  if (typeof postId !== 'string' || !UUID.test(postId) || !Number.isInteger(eventId)) return null;
  if (!Array.isArray(userIds) || !userIds.every((userId) => typeof userId === 'string' && UUID.test(userId))) return null;
  return { postId, userIds, eventId: eventId as number };
}

function moderationNoticeJob(payload: unknown): ModerationNoticeJob | null {
  const { postId, action, reason, eventId } = (payload ?? {}) as Partial<ModerationNoticeJob>;
  if (typeof postId !== 'string' || !UUID.test(postId) || !ACTIONS.includes(action as ModerationAction) || !Number.isInteger(eventId)) return null;
  return { postId, action: action as ModerationAction, reason: typeof reason === 'string' ? reason : null, eventId: eventId as number };
}

/** What a moderator's action says to the author; never the post's text (a hidden or removed post's text goes nowhere). */
const MODERATION_WORDS: Record<ModerationAction, (reason: string | null) => string> = {
  hidden: (reason) => (reason ? `Your post was hidden. The reason given: ${reason}` : 'Your post was hidden.'),
  removed: () => 'Your post was removed.',
  unhidden: () => 'Your post can be seen again.',
};

/** Where a notification about a post leads: the thread page, opened at that post. */
export function postUrl(networkId: string, threadId: string, seq: number): string {
  return `/networks/${networkId}/discussions/${threadId}?post=${seq}`;
}

/**
 * Discussions' side of notifications. Writers queue a job in the same transaction as the post
 * (or the moderator's action), so that a notice exists exactly when the change does and survives a
 * restart; the job decides who hears of it and calls NotificationsService.notify. Jobs run at
 * least once: each post's notices carry one key per person (`post:<id>`), each moderation one per
 * event, so that a repeated run notifies nobody twice. Payloads hold ids only: an anonymous
 * author's id is never written into the queue, and notices show the post's anonymised label.
 */
@Injectable()
export class DiscussionNotifications implements OnModuleInit {
  private readonly logger = new Logger(DiscussionNotifications.name);

  constructor(
    private readonly repository: DiscussionsRepository,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobQueue,
    private readonly transactions: Transactions,
    private readonly renderer: PostRenderer,
  ) {}

  onModuleInit(): void {
    this.jobs.register(POST_NOTICES_JOB, (payload) => this.announcePost(payload));
    this.jobs.register(MENTIONS_ADDED_JOB, (payload) => this.announceAddedMentions(payload));
    this.jobs.register(MODERATION_NOTICE_JOB, (payload) => this.announceModeration(payload));
  }

  /** Queues the notices of a new post, inside the transaction that writes it. */
  postCreated(postId: string, manager: EntityManager): Promise<void> {
    return this.jobs.add(POST_NOTICES_JOB, { postId } satisfies PostNoticesJob, { manager, key: `${POST_NOTICES_JOB}:${postId}` });
  }

  /** Queues the notices of the people an edit newly mentions, inside the transaction that writes the edit. */
  mentionsAdded(job: MentionsAddedJob, manager: EntityManager): Promise<void> {
    return this.jobs.add(MENTIONS_ADDED_JOB, job, { manager, key: `${MENTIONS_ADDED_JOB}:${job.postId}:${job.eventId}` });
  }

  /** Queues the author's notice of a moderator's action, inside the transaction that records it. */
  postModerated(job: ModerationNoticeJob, manager: EntityManager): Promise<void> {
    return this.jobs.add(MODERATION_NOTICE_JOB, job, { manager, key: `${MODERATION_NOTICE_JOB}:${job.postId}:${job.eventId}` });
  }

  /** The user starts watching a thread they created (Discourse does the same): replies to it reach them. */
  watchOwnThread(userId: string, threadId: string, networkId: string, manager: EntityManager): Promise<void> {
    return this.notifications.setThreadLevel(userId, threadId, networkId, 'watching', manager);
  }

  /** The user's level on one thread (the caller checked they may read it). */
  levelOn(userId: string, networkId: string, threadId: string): Promise<NotificationLevel> {
    return this.notifications.levelFor(userId, { networkId, threadId });
  }

  /** The user's levels on a page of one network's threads, in one query. */
  levelsOn(userId: string, networkId: string, threadIds: string[]): Promise<Map<string, NotificationLevel>> {
    return this.notifications.levelsForThreads(userId, networkId, threadIds);
  }

  setLevel(userId: string, networkId: string, threadId: string, level: NotificationLevel): Promise<void> {
    return this.notifications.setThreadLevel(userId, threadId, networkId, level);
  }

  /** The thread moved to `networkId`, inside the transaction that moves it: levels chosen on it stay with it. */
  threadMoved(threadId: string, networkId: string, manager: EntityManager): Promise<void> {
    return this.notifications.threadMoved(threadId, networkId, manager);
  }

  /** The user has read the thread up to post `seq`: notices of those posts are read (and left out of pending mail); later ones stay unread. */
  readUpTo(userId: string, threadId: string, seq: number, manager?: EntityManager): Promise<void> {
    return this.notifications.markThreadRead(userId, threadId, seq, manager);
  }

  private async announcePost(payload: unknown): Promise<void> {
    const job = postNoticesJob(payload);
    if (!job) return this.logger.warn(`${POST_NOTICES_JOB}: a payload without a post id was dropped`);
    const post = await this.repository.findPost(job.postId, null);
    // Gone, removed or hidden before anyone was told: there is nothing others may read, so nothing to announce.
    if (!post || post.removed !== null || post.hiddenReason !== null) return;
    const thread = await this.repository.findThread(post.threadId, null);
    if (!thread) return;
    const parent = post.parentId ? await this.repository.findPost(post.parentId, null) : null;
    const recipients = postNoticeRecipients({
      authorId: post.authorId,
      mentionedUserIds: post.mentionedUserIds,
      parentAuthorId: parent && parent.removed === null ? parent.authorId : null,
      watcherIds: await this.notifications.watchersOf(thread.networkId, thread.id),
    });
    // Someone who has already read past this post (the job ran late) has nothing to be told.
    const seen = await this.repository.readPast(thread.id, post.seq, [...recipients.keys()]);
    const notice = this.postNotice(post, thread);
    await this.transactions.run(async (manager) => {
      for (const kind of POST_NOTICE_KINDS) {
        const ids = [...recipients].filter(([userId, why]) => why === kind && !seen.has(userId)).map(([userId]) => userId);
        if (ids.length > 0) await this.notifications.notify({ ...notice, kind, recipients: ids }, manager);
      }
    });
  }

  /**
   * Tells those an edit newly mentioned who are still mentioned by the post as it is now (a later
   * edit may have taken the mention out again), through the same notify as a new post's mentions:
   * the same levels, the same access check, the same anonymised label. The notice shares the new
   * post's key, so that nobody hears of one post twice, whether the post's own notice already
   * reached them (as a mention, a reply or a watcher) or is still to run and finds the mention
   * itself. Having read past the post does not count here: the mention was not there then.
   */
  private async announceAddedMentions(payload: unknown): Promise<void> {
    const job = mentionsAddedJob(payload);
    if (!job) return this.logger.warn(`${MENTIONS_ADDED_JOB}: a malformed payload was dropped`);
    const post = await this.repository.findPost(job.postId, null);
    if (!post || post.removed !== null || post.hiddenReason !== null) return;
    const thread = await this.repository.findThread(post.threadId, null);
    if (!thread) return;
    const stillMentioned = new Set(post.mentionedUserIds);
    const recipients = job.userIds.filter((userId) => stillMentioned.has(userId) && userId !== post.authorId);
    if (recipients.length === 0) return;
    await this.notifications.notify({ ...this.postNotice(post, thread), kind: 'mention', recipients });
  }

  /** What a notice of a post says, whoever it goes to and why. */
  private postNotice(post: PostRow, thread: ThreadRow) {
    const author = authorOf(post);
    return {
      networkId: thread.networkId,
      threadId: thread.id,
      postId: post.id,
      postSeq: post.seq,
      title: thread.title,
      excerpt: this.renderer.excerpt(post.bodyHtml, 200, { withoutQuotes: true }),
      actorLabel: author.kind === 'anonymous' ? author.label : author.name,
      url: postUrl(thread.networkId, thread.id, post.seq),
      // One notice per person per post whatever its kind, so that a repeated run cannot add a second of another kind.
      key: `post:${post.id}`,
    };
  }

  private async announceModeration(payload: unknown): Promise<void> {
    const job = moderationNoticeJob(payload);
    if (!job) return this.logger.warn(`${MODERATION_NOTICE_JOB}: a malformed payload was dropped`);
    const post = await this.repository.findPost(job.postId, null);
    if (!post) return;
    const thread = await this.repository.findThread(post.threadId, null);
    if (!thread) return;
    await this.notifications.notify({
      kind: 'moderation',
      networkId: thread.networkId,
      threadId: thread.id,
      postId: post.id,
      postSeq: post.seq,
      recipients: [post.authorId],
      title: thread.title,
      excerpt: MODERATION_WORDS[job.action](job.reason),
      // Moderators act for the network, not as themselves: the author is not set against a person.
      actorLabel: 'A moderator',
      url: postUrl(thread.networkId, thread.id, post.seq),
      reason: job.reason,
      key: `moderation:${post.id}:${job.eventId}`,
    });
  }
}
