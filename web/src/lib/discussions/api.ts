import { ApiError, unwrap } from '$lib/api/client';
import type {
  DiscussionCounts,
  Mentionable,
  NewThread,
  PostPage,
  PostView,
  Reaction,
  Report,
  Revision,
  ThreadPage,
  ThreadSort,
  ThreadView,
} from './types';

/** Refused for posting too often: says how many seconds to wait (from Retry-After). */
export class RateLimitedError extends ApiError {
  constructor(
    cause: ApiError,
    readonly retryAfterSeconds: number,
  ) {
    super(cause.status, cause.message, cause.code, cause.fields);
  }
}

/**
 * The discussions API, one function per route. Requests go through `unwrap`, so that failures
 * become the same ApiError (message, code, fields) as everywhere else. Loaders pass SvelteKit's
 * `fetch` and the page's origin, as with `apiClient`.
 */
export class DiscussionsApi {
  constructor(
    private readonly customFetch: typeof fetch = (...args) => fetch(...args),
    private readonly origin = '',
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let retryAfter: string | null = null;
    const request = (async () => {
      const response = await this.customFetch(this.origin + path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      retryAfter = response.headers.get('retry-after');
      const text = await response.text();
      const parsed: unknown = text ? JSON.parse(text) : undefined;
      return response.ok ? { data: parsed as T, response } : { error: parsed, response };
    })();
    try {
      return (await unwrap(request)) as T;
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 429) throw new RateLimitedError(cause, Number(retryAfter) || 60);
      throw cause;
    }
  }

  threads(networkId: string, query: { sort?: ThreadSort; tag?: string; unread?: boolean; subjectType?: string; subjectId?: string; cursor?: string; limit?: number } = {}) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '' && value !== false) params.set(key, String(value));
    const search = params.size ? `?${params}` : '';
    return this.call<ThreadPage>('GET', `/api/networks/${networkId}/threads${search}`);
  }

  createThread(networkId: string, body: NewThread) {
    return this.call<ThreadView & { firstPost: PostView }>('POST', `/api/networks/${networkId}/threads`, body);
  }

  thread(threadId: string) {
    return this.call<ThreadView>('GET', `/api/threads/${threadId}`);
  }

  updateThread(threadId: string, body: { title?: string; tags?: string[]; pinned?: boolean; locked?: boolean; networkId?: string }) {
    return this.call<ThreadView>('PATCH', `/api/threads/${threadId}`, body);
  }

  posts(threadId: string, query: { after?: number; before?: number; around?: number; from?: 'first-unread'; limit?: number } = {}) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.size ? `?${params}` : '';
    return this.call<PostPage>('GET', `/api/threads/${threadId}/posts${search}`);
  }

  reply(threadId: string, body: { body: string; parentId?: string; anonymous?: boolean; anonymousAs?: 'team' | 'member' }) {
    return this.call<PostView>('POST', `/api/threads/${threadId}/posts`, body);
  }

  editPost(postId: string, body: string) {
    return this.call<PostView>('PATCH', `/api/posts/${postId}`, { body });
  }

  revisions(postId: string) {
    return this.call<{ items: Revision[] }>('GET', `/api/posts/${postId}/revisions`);
  }

  deletePost(postId: string) {
    return this.call<PostView>('DELETE', `/api/posts/${postId}`);
  }

  hidePost(postId: string, reason: string) {
    return this.call<PostView>('POST', `/api/posts/${postId}/hide`, { reason });
  }

  unhidePost(postId: string) {
    return this.call<PostView>('DELETE', `/api/posts/${postId}/hide`);
  }

  react(postId: string, reaction: Reaction, on: boolean) {
    return this.call<PostView>(on ? 'PUT' : 'DELETE', `/api/posts/${postId}/reactions/${reaction}`);
  }

  report(postId: string, reason: string) {
    return this.call<unknown>('POST', `/api/posts/${postId}/reports`, { reason });
  }

  reveal(postId: string) {
    return this.call<{ author: { userId: string; name: string; teamName: string | null } }>('POST', `/api/posts/${postId}/reveal`);
  }

  markRead(threadId: string, seq: number) {
    return this.call<unknown>('POST', `/api/threads/${threadId}/read`, { seq });
  }

  mentionable(networkId: string, q: string) {
    return this.call<{ items: Mentionable[] }>('GET', `/api/networks/${networkId}/mentionable?q=${encodeURIComponent(q)}`);
  }

  reports(networkId: string) {
    return this.call<{ items: Report[] }>('GET', `/api/networks/${networkId}/moderation/reports`);
  }

  resolveReport(reportId: string, action: 'dismiss' | 'hide', reason?: string) {
    return this.call<unknown>('POST', `/api/reports/${reportId}/resolve`, { action, ...(reason ? { reason } : {}) });
  }

  moderationSummary(networkId: string) {
    return this.call<{ openReports: number }>('GET', `/api/networks/${networkId}/moderation/summary`);
  }

  discussionCounts(packageId: string) {
    return this.call<DiscussionCounts>('GET', `/api/change-packages/${packageId}/discussion-counts`);
  }
}

export const discussions = new DiscussionsApi();
