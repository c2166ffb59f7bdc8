import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '../common/request-context';
import type { NetworkAccess } from '../networks/network-access.policy';
import { CONFIG, type Config } from '../platform/config';
import { RateLimiter, type RateLimitRule } from '../platform/rate-limiter';
import { Transactions } from '../platform/transactions';
import { DiscussionAccess, viewerOf } from './discussion-access';
import type { ThreadChanged } from './discussion-events';
import { DiscussionNotifications } from './discussion-notifications';
import { toPostDto } from './discussion-views';
import type { ModerationSummaryDto, PostDto, RevealDto, RevealListDto, ReportListDto, ResolveReportBody } from './discussions.dto';
import { DiscussionErrors } from './discussions.errors';
import { DiscussionsRepository } from './discussions.repository';
import { DiscussionsService } from './discussions.service';

/**
 * What coaches and admins do to posts (hide, answer reports) and what admins alone may do (see
 * who wrote an anonymous post; every such look is recorded and listed to the network's admins).
 */
@Injectable()
export class ModerationService {
  private readonly reportsPerHour: RateLimitRule;

  constructor(
    private readonly repository: DiscussionsRepository,
    private readonly access: DiscussionAccess,
    private readonly discussions: DiscussionsService,
    private readonly transactions: Transactions,
    private readonly notices: DiscussionNotifications,
    private readonly rateLimiter: RateLimiter,
    @Inject(CONFIG) config: Config,
  ) {
    // Every report waits in the moderators' queue: one person must not be able to bury it.
    this.reportsPerHour = { name: 'discussion-reports:hour', limit: config.reportsPerHour, windowSeconds: 60 * 60 };
  }

  async hide(caller: Caller, postId: string, reason: string | null): Promise<PostDto> {
    const { post, thread, access } = await this.access.post(caller.userId, postId, 'moderate');
    if (post.removed) throw DiscussionErrors.removed();
    if (reason === null && post.hiddenReason === null) throw DiscussionErrors.notHidden();
    const changes: ThreadChanged[] = [];
    await this.transactions.run(async (manager) => {
      await this.repository.lockThread(thread.id, manager);
      await this.repository.setHidden(postId, reason === null ? null : { reason, by: caller.userId }, manager);
      const change = await this.discussions.record(thread.networkId, thread.id, 'post:updated', postId, manager);
      changes.push(change);
      // A moderator acting on their own post needs no word of it.
      if (post.authorId !== caller.userId) {
        await this.notices.postModerated({ postId, action: reason === null ? 'unhidden' : 'hidden', reason, eventId: change.eventId }, manager);
      }
    });
    this.discussions.emitChanges(changes);
    return this.discussions.postView(caller.userId, postId, access);
  }

  async report(caller: Caller, postId: string, reason: string): Promise<{ id: string }> {
    const { post } = await this.access.post(caller.userId, postId, 'contribute');
    if (post.authorId === caller.userId) throw DiscussionErrors.ownPost();
    if (post.removed) throw DiscussionErrors.removed();
    const hit = { rule: this.reportsPerHour, subject: caller.userId };
    const verdict = await this.rateLimiter.take(hit);
    if (!verdict.allowed) throw DiscussionErrors.reportsRateLimited(verdict.retryAfterSeconds);
    const id = await this.repository.insertReport(postId, caller.userId, reason).catch(async (error: unknown) => {
      await this.rateLimiter.giveBack(hit);
      throw error;
    });
    if (!id) {
      // A second report of the same post adds nothing to the queue, so it costs nothing.
      await this.rateLimiter.giveBack(hit);
      throw DiscussionErrors.alreadyReported();
    }
    return { id };
  }

