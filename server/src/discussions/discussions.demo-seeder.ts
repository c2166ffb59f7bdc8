import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationKind } from '../notifications/notification.rules';
import { NotificationsService } from '../notifications/notifications.service';
import type { DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { DEMO_PEOPLE } from '../seed/demo-content';
import { DEMO_THREADS, type DemoPost, type DemoThread } from '../seed/demo-discussions';
import { anonymousLabel, normaliseTags, type DiscussionEventKind } from './discussion.rules';
import { DiscussionsRepository } from './discussions.repository';
import { PostRenderer } from './post-renderer';

const MENTION_PLACEHOLDER = /@\{([a-z]+)\}/g;

interface WrittenPost {
  id: string;
  seq: number;
  authorId: string;
  /** What peers see as its author: a name, or the anonymous label. */
  shownAs: string;
  source: string;
}

interface Notice {
  kind: Extract<NotificationKind, 'mention' | 'reply'>;
  recipient: string;
  post: WrittenPost;
  excerpt: string;
}

/**
 * The demo's discussions, written as the product writes them: bodies through the real
 * PostRenderer (so mentions resolve and the HTML is the sanitised one), posts numbered under the
 * thread's row, an event in the thread's log for every change (so the live door's catch-up works
 * on them), read markers, reactions, an open report, and the mention and reply notifications the
 * posts would have caused. Notifications come from here rather than from a seeder of their own
 * because discussions build on notifications (a module's seeder runs after those of the modules it
 * imports), and because which posts notify whom is a fact about the posts.
 */
@Injectable()
export class DiscussionsDemoSeeder implements DemoSeeder {
  constructor(
    private readonly repository: DiscussionsRepository,
    private readonly renderer: PostRenderer,
    private readonly notifications: NotificationsService,
  ) {}

  async seedDemo({ manager, ids }: DemoSeedContext): Promise<void> {
    const now = Date.now();
    for (const thread of DEMO_THREADS) await this.seedThread(thread, { manager, ids }, now);
  }

  private async seedThread(thread: DemoThread, { manager, ids }: DemoSeedContext, now: number): Promise<void> {
    checkOrder(thread);
    const networkId = ids.of('network', thread.network);
    const person = (key: string) => ids.of('person', key);
    const at = (post: DemoPost) => new Date(now - post.minutesAgo * 60_000);
    const labels = new Map<string, string>();
    const labelOf = async (authorKey: string) => {
      if (!labels.has(authorKey)) labels.set(authorKey, anonymousLabel('team', await this.repository.teamNameOf(networkId, person(authorKey), manager)));
      return labels.get(authorKey)!;
    };

    const opening = thread.posts[0];
    const threadId = await this.repository.insertThread(
      {
        networkId,
        title: thread.title,
        authorId: person(opening.author),
        anonymous: opening.anonymous ?? false,
        anonymousLabel: opening.anonymous ? await labelOf(opening.author) : null,
        tags: normaliseTags(thread.tags ?? []),
        ...(thread.aboutIdea
          ? {
              subjectType: 'change_idea',
              subjectPackageId: ids.of('change-package', 'national'),
              subjectIdeaId: ids.of('change-idea', thread.aboutIdea),
              subjectLessonId: null,
              subjectSessionId: null,
              subjectTitle: thread.aboutIdea,
            }
          : { subjectType: null, subjectPackageId: null, subjectIdeaId: null, subjectLessonId: null, subjectSessionId: null, subjectTitle: null }),
        createdAt: at(opening),
      },
      manager,
    );
    const event = (kind: DiscussionEventKind, postId: string | null) => this.repository.recordEvent(threadId, kind, postId, manager);

    const written = new Map<string, WrittenPost>();
    const readUpTo = new Map<string, number>();
    const notices: Notice[] = [];
    for (const post of thread.posts) {
      const authorId = person(post.author);
      const shownAs = post.anonymous ? await labelOf(post.author) : displayNameOf(post.author);
      const source = quotePrefix(post, written) + post.body.replace(MENTION_PLACEHOLDER, (_, key: string) => `@[${displayNameOf(key)}](${person(key)})`);
      const rendered = this.renderer.render(source, await this.repository.membersAmong(networkId, this.renderer.mentionCandidates(source), manager));
      const parent = post.replyTo ? written.get(post.replyTo) : undefined;
      const taken = await this.repository.takePostSeq(threadId, manager);
      const id = await this.repository.insertPost(
        {
          threadId,
          seq: taken!.postSeq,
          parentId: parent?.id ?? null,
          authorId,
          anonymous: post.anonymous ?? false,
          anonymousLabel: post.anonymous ? shownAs : null,
          bodySource: source,
          bodyHtml: rendered.html,
          mentionedUserIds: rendered.mentionedUserIds,
          createdAt: at(post),
        },
        manager,
      );
      await event('post:created', id);
      // As when someone posts: they have read the thread up to their own post.
      readUpTo.set(authorId, taken!.postSeq);
      const mine: WrittenPost = { id, seq: taken!.postSeq, authorId, shownAs, source };
      written.set(post.key, mine);
      if (post === opening && thread.pinned) {
        await this.repository.updateThread(threadId, { pinned: true }, manager);
        await event('thread:updated', null);
      }

      const excerpt = this.renderer.excerpt(rendered.html);
      const mentioned = rendered.mentionedUserIds.filter((userId) => userId !== authorId);
      for (const recipient of mentioned) notices.push({ kind: 'mention', recipient, post: mine, excerpt });
      // A reply that also mentions the parent's author notifies them once, as a mention.
      if (parent && parent.authorId !== authorId && !mentioned.includes(parent.authorId)) notices.push({ kind: 'reply', recipient: parent.authorId, post: mine, excerpt });
    }

    for (const post of thread.posts) {
      for (const [reactor, reaction] of post.reactions ?? []) {
        await this.repository.addReaction(written.get(post.key)!.id, person(reactor), reaction, manager);
        await event('post:updated', written.get(post.key)!.id);
      }
    }
    if (thread.locked) {
      await this.repository.updateThread(threadId, { locked: true }, manager);
      await event('thread:updated', null);
    }
    await this.repository.settleLastActivity(threadId, manager);

    const lastSeq = thread.posts.length;
    for (const [reader, upTo] of Object.entries(thread.read ?? {})) {
      const seq = upTo === 'all' ? lastSeq : written.get(upTo)?.seq;
      if (seq === undefined) throw new Error(`The demo thread "${thread.key}" marks ${reader} as having read a post it does not have: "${upTo}".`);
      readUpTo.set(person(reader), Math.max(readUpTo.get(person(reader)) ?? 0, seq));
    }
    for (const [userId, seq] of readUpTo) await this.repository.markRead(userId, threadId, seq, manager);

    for (const report of thread.reports ?? []) {
      await this.repository.insertReport(written.get(report.post)!.id, person(report.by), report.reason, manager);
    }

    await this.notify(thread, networkId, threadId, notices, manager);
    // What someone has read to the end, they have seen the notifications of.
    for (const recipient of new Set(notices.map((notice) => notice.recipient))) {
      if ((readUpTo.get(recipient) ?? 0) >= lastSeq) await this.notifications.markThreadRead(recipient, threadId, null, manager);
    }
  }

  private async notify(thread: DemoThread, networkId: string, threadId: string, notices: Notice[], manager: EntityManager): Promise<void> {
    for (const notice of notices) {
      await this.notifications.notify(
        {
          kind: notice.kind,
          networkId,
          threadId,
          postId: notice.post.id,
          recipients: [notice.recipient],
          title: thread.title,
          excerpt: notice.excerpt,
          actorLabel: notice.post.shownAs,
          url: `/networks/${networkId}/discussions/${threadId}?post=${notice.post.seq}`,
          // The demo people's addresses are example ones: nothing of the demo is ever mailed.
          mailed: true,
        },
        manager,
      );
    }
  }
}

function displayNameOf(key: string): string {
  const found = DEMO_PEOPLE.find((person) => person.key === key);
  if (!found) throw new Error(`The demo discussions name a person the demo does not have: "${key}".`);
  return found.displayName;
}

/** The quote-reply's opening, in the shape the composer writes it: "> Name wrote:", then the quoted lines. */
function quotePrefix(post: DemoPost, written: ReadonlyMap<string, WrittenPost>): string {
  if (!post.quote) return '';
  const quoted = written.get(post.quote.post);
  const paragraph = quoted?.source.split('\n\n')[post.quote.paragraph];
  if (!quoted || !paragraph) throw new Error(`The demo post "${post.key}" quotes what it cannot find: ${JSON.stringify(post.quote)}.`);
  return `> ${quoted.shownAs} wrote:\n>\n${paragraph
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')}\n\n`;
}

/** A thread's posts are in the order they were written, and a reply answers an earlier top-level post. */
function checkOrder(thread: DemoThread): void {
  const seen = new Map<string, DemoPost>();
  let previous = Infinity;
  for (const post of thread.posts) {
    if (post.minutesAgo >= previous) throw new Error(`The demo post "${post.key}" of "${thread.key}" is not later than the one before it.`);
    const parent = post.replyTo ? seen.get(post.replyTo) : undefined;
    if (post.replyTo && (!parent || parent.replyTo)) throw new Error(`The demo post "${post.key}" answers "${post.replyTo}", which is not an earlier top-level post.`);
    previous = post.minutesAgo;
    seen.set(post.key, post);
  }
}
