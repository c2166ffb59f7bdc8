import { Injectable } from '@nestjs/common';
import type { DiscussionEventKind } from './discussion.rules';
import { DiscussionsService } from './discussions.service';
import type { PostDto, ThreadDto } from './discussions.dto';
import { ThreadEventsRepository, type ThreadEventRow } from './thread-events.repository';

export type PostEventKind = Exclude<DiscussionEventKind, 'thread:updated'>;

/** What the thread's room hears, and what a rejoining client finds in `missed`, in the same shape. */
export type LiveThreadEvent =
  | { event: PostEventKind; payload: { threadId: string; post: PostDto; eventId: number } }
  | { event: 'thread:updated'; payload: { threadId: string; thread: ThreadDto; eventId: number } };

/** A rejoining client gets either what it missed, or word that it must load the thread again. */
export type CatchUp = { missed: LiveThreadEvent[] } | { reload: true };

/**
 * Catch-up and live delivery read the thread's event log and build each event's payload from the
 * current state, as a plain member who is not the author sees it (a post deleted since shows as
 * removed; an anonymous author stays anonymous). Payloads are built once per event, never per
 * recipient: what one member may see of a post, every reader of the thread may see.
 */
@Injectable()
export class ThreadCatchUp {
  /** Beyond this many missed events, reloading the thread is cheaper than replaying them. */
  static readonly MAX_MISSED = 200;

  constructor(
    private readonly events: ThreadEventsRepository,
    private readonly discussions: DiscussionsService,
  ) {}

  /**
   * What a client that last saw `lastEventId` missed, up to `upToSeq` (what the room has been sent
   * already; later events reach it live). A lastEventId the thread never reached means the client
   * knows some other thread's history (or a restored database's): it must reload.
   */
  async since(threadId: string, lastEventId: number, upToSeq: number): Promise<CatchUp> {
    const lastSeq = await this.events.lastSeq(threadId);
    if (lastSeq === null || lastEventId > lastSeq) return { reload: true };
    // Judged against the whole log: what the room has not been sent yet reaches the client live, but counts all the same.
    if (lastSeq - lastEventId > ThreadCatchUp.MAX_MISSED) return { reload: true };
    if (lastEventId >= upToSeq) return { missed: [] };
    const rows = await this.events.eventsAfter(threadId, lastEventId, ThreadCatchUp.MAX_MISSED + 1, upToSeq);
    if (rows.length > ThreadCatchUp.MAX_MISSED) return { reload: true };
    return { missed: await this.payloadsOf(threadId, rows) };
  }

  /** Up to `limit` events after `afterSeq`, with their payloads, oldest first. */
  async after(threadId: string, afterSeq: number, limit: number): Promise<{ rows: ThreadEventRow[]; events: LiveThreadEvent[] }> {
    const rows = await this.events.eventsAfter(threadId, afterSeq, limit);
    return { rows, events: rows.length === 0 ? [] : await this.payloadsOf(threadId, rows) };
  }

  /** The payloads of the given events, each post and the thread read once for all of them. */
  async payloadsOf(threadId: string, rows: ThreadEventRow[]): Promise<LiveThreadEvent[]> {
    const postIds = [...new Set(rows.flatMap((row) => (row.postId && row.kind !== 'thread:updated' ? [row.postId] : [])))];
    const posts = new Map((postIds.length > 0 ? await this.discussions.peerPostViews(postIds) : []).map((post) => [post.id, post]));
    const thread = rows.some((row) => row.kind === 'thread:updated') ? await this.discussions.peerThreadView(threadId) : null;
    return rows.flatMap((row): LiveThreadEvent[] => {
      if (row.kind === 'thread:updated') {
        return thread ? [{ event: row.kind, payload: { threadId, thread, eventId: row.seq } }] : [];
      }
      const post = row.postId ? posts.get(row.postId) : undefined;
      // A post whose row is gone (its thread was deleted meanwhile) has nothing left to show.
      return post ? [{ event: row.kind, payload: { threadId, post: { ...post, eventId: row.seq }, eventId: row.seq } }] : [];
    });
  }
}
