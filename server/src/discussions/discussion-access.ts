import { Injectable } from '@nestjs/common';
import { NetworkAccessPolicy, type NetworkAccess } from '../networks/network-access.policy';
import type { NetworkAction } from '../networks/network.rules';
import { AppError } from '../platform/app-error';
import type { Viewer } from './discussion.rules';
import { DiscussionErrors } from './discussions.errors';
import { DiscussionsRepository, type PostRow, type ThreadRow } from './discussions.repository';

export interface ThreadAccess {
  thread: ThreadRow;
  access: NetworkAccess;
  viewer: Viewer;
}

export interface PostAccess extends ThreadAccess {
  post: PostRow;
}

export const viewerOf = (userId: string, access: NetworkAccess): Viewer => ({ userId, role: access.role, visibility: access.network.visibility });

/**
 * Threads and posts are reached by their own ids, so their network is found first and the
 * network's policy decides. A thread in a network the caller cannot see does not exist for them:
 * the policy's "not found" becomes the thread's or the post's own.
 */
@Injectable()
export class DiscussionAccess {
  constructor(
    private readonly repository: DiscussionsRepository,
    private readonly policy: NetworkAccessPolicy,
  ) {}

  requireNetwork(userId: string, networkId: string, action: NetworkAction, notFound: () => AppError): Promise<NetworkAccess> {
    return this.notFoundAs(notFound, () => this.policy.require(userId, networkId, action));
  }

  /** The policy's answer, its "not found" turned into the thread's or the post's own. */
  private async notFoundAs(notFound: () => AppError, decide: () => NetworkAccess | Promise<NetworkAccess>): Promise<NetworkAccess> {
    try {
      return await decide();
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') throw notFound();
      throw error;
    }
  }

  async thread(userId: string, threadId: string, action: NetworkAction): Promise<ThreadAccess> {
    // The thread and what the policy decides from come in one round trip; the policy decides as for any other door.
    const loaded = await this.repository.findThreadWithAccess(threadId, userId);
    if (!loaded) throw DiscussionErrors.threadNotFound();
    const access = await this.notFoundAs(DiscussionErrors.threadNotFound, () => this.policy.decide(loaded.found, action));
    return { thread: loaded.thread, access, viewer: viewerOf(userId, access) };
  }

  async post(userId: string, postId: string, action: NetworkAction): Promise<PostAccess> {
    const located = await this.repository.locatePost(postId);
    if (!located) throw DiscussionErrors.postNotFound();
    // The network is checked before the post is read, so that nothing of a hidden post is loaded for a stranger.
    await this.requireNetwork(userId, located.networkId, 'read', DiscussionErrors.postNotFound);
    const [post, threadAccess] = await Promise.all([this.repository.findPost(postId, userId), this.thread(userId, located.threadId, action)]);
    if (!post) throw DiscussionErrors.postNotFound();
    return { ...threadAccess, post };
  }
}
