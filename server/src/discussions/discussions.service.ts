import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangePackagesService } from '../change-packages/change-packages.service';
import type { Caller } from '../common/request-context';
import type { NetworkAccess } from '../networks/network-access.policy';
import type { NotificationLevel } from '../notifications/notification.rules';
import { AppError } from '../platform/app-error';
import { CONFIG, type Config } from '../platform/config';
import { RateLimiter, type RateLimitHit, type RateLimitRule } from '../platform/rate-limiter';
import { Transactions } from '../platform/transactions';
import { SearchOutbox } from '../search/search-outbox';
import { DiscussionAccess, type PostAccess } from './discussion-access';
import { DiscussionEvents, type ThreadChanged } from './discussion-events';
import { DiscussionNotifications } from './discussion-notifications';
import { toPostDto, toThreadDto } from './discussion-views';
import {
  LIMITS,
  anonymousLabel,
  mayContribute,
  mayModerate,
  mayPostIn,
  normaliseTags,
  peerViewer,
  threadAbilities,
  type AnonymousAs,
  type DiscussionEventKind,
  type Reaction,
  type SubjectType,
} from './discussion.rules';
import type {
  CreatePostBody,
  CreateThreadBody,
  CreatedThreadDto,
  DiscussionCountsDto,
  ListPostsQuery,
  ListThreadsQuery,
  PersonListDto,
  PostDto,
  PostPageDto,
  RevisionListDto,
  SubjectBody,
  ThreadDto,
  ThreadPageDto,
  UpdateThreadBody,
} from './discussions.dto';
import { DiscussionErrors } from './discussions.errors';
import { DiscussionsRepository, type PostRow } from './discussions.repository';
import { PostRenderer } from './post-renderer';

interface ResolvedSubject {
  subjectType: SubjectType | null;
  subjectPackageId: string | null;
  subjectIdeaId: string | null;
  subjectLessonId: string | null;
  subjectSessionId: string | null;
  subjectTitle: string | null;
}

const NO_SUBJECT: ResolvedSubject = { subjectType: null, subjectPackageId: null, subjectIdeaId: null, subjectLessonId: null, subjectSessionId: null, subjectTitle: null };

/** Threads and posts: writing, reading, reactions, read markers, and the views the live door sends. */

/** More people than this named in one post is a broadcast, not a mention. */
export const MAX_MENTIONS_PER_POST = 20;
@Injectable()
export class DiscussionsService {
  private readonly logger = new Logger(DiscussionsService.name);
  private readonly postsPerMinute: RateLimitRule;
  private readonly postsPerHour: RateLimitRule;
  private readonly threadsPerHour: RateLimitRule;
  private readonly editsPerMinute: RateLimitRule;
  private readonly editsPerHour: RateLimitRule;
  private readonly reactionsPerMinute: RateLimitRule;

  constructor(
    private readonly repository: DiscussionsRepository,
    private readonly access: DiscussionAccess,
    private readonly renderer: PostRenderer,
    private readonly transactions: Transactions,
    private readonly events: DiscussionEvents,
    private readonly rateLimiter: RateLimiter,
    private readonly packages: ChangePackagesService,
    private readonly notices: DiscussionNotifications,
    private readonly outbox: SearchOutbox,
    @Inject(CONFIG) config: Config,
  ) {
    // A burst allowance per minute and a steadier one per hour; starting threads is stricter still.
    this.postsPerMinute = { name: 'discussion-posts:minute', limit: config.postsPerMinute, windowSeconds: 60 };
    this.postsPerHour = { name: 'discussion-posts:hour', limit: config.postsPerMinute * 20, windowSeconds: 60 * 60 };
    this.threadsPerHour = { name: 'discussion-threads:hour', limit: config.threadsPerHour, windowSeconds: 60 * 60 };
    // Edits keep every earlier text as a revision, and each edit or reaction is an event every
    // reader of the thread receives: a loop of either would fill the database and flood the room.
    // Edits get the posting allowance (their own count); reactions, quick and small, six times it.
    this.editsPerMinute = { name: 'discussion-edits:minute', limit: config.postsPerMinute, windowSeconds: 60 };
    this.editsPerHour = { name: 'discussion-edits:hour', limit: config.postsPerMinute * 20, windowSeconds: 60 * 60 };
    this.reactionsPerMinute = { name: 'discussion-reactions:minute', limit: config.postsPerMinute * 6, windowSeconds: 60 };
  }