  /** Open reports, oldest first, each with the post as the moderator sees it (an anonymous author stays anonymous). */
  async queue(caller: Caller, access: NetworkAccess): Promise<ReportListDto> {
    const reports = await this.repository.openReports(access.network.id);
    const viewer = viewerOf(caller.userId, access);
    const posts = new Map((await this.repository.findPosts([...new Set(reports.map((report) => report.postId))], caller.userId)).map((post) => [post.id, post]));
    const locked = new Map<string, boolean>();
    for (const threadId of new Set(reports.map((report) => report.threadId))) {
      locked.set(threadId, (await this.repository.findThread(threadId, caller.userId))?.locked ?? false);
    }
    return {
      items: reports.flatMap((report) => {
        const post = posts.get(report.postId);
        if (!post) return [];
        return [
          {
            id: report.id,
            reason: report.reason,
            createdAt: new Date(report.createdAt).toISOString(),
            reporter: { userId: report.reporterId, name: report.reporterName, teamName: report.reporterTeamName },
            post: toPostDto(post, viewer, { locked: locked.get(report.threadId) ?? false }),
            threadId: report.threadId,
            threadTitle: report.threadTitle,
          },
        ];
      }),
    };
  }

  async summary(access: NetworkAccess): Promise<ModerationSummaryDto> {
    return { openReports: await this.repository.countOpenReports(access.network.id) };
  }

  async resolve(caller: Caller, reportId: string, body: ResolveReportBody): Promise<ModerationSummaryDto> {
    const report = await this.repository.findReport(reportId);
    if (!report) throw DiscussionErrors.reportNotFound();
    const access = await this.access.requireNetwork(caller.userId, report.networkId, 'moderate', DiscussionErrors.reportNotFound);
    if (report.status !== 'open') throw DiscussionErrors.reportResolved();
    if (body.action === 'hide') {
      const post = await this.repository.findPost(report.postId, caller.userId);
      const reason = body.reason ?? report.reason;
      const changes: ThreadChanged[] = [];
      await this.transactions.run(async (manager) => {
        await this.repository.lockThread(report.threadId, manager);
        if (!(await this.repository.resolveReports(report.id, report.postId, 'hidden', caller.userId, manager))) throw DiscussionErrors.reportResolved();
        if (post && !post.removed) {
          await this.repository.setHidden(report.postId, { reason, by: caller.userId }, manager);
          const change = await this.discussions.record(report.networkId, report.threadId, 'post:updated', report.postId, manager);
          changes.push(change);
          if (post.authorId !== caller.userId) await this.notices.postModerated({ postId: report.postId, action: 'hidden', reason, eventId: change.eventId }, manager);
        }
      });
      this.discussions.emitChanges(changes);
    } else {
      await this.transactions.run(async (manager) => {
        if (!(await this.repository.resolveReports(report.id, report.postId, 'dismissed', caller.userId, manager))) throw DiscussionErrors.reportResolved();
      });
    }
    return this.summary(access);
  }

  /** Who wrote an anonymous post, for an admin of its network; the look is recorded first. */
  async reveal(caller: Caller, postId: string): Promise<RevealDto> {
    const { post, thread } = await this.access.post(caller.userId, postId, 'administer');
    if (!post.anonymous) throw DiscussionErrors.notAnonymous();
    await this.repository.recordReveal(thread.networkId, { postId }, caller.userId);
    const author = await this.repository.author(postId);
    return { author: { userId: author.userId, name: author.name, teamName: author.teamName } };
  }

  async reveals(access: NetworkAccess): Promise<RevealListDto> {
    return {
      items: (await this.repository.reveals(access.network.id)).map((row) => ({
        id: row.id,
        postId: row.postId,
        threadId: row.threadId,
        threadTitle: row.threadTitle,
        lessonId: row.lessonId,
        lessonTitle: row.lessonTitle,
        questionId: row.questionId,
        sessionId: row.sessionId,
        sessionTitle: row.sessionTitle,
        revealedBy: { userId: row.byId, name: row.byName, teamName: null },
        author: { userId: row.authorId, name: row.authorName, teamName: row.authorTeamName },
        createdAt: new Date(row.createdAt).toISOString(),
      })),
    };
  }
}
