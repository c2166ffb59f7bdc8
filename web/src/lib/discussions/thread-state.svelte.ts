import type { Socket } from 'socket.io-client';
import { emit, listen, onConnected } from '$lib/live/socket';
import { api, unwrap } from '$lib/api/client';
import type { PostPage, PostView, ThreadView } from './types';

/** How many posts a page holds, and the most kept on screen at once (older ones give way). */
export const PAGE_SIZE = 40;
const MOST_SHOWN = 200;

const LIVE_UNAVAILABLE = 'New posts will not appear here by themselves right now. Reload the page to see the latest.';
const CATCH_UP_FAILED = 'We could not load what was posted while you were away. Reload the page to see every post.';

type JoinAck = { ok: true; lastEventId: number; readingNow: number; missed?: { event: string; payload: LivePayload }[]; reload?: true } | { ok: false; error: { statusCode: number; code: string }; retryAfterSeconds?: number };
interface LivePayload {
  threadId: string;
  post?: PostView;
  thread?: ThreadView;
  eventId?: number;
}

/**
 * One thread as the page shows it: a window of its posts (keyset pages, never the whole
 * thread), kept current from the thread's socket.io room, with catch-up after a reconnection.
 */
export class ThreadState {
  thread = $state<ThreadView>() as ThreadView;
  posts = $state<PostView[]>([]);
  hasBefore = $state(false);
  hasAfter = $state(false);
  readingNow = $state(0);
  typing = $state<string | null>(null);
  /** Posts that arrived live while the window does not reach the end (load them to see them). */
  waitingAfter = $state(0);
  accessLost = $state(false);
  /** Why the page may not be current (live updates could not start, a catch-up failed); null when it is. */
  liveProblem = $state<string | null>(null);
  /** Ids of posts that arrived live, for the "N new posts" affordance. */
  arrived = $state<string[]>([]);
  /** The person is writing: tells the room, at most every few seconds. */
  private lastTyping = 0;
  typed(anonymous: boolean) {
    if (Date.now() - this.lastTyping < 4000) return;
    this.lastTyping = Date.now();
    emit('thread:typing', { threadId: this.thread.id, ...(anonymous && { anonymous: true }) });
  }
  private lastEventId = 0;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private rejoinTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    thread: ThreadView,
    page: PostPage,
    private readonly onreload: () => Promise<void>,
  ) {
    this.reset(thread, page);
  }

  reset(thread: ThreadView, page: PostPage) {
    this.thread = thread;
    this.posts = page.items;
    this.hasBefore = page.hasBefore;
    this.hasAfter = page.hasAfter;
    this.lastEventId = thread.lastEventId;
    this.waitingAfter = 0;
  }

  async loadEarlier() {
    const first = this.posts[0];
    if (!first) return;
    const page = await unwrap(api.GET('/api/threads/{threadId}/posts', { params: { path: { threadId: this.thread.id }, query: { before: first.seq, limit: PAGE_SIZE } } }));
    this.posts = [...page.items, ...this.posts].slice(0, MOST_SHOWN);
    this.hasBefore = page.hasBefore;
    if (this.posts.length === MOST_SHOWN) this.hasAfter = true;
  }

  async loadLater() {
    const last = this.posts.at(-1);
    const page = await unwrap(
      api.GET('/api/threads/{threadId}/posts', { params: { path: { threadId: this.thread.id }, query: last ? { after: last.seq, limit: PAGE_SIZE } : { limit: PAGE_SIZE } } }),
    );
    const known = new Set(this.posts.map((post) => post.id));
    const merged = [...this.posts, ...page.items.filter((post) => !known.has(post.id))];
    if (merged.length > MOST_SHOWN) this.hasBefore = true;
    this.posts = merged.slice(-MOST_SHOWN);
    this.hasAfter = page.hasAfter;
    if (!page.hasAfter) this.waitingAfter = 0;
  }

  /** A post this person wrote or changed: what the server answered them (with their own `can`). */
  upsertOwn(post: PostView) {
    const index = this.posts.findIndex((known) => known.id === post.id);
    if (index >= 0) this.posts[index] = post;
    else if (!this.hasAfter) this.posts = [...this.posts, post];
  }

  // ---- live ----

  /** Joins the thread's room now and after every reconnection; returns what leaves it. */
  connect(): () => void {
    type Heard = LivePayload & { who?: string; readingNow?: number };
    const stopListening = listen({
      'post:created': (payload: Heard) => this.apply('post:created', payload),
      'post:updated': (payload: Heard) => this.apply('post:updated', payload),
      'post:deleted': (payload: Heard) => this.apply('post:deleted', payload),
      'thread:updated': (payload: Heard) => this.apply('thread:updated', payload),
      'thread:typing': (payload: Heard) => payload.threadId === this.thread.id && payload.who && this.showTyping(payload.who),
      'thread:reading': (payload: Heard) => payload.threadId === this.thread.id && (this.readingNow = payload.readingNow ?? this.readingNow),
      'thread:access-lost': (payload: Heard) => payload.threadId === this.thread.id && (this.accessLost = true),
    });

    const stop = onConnected(
      (connected) => this.join(connected),
      () => (this.liveProblem = LIVE_UNAVAILABLE),
    );
    return () => {
      stop();
      stopListening();
      if (this.rejoinTimer) clearTimeout(this.rejoinTimer);
      emit('thread:leave', { threadId: this.thread.id });
    };
  }

  private join(live: Socket) {
    live.emit('thread:join', { threadId: this.thread.id, lastEventId: this.lastEventId }, (ack: JoinAck) => {
      if (!ack.ok) {
        // Joined too often in a short time (many tabs reconnecting at once): not a loss of access; try again when told.
        if (ack.error.statusCode === 429) {
          this.rejoinTimer = setTimeout(() => live.connected && this.join(live), (ack.retryAfterSeconds ?? 5) * 1000);
          return;
        }
        this.accessLost = true;
        return;
      }
      this.readingNow = ack.readingNow;
      this.liveProblem = null;
      if (ack.reload) {
        this.onreload().catch(() => (this.liveProblem = CATCH_UP_FAILED));
        return;
      }
      for (const missed of ack.missed ?? []) this.apply(missed.event, missed.payload);
      this.lastEventId = Math.max(this.lastEventId, ack.lastEventId);
    });
  }

  private apply(event: string, payload: LivePayload) {
    if (payload.threadId !== this.thread.id) return;
    // Each event once, in order: what the catch-up already gave is not applied twice.
    if (payload.eventId !== undefined) {
      if (payload.eventId <= this.lastEventId) return;
      this.lastEventId = payload.eventId;
    }
    if (event === 'thread:updated') {
      if (payload.thread) {
        // The peer view has a plain member's `can` and read marks: this person keeps their own.
        const { can, unreadCount, firstUnreadSeq, lastReadSeq, notificationLevel, mine } = this.thread;
        this.thread = { ...payload.thread, can, unreadCount, firstUnreadSeq, lastReadSeq, notificationLevel, mine };
      }
      return;
    }
    const post = payload.post;
    if (!post) return;
    const index = this.posts.findIndex((known) => known.id === post.id);
    if (index >= 0) {
      const known = this.posts[index];
      // Live posts are the peer view: keep what this person knew of their own post, and the
      // body a moderator may still read of a hidden one.
      const keepBody = this.thread.can.moderate && post.hidden && !post.removed;
      this.posts[index] = {
        ...post,
        mine: known.mine,
        can: known.mine || this.thread.can.moderate ? { ...known.can, edit: known.can.edit && !post.removed } : post.can,
        reactions: post.reactions.map((reaction) => ({ ...reaction, mine: known.reactions.find((mine) => mine.reaction === reaction.reaction)?.mine ?? false })),
        ...(keepBody && { bodySource: known.bodySource, bodyHtml: known.bodyHtml }),
      };
      return;
    }
    if (event !== 'post:created') return;
    if (this.hasAfter) {
      this.waitingAfter += 1;
      return;
    }
    this.posts = [...this.posts, post];
    this.arrived = [...this.arrived, post.id];
    this.thread.postCount = Math.max(this.thread.postCount, post.seq);
    if (this.typing) this.typing = null;
  }

  private showTyping(who: string) {
    this.typing = who;
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => (this.typing = null), 6000);
  }
}