  // ---- threads ----

  async createThread(caller: Caller, access: NetworkAccess, body: CreateThreadBody): Promise<CreatedThreadDto> {
    const networkId = access.network.id;
    if (body.anonymous && !access.network.allowAnonymousPosts) throw DiscussionErrors.anonymousNotAllowed();
    const subject = body.subject ? await this.resolveSubject(caller, networkId, body.subject) : NO_SUBJECT;
    const rendered = await this.render(networkId, body.body);
    const label = body.anonymous ? await this.anonymousLabelFor(networkId, caller.userId, body.anonymousAs) : null;

    const hits = this.hits(caller, [this.threadsPerHour, this.postsPerMinute, this.postsPerHour]);
    const verdict = await this.rateLimiter.takeAll(hits);
    if (!verdict.allowed) throw DiscussionErrors.threadsRateLimited(verdict.retryAfterSeconds);

    const changes: ThreadChanged[] = [];
    const { threadId, postId } = await this.transactions
      .run(async (manager) => {
        const threadId = await this.repository.insertThread(
          {
            networkId,
            title: body.title,
            authorId: caller.userId,
            anonymous: body.anonymous ?? false,
            anonymousLabel: label,
            tags: normaliseTags(body.tags ?? []),
            ...subject,
          },
          manager,
        );
        const taken = await this.repository.takePostSeq(threadId, manager);
        const postId = await this.repository.insertPost(
          {
            threadId,
            seq: taken!.postSeq,
            parentId: null,
            authorId: caller.userId,
            anonymous: body.anonymous ?? false,
            anonymousLabel: label,
            bodySource: rendered.source,
            bodyHtml: rendered.html,
            mentionedUserIds: rendered.mentionedUserIds,
          },
          manager,
        );
        changes.push(await this.record(networkId, threadId, 'post:created', postId, manager));
        await this.repository.markRead(caller.userId, threadId, taken!.postSeq, manager);
        await this.notices.watchOwnThread(caller.userId, threadId, networkId, manager);
        await this.notices.postCreated(postId, manager);
        return { threadId, postId };
      })
      .catch(async (error: unknown) => {
        await this.rateLimiter.giveBackAll(hits);
        throw error;
      });

    this.emitChanges(changes);
    const thread = await this.getThread(caller, threadId);
    const firstPost = await this.postView(caller.userId, postId, access);
    return { ...thread, firstPost };
  }

  async listThreads(caller: Caller, access: NetworkAccess, query: ListThreadsQuery): Promise<ThreadPageDto> {
    const limit = query.limit ?? LIMITS.pageSize;
    const sort = query.sort ?? 'activity';
    if (query.cursor && !(await this.repository.threadExistsIn(query.cursor, access.network.id))) throw DiscussionErrors.badCursor();
    const rows = await this.repository.listThreads(caller.userId, {
      networkId: access.network.id,
      sort,
      pinnedFirst: sort === 'activity' && !query.subjectType && !query.subjectId,
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      tag: query.tag ? normaliseTags([query.tag])[0] : undefined,
      unread: query.unread,
      cursor: query.cursor,
      limit,
    });
    const viewer = { userId: caller.userId, role: access.role, visibility: access.network.visibility };
    const page = rows.slice(0, limit);
    const levels = await this.notices.levelsOn(caller.userId, access.network.id, page.map((row) => row.id));
    return {
      items: page.map((row) => toThreadDto(row, viewer, levels.get(row.id))),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  async getThread(caller: Caller, threadId: string): Promise<ThreadDto> {
    const { thread, viewer } = await this.access.thread(caller.userId, threadId, 'read');
    return toThreadDto(thread, viewer, await this.notices.levelOn(caller.userId, thread.networkId, thread.id));
  }

  /** The caller's own notification level on a thread they may read. */
  async setNotificationLevel(caller: Caller, threadId: string, level: NotificationLevel): Promise<NotificationLevel> {
    const { thread } = await this.access.thread(caller.userId, threadId, 'read');
    await this.notices.setLevel(caller.userId, thread.networkId, thread.id, level);
    return level;
  }

  async updateThread(caller: Caller, threadId: string, body: UpdateThreadBody): Promise<ThreadDto> {
    const { thread, viewer } = await this.access.thread(caller.userId, threadId, 'read');
    const can = threadAbilities(viewer, thread);
    if ((body.title !== undefined || body.tags !== undefined) && !can.edit) {
      throw mayContribute(viewer) ? DiscussionErrors.authorOnly() : DiscussionErrors.moderatorsOnly('change this discussion');
    }
    const moderation = body.pinned !== undefined || body.locked !== undefined || body.networkId !== undefined;
    if (moderation && !can.moderate) throw DiscussionErrors.moderatorsOnly('pin, lock or move discussions');
    const moving = body.networkId !== undefined && body.networkId.toLowerCase() !== thread.networkId;
    const targetId = moving ? body.networkId!.toLowerCase() : thread.networkId;
    if (moving) await this.requireModeratorOf(caller.userId, targetId);

    const changes: ThreadChanged[] = [];
    await this.transactions.run(async (manager) => {
      if (!(await this.repository.lockThread(threadId, manager))) throw DiscussionErrors.threadNotFound();
      await this.repository.updateThread(
        threadId,
        {
          title: body.title,
          tags: body.tags === undefined ? undefined : normaliseTags(body.tags),
          pinned: body.pinned,
          locked: body.locked,
          // The subject (a package of the old network) does not follow a thread to another network.
          ...(moving && { networkId: targetId, clearSubject: true }),
        },
        manager,
      );
      if (moving) await this.notices.threadMoved(threadId, targetId, manager);
      changes.push(await this.record(targetId, threadId, 'thread:updated', null, manager));
    });
    // Everyone in the old room hears of the change before the room is re-checked against the new network.
    this.emitChanges(changes.map((change) => ({ ...change, networkId: thread.networkId })));
    if (moving) this.events.threadMoved({ threadId, fromNetworkId: thread.networkId, toNetworkId: targetId });
    return this.getThread(caller, threadId);
  }

  async markRead(caller: Caller, threadId: string, seq: number): Promise<ThreadDto> {
    await this.access.thread(caller.userId, threadId, 'read');
    await this.transactions.run(async (manager) => {
      const marker = await this.repository.markRead(caller.userId, threadId, seq, manager);
      // Up to where the marker now is (never past the last post): notices of posts written since stay unread.
      if (marker !== null) await this.notices.readUpTo(caller.userId, threadId, marker, manager);
    });
    return this.getThread(caller, threadId);
  }

  // ---- posts ----

  async createPost(caller: Caller, threadId: string, body: CreatePostBody): Promise<PostDto> {
    const { thread, access, viewer } = await this.access.thread(caller.userId, threadId, 'contribute');
    if (!mayPostIn(viewer, thread)) throw DiscussionErrors.locked();
    if (body.anonymous && !access.network.allowAnonymousPosts) throw DiscussionErrors.anonymousNotAllowed();
    const parent = body.parentId ? await this.checkParent(caller.userId, threadId, body.parentId.toLowerCase()) : null;
    const rendered = await this.render(thread.networkId, body.body);
    const label = body.anonymous ? await this.anonymousLabelFor(thread.networkId, caller.userId, body.anonymousAs) : null;

    const hits = this.hits(caller, [this.postsPerMinute, this.postsPerHour]);
    const verdict = await this.rateLimiter.takeAll(hits);
    if (!verdict.allowed) throw DiscussionErrors.postsRateLimited(verdict.retryAfterSeconds);

    const changes: ThreadChanged[] = [];
    const postId = await this.transactions
      .run(async (manager) => {
        const taken = await this.repository.takePostSeq(threadId, manager);
        if (!taken) throw DiscussionErrors.threadNotFound();
        // Checked again under the thread's lock: a moderator may have locked it meanwhile.
        if (!mayPostIn(viewer, taken)) throw DiscussionErrors.locked();
        const postId = await this.repository.insertPost(
          {
            threadId,
            seq: taken.postSeq,
            parentId: parent?.id ?? null,
            authorId: caller.userId,
            anonymous: body.anonymous ?? false,
            anonymousLabel: label,
            bodySource: rendered.source,
            bodyHtml: rendered.html,
            mentionedUserIds: rendered.mentionedUserIds,
          },
          manager,
        );
        changes.push(await this.record(thread.networkId, threadId, 'post:created', postId, manager));
        await this.repository.markRead(caller.userId, threadId, taken.postSeq, manager);
        await this.notices.postCreated(postId, manager);
        return postId;
      })
      .catch(async (error: unknown) => {
        await this.rateLimiter.giveBackAll(hits);
        throw error;
      });

    this.emitChanges(changes);
    return this.postView(caller.userId, postId, access);
  }

  async listPosts(caller: Caller, threadId: string, query: ListPostsQuery): Promise<PostPageDto> {
    const { thread, viewer } = await this.access.thread(caller.userId, threadId, 'read');
    const places = [query.after, query.before, query.around, query.from].filter((place) => place !== undefined);
    if (places.length > 1) throw DiscussionErrors.onePlace();
    const limit = query.limit ?? LIMITS.pageSize;
    const last = thread.lastPostSeq;
    const firstUnreadSeq = last > thread.lastReadSeq ? thread.lastReadSeq + 1 : null;
    const page = (direction: 'after' | 'before', from: number, count: number) =>
      this.repository.pageOfPosts(threadId, caller.userId, direction, from, count);

    let rows: PostRow[];
    if (query.after !== undefined) rows = await page('after', query.after, limit);
    else if (query.before !== undefined) rows = await page('before', query.before, limit);
    else if (query.around !== undefined) rows = await this.around(page, threadId, caller.userId, query.around, limit, Math.floor(limit / 2));
    else if (query.from === 'first-unread') {
      // A little of what was already read, for context, then the unread; everything read: the last page.
      rows =
        firstUnreadSeq === null
          ? await page('before', last + 1, limit)
          : await this.around(page, threadId, caller.userId, firstUnreadSeq, limit, Math.min(5, Math.floor(limit / 4)));
    } else rows = await page('after', 0, limit);

    const first = rows[0]?.seq;
    const lastShown = rows[rows.length - 1]?.seq;
    return {
      items: rows.map((row) => toPostDto(row, viewer, thread)),
      // Posts are numbered 1, 2, 3… with no gaps (a removed post keeps its place), so the ends are known.
      hasBefore: first !== undefined ? first > 1 : query.after !== undefined && Math.min(query.after, last) >= 1,
      hasAfter: lastShown !== undefined ? lastShown < last : query.before !== undefined && last >= 1 && last >= query.before,
      firstUnreadSeq,
    };
  }

  private async around(
    page: (direction: 'after' | 'before', from: number, count: number) => Promise<PostRow[]>,
    threadId: string,
    readerId: string,
    seq: number,
    limit: number,
    before: number,
  ): Promise<PostRow[]> {
    // Up to `before` earlier posts and the rest of the page from `seq` on, in one round trip.
    const { earlier, later: from } = await this.repository.postsAround(threadId, readerId, seq, before, limit);
    const later = from.slice(0, limit - earlier.length);
    // Near the start there may be fewer earlier posts than asked, near the end fewer later ones: fill the page from the other side.
    if (earlier.length + later.length < limit && earlier.length === before) {
      const more = await page('before', earlier[0]?.seq ?? seq, limit - earlier.length - later.length);
      return [...more, ...earlier, ...later];
    }
    return [...earlier, ...later];
  }

  async updatePost(caller: Caller, postId: string, source: string): Promise<PostDto> {
    const { post, thread, viewer, access } = await this.access.post(caller.userId, postId, 'read');
    if (post.removed) throw DiscussionErrors.removed();
    if (viewer.userId !== post.authorId) throw DiscussionErrors.authorOnly();
    if (!mayPostIn(viewer, thread)) throw mayContribute(viewer) ? DiscussionErrors.locked() : DiscussionErrors.authorOnly();
    const rendered = await this.render(thread.networkId, source);
    const hits = this.hits(caller, [this.editsPerMinute, this.editsPerHour]);
    const verdict = await this.rateLimiter.takeAll(hits);
    if (!verdict.allowed) throw DiscussionErrors.editsRateLimited(verdict.retryAfterSeconds);
    const changes: ThreadChanged[] = [];
    await this.transactions
      .run(async (manager) => {
        await this.repository.lockThread(thread.id, manager);
        // Read under the lock: two edits at once must not both count the same person as newly mentioned.
        const mentionedBefore = new Set(await this.repository.mentionsOf(postId, manager));
        await this.repository.updatePostBody(postId, { source: rendered.source, html: rendered.html, mentionedUserIds: rendered.mentionedUserIds }, manager);
        const change = await this.record(thread.networkId, thread.id, 'post:updated', postId, manager);
        changes.push(change);
        // The author is left out here, never in the job: an anonymous writer's id must not reach the queue.
        const added = rendered.mentionedUserIds.filter((userId) => !mentionedBefore.has(userId) && userId !== post.authorId);
        if (added.length > 0) await this.notices.mentionsAdded({ postId, userIds: added, eventId: change.eventId }, manager);
      })
      .catch(async (error: unknown) => {
        await this.rateLimiter.giveBackAll(hits);
        throw error;
      });
    this.emitChanges(changes);
    return this.postView(caller.userId, postId, access);
  }

  /** Every version of a post, oldest first, the current last; nothing when the caller may not read its text. */
  async revisions(caller: Caller, postId: string): Promise<RevisionListDto> {
    const { post, viewer } = await this.access.post(caller.userId, postId, 'read');
    if (post.removed || (post.hiddenReason !== null && !mayModerate(viewer))) return { items: [] };
    const earlier = await this.repository.revisions(postId);
    return {
      items: [
        ...earlier.map((revision) => ({ revision: revision.revision, bodyHtml: revision.bodyHtml, createdAt: new Date(revision.createdAt).toISOString() })),
        { revision: earlier.length + 1, bodyHtml: post.bodyHtml, createdAt: new Date(post.editedAt ?? post.createdAt).toISOString() },
      ],
    };
  }

  async deletePost(caller: Caller, postId: string): Promise<PostDto> {
    const { post, thread, viewer, access } = await this.access.post(caller.userId, postId, 'read');
    if (post.removed) throw DiscussionErrors.removed();
    const byAuthor = viewer.userId === post.authorId && mayContribute(viewer);
    if (!byAuthor && !mayModerate(viewer)) throw DiscussionErrors.moderatorsOnly("remove other people's posts");
    const removal = byAuthor ? 'author' : 'moderator';
    const changes: ThreadChanged[] = [];
    await this.transactions.run(async (manager) => {
      await this.repository.lockThread(thread.id, manager);
      if (!(await this.repository.removePost(postId, removal, manager))) throw DiscussionErrors.removed();
      await this.repository.adjustPostCount(thread.id, -1, manager);
      const change = await this.record(thread.networkId, thread.id, 'post:deleted', postId, manager);
      changes.push(change);
      if (removal === 'moderator') await this.notices.postModerated({ postId, action: 'removed', reason: null, eventId: change.eventId }, manager);
    });
    this.emitChanges(changes);
    return this.postView(caller.userId, postId, access);
  }

  async react(caller: Caller, postId: string, reaction: Reaction, on: boolean): Promise<PostDto> {
    const { post, thread, access } = await this.access.post(caller.userId, postId, 'contribute');
    if (post.removed) throw DiscussionErrors.removed();
    if (post.hiddenReason !== null) throw DiscussionErrors.hidden();
    const hits = this.hits(caller, [this.reactionsPerMinute]);
    const verdict = await this.rateLimiter.takeAll(hits);
    if (!verdict.allowed) throw DiscussionErrors.reactionsRateLimited(verdict.retryAfterSeconds);
    const changes: ThreadChanged[] = [];
    await this.transactions
      .run(async (manager) => {
        await this.repository.lockThread(thread.id, manager);
        const changed = on
          ? await this.repository.addReaction(postId, caller.userId, reaction, manager)
          : await this.repository.removeReaction(postId, caller.userId, reaction, manager);
        // Only a real change is an event: a repeated PUT or DELETE leaves the log alone.
        if (changed) changes.push(await this.record(thread.networkId, thread.id, 'post:updated', postId, manager));
      })
      .catch(async (error: unknown) => {
        await this.rateLimiter.giveBackAll(hits);
        throw error;
      });
    // What changed nothing costs nothing.
    if (changes.length === 0) await this.rateLimiter.giveBackAll(hits);
    this.emitChanges(changes);
    return this.postView(caller.userId, postId, access);
  }

  // ---- people and subjects ----

  async mentionable(access: NetworkAccess, q: string | undefined): Promise<PersonListDto> {
    return { items: await this.repository.mentionable(access.network.id, q ?? '') };
  }

  async discussionCounts(caller: Caller, packageId: string): Promise<DiscussionCountsDto> {
    const { found } = await this.packages.requireWithAccess(caller, packageId, 'read');
    const counts = await this.repository.subjectCounts(packageId, found.networkId);
    const ideas: Record<string, number> = {};
    let whole = 0;
    for (const row of counts) {
      if (row.subjectType === 'change_idea' && row.ideaId) ideas[row.ideaId] = row.count;
      else if (row.subjectType === 'change_package') whole += row.count;
    }
    return { package: whole, ideas };
  }

  // ---- for the live door (socket.io) ----

  /** Posts as a plain member who wrote none of them sees them: what a room receives. */
  async peerPostViews(postIds: string[]): Promise<PostDto[]> {
    const rows = await this.repository.findPosts(postIds, null);
    const threads = new Map<string, { locked: boolean; visibility: 'public' | 'private' }>();
    for (const threadId of new Set(rows.map((row) => row.threadId))) {
      const thread = await this.repository.findThread(threadId, null);
      if (thread) threads.set(threadId, { locked: thread.locked, visibility: thread.networkVisibility });
    }
    return rows.flatMap((row) => {
      const thread = threads.get(row.threadId);
      return thread ? [toPostDto(row, peerViewer(thread.visibility), thread)] : [];
    });
  }

  /** The thread as a plain member sees it; null when it no longer exists. */
  async peerThreadView(threadId: string): Promise<ThreadDto | null> {
    const thread = await this.repository.findThread(threadId, null);
    return thread ? toThreadDto(thread, peerViewer(thread.networkVisibility)) : null;
  }

  /** The thread's network when `userId` may read the thread; otherwise the same 404 as REST. */
  async readableThread(userId: string, threadId: string): Promise<string> {
    return (await this.access.thread(userId, threadId, 'read')).thread.networkId;
  }

  // ---- shared with moderation ----

  /** Records one event of a thread inside the caller's transaction; emit it with emitChanges after commit. */
  async record(networkId: string, threadId: string, kind: DiscussionEventKind, postId: string | null, manager: EntityManager): Promise<ThreadChanged> {
    const eventId = await this.repository.recordEvent(threadId, kind, postId, manager);
    // Every change to a thread passes here, so the search outbox hears of each in the same transaction.
    // The thread's document holds its first post; a reply's holds its thread's title, tags and network.
    await this.outbox.changed(manager, 'thread', threadId);
    if (postId) await this.outbox.changed(manager, 'post', postId);
    if (kind === 'thread:updated') await this.outbox.changed(manager, 'post', await this.repository.postIdsOf(threadId, manager));
    return { networkId, threadId, eventId, kind, postId };
  }

  emitChanges(changes: ThreadChanged[]): void {
    for (const change of changes) {
      try {
        this.events.threadChanged(change);
      } catch (error) {
        // Committed already: a listener's failure is logged, never turned into the writer's error.
        this.logger.error(`threadChanged listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async postView(userId: string, postId: string, access: NetworkAccess): Promise<PostDto> {
    const [post, thread] = await Promise.all([this.repository.findPost(postId, userId), this.repository.locatePost(postId)]);
    if (!post || !thread) throw DiscussionErrors.postNotFound();
    const threadRow = await this.repository.findThread(thread.threadId, userId);
    return toPostDto(post, { userId, role: access.role, visibility: access.network.visibility }, { locked: threadRow?.locked ?? false });
  }

  postAccess(userId: string, postId: string, action: 'read' | 'contribute' | 'moderate' | 'administer'): Promise<PostAccess> {
    return this.access.post(userId, postId, action);
  }

  // ---- helpers ----

  private hits(caller: Caller, rules: RateLimitRule[]): RateLimitHit[] {
    return rules.map((rule) => ({ rule, subject: caller.userId }));
  }

  private async render(networkId: string, source: string) {
    const candidates = this.renderer.mentionCandidates(source);
    // A mention notifies: one post must not become a broadcast to a whole network.
    if (candidates.length > MAX_MENTIONS_PER_POST) throw DiscussionErrors.tooManyMentions(MAX_MENTIONS_PER_POST);
    return this.renderer.render(source, await this.repository.membersAmong(networkId, candidates));
  }

  private async anonymousLabelFor(networkId: string, userId: string, anonymousAs: AnonymousAs | undefined): Promise<string> {
    const wanted = anonymousAs ?? 'team';
    return anonymousLabel(wanted, wanted === 'team' ? await this.repository.teamNameOf(networkId, userId) : null);
  }

  private async checkParent(userId: string, threadId: string, parentId: string): Promise<PostRow> {
    const parent = await this.repository.findPost(parentId, userId);
    if (!parent || parent.threadId !== threadId) throw DiscussionErrors.parentNotFound();
    if (parent.parentId !== null) throw DiscussionErrors.parentIsReply();
    if (parent.removed) throw DiscussionErrors.parentRemoved();
    return parent;
  }

  private async requireModeratorOf(userId: string, networkId: string): Promise<void> {
    try {
      await this.access.requireNetwork(userId, networkId, 'moderate', DiscussionErrors.moveTargetNotFound);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'forbidden') throw DiscussionErrors.moveTargetNotModerated();
      throw error;
    }
  }

  /** The subject must be a package of this network, or an idea in such a package's current document, or a lesson shared in this network. */
  private async resolveSubject(caller: Caller, networkId: string, subject: SubjectBody): Promise<ResolvedSubject> {
    if (subject.type === 'lesson') return this.resolveLesson(caller, networkId, subject.id.toLowerCase());
    if (subject.type === 'learning_session') return this.resolveLearningSession(networkId, subject.id.toLowerCase());
    const packageId = (subject.type === 'change_package' ? subject.id : subject.packageId)?.toLowerCase();
    const packageField = subject.type === 'change_package' ? 'subject.id' : 'subject.packageId';
    if (!packageId) throw DiscussionErrors.subjectPackageMissing();
    let found;
    try {
      found = (await this.packages.requireWithAccess(caller, packageId, 'read')).found;
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') throw DiscussionErrors.subjectNotFound(packageField);
      throw error;
    }
    if (found.networkId !== networkId) throw DiscussionErrors.subjectNotFound(packageField);
    if (subject.type === 'change_package') return { ...NO_SUBJECT, subjectType: 'change_package', subjectPackageId: found.id };
    const ideaId = subject.id.toLowerCase();
    const idea = (await this.packages.content(found)).ideas.find((candidate) => candidate.id.toLowerCase() === ideaId);
    if (!idea) throw DiscussionErrors.subjectNotFound('subject.id');
    return { ...NO_SUBJECT, subjectType: 'change_idea', subjectPackageId: found.id, subjectIdeaId: idea.id, subjectTitle: idea.title };
  }

  /**
   * A lesson is discussed in its own network, once it is shared. Someone else's draft does not
   * exist for the caller (as on the lesson's own page); their own draft is named as a draft. The
   * title is not copied: it is read live, and it is all of the lesson a thread ever shows.
   */
  private async resolveLesson(caller: Caller, networkId: string, lessonId: string): Promise<ResolvedSubject> {
    const lesson = await this.repository.lessonSubject(lessonId);
    if (!lesson || lesson.networkId !== networkId) throw DiscussionErrors.subjectNotFound('subject.id');
    if (lesson.status !== 'published') {
      if (lesson.authorId !== caller.userId) throw DiscussionErrors.subjectNotFound('subject.id');
      throw DiscussionErrors.lessonIsDraft();
    }
    return { ...NO_SUBJECT, subjectType: 'lesson', subjectLessonId: lesson.id };
  }

  /** A learning session of this network (the caller reads the network already); a cancelled one has nothing to follow up. */
  private async resolveLearningSession(networkId: string, sessionId: string): Promise<ResolvedSubject> {
    const session = await this.repository.sessionSubject(sessionId);
    if (!session || session.networkId !== networkId || session.status === 'cancelled') throw DiscussionErrors.subjectNotFound('subject.id');
    return { ...NO_SUBJECT, subjectType: 'learning_session', subjectSessionId: session.id };
  }
}
