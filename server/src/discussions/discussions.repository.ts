import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NetworkVisibility } from '../networks/network.rules';
import type { NamedInIndex } from '../search/search.document';
import { networkAccessColumns, networkAccessFrom, type FoundNetworkAccess, type NetworkAccessColumns } from '../networks/networks.repository';
import { preparedRead } from '../platform/prepared-read';
import { REACTIONS, type DiscussionEventKind, type Reaction, type Removal, type SubjectType } from './discussion.rules';

/** A thread as one reader sees it. The author's name and team are null for an anonymous thread, so that no mapping mistake can leak them. */
export interface ThreadRow {
  id: string;
  networkId: string;
  networkVisibility: NetworkVisibility;
  title: string;
  authorId: string;
  anonymous: boolean;
  anonymousLabel: string | null;
  authorName: string | null;
  authorTeamName: string | null;
  tags: string[];
  subjectType: SubjectType | null;
  subjectPackageId: string | null;
  subjectIdeaId: string | null;
  subjectLessonId: string | null;
  subjectSessionId: string | null;
  subjectTitle: string | null;
  pinned: boolean;
  locked: boolean;
  postCount: number;
  lastPostSeq: number;
  lastEventSeq: number;
  createdAt: Date;
  lastActivityAt: Date;
  lastReadSeq: number;
}

export interface PostRow {
  id: string;
  threadId: string;
  seq: number;
  parentId: string | null;
  authorId: string;
  anonymous: boolean;
  anonymousLabel: string | null;
  authorName: string | null;
  authorTeamName: string | null;
  bodySource: string;
  bodyHtml: string;
  mentionedUserIds: string[];
  createdAt: Date;
  editedAt: Date | null;
  revisionCount: number;
  removed: Removal | null;
  hiddenReason: string | null;
  reactions: { reaction: Reaction; count: number; mine: boolean }[];
}

export interface NewThread {
  networkId: string;
  title: string;
  authorId: string;
  anonymous: boolean;
  anonymousLabel: string | null;
  tags: string[];
  subjectType: SubjectType | null;
  subjectPackageId: string | null;
  subjectIdeaId: string | null;
  subjectLessonId: string | null;
  subjectSessionId: string | null;
  subjectTitle: string | null;
  /** When it was started: now, unless given (the demo's threads read as if written over weeks). */
  createdAt?: Date;
}

export interface NewPost {
  threadId: string;
  seq: number;
  parentId: string | null;
  authorId: string;
  anonymous: boolean;
  anonymousLabel: string | null;
  bodySource: string;
  bodyHtml: string;
  mentionedUserIds: string[];
  /** When it was written: now, unless given (see NewThread.createdAt). */
  createdAt?: Date;
}

export interface ThreadListFilter {
  networkId: string;
  sort: 'activity' | 'newest';
  pinnedFirst: boolean;
  subjectType?: SubjectType;
  subjectId?: string;
  tag?: string;
  unread?: boolean;
  cursor?: string;
  limit: number;
}

export interface PersonRow {
  userId: string;
  name: string;
  teamName: string | null;
}

const THREAD_COLUMNS = `
  t.id, t.network_id AS "networkId", n.visibility AS "networkVisibility", t.title, t.author_id AS "authorId", t.anonymous,
         t.anonymous_label AS "anonymousLabel",
         CASE WHEN t.anonymous THEN NULL ELSE u.display_name END AS "authorName",
         CASE WHEN t.anonymous THEN NULL ELSE tm.name END AS "authorTeamName",
         t.tags, t.subject_type AS "subjectType", t.subject_package_id AS "subjectPackageId", t.subject_idea_id AS "subjectIdeaId",
         t.subject_lesson_id AS "subjectLessonId", t.subject_session_id AS "subjectSessionId",
         -- A lesson's title only, read live: nothing of an anonymous lesson's writer comes with it.
         CASE WHEN t.subject_type = 'change_package' THEN cp.title WHEN t.subject_type = 'lesson' THEN sl.title WHEN t.subject_type = 'learning_session' THEN ss.title ELSE t.subject_title END AS "subjectTitle",
         t.pinned, t.locked, t.post_count AS "postCount", t.last_post_seq AS "lastPostSeq", t.last_event_seq AS "lastEventSeq",
         t.created_at AS "createdAt", t.last_activity_at AS "lastActivityAt",
         coalesce(r.last_read_seq, 0) AS "lastReadSeq"`;

/** $1 is the reader (null for the peer view). */
const THREAD_FROM = `
    FROM discussion_threads t
    JOIN networks n ON n.id = t.network_id
    JOIN users u ON u.id = t.author_id
    LEFT JOIN memberships am ON am.network_id = t.network_id AND am.user_id = t.author_id
    LEFT JOIN teams tm ON tm.id = am.team_id
    LEFT JOIN change_packages cp ON cp.id = t.subject_package_id
    LEFT JOIN lessons sl ON sl.id = t.subject_lesson_id
    LEFT JOIN learning_sessions ss ON ss.id = t.subject_session_id
    LEFT JOIN discussion_thread_reads r ON r.thread_id = t.id AND r.user_id = $1::uuid`;

const THREAD_SELECT = `SELECT ${THREAD_COLUMNS} ${THREAD_FROM}`;

/** A thread as the reader ($1) sees it, with its network and the reader's membership there ($2: the thread). */
const THREAD_WITH_ACCESS_SELECT = `
  SELECT ${THREAD_COLUMNS}, ${networkAccessColumns('n', 'vm')}
  ${THREAD_FROM}
    LEFT JOIN memberships vm ON vm.network_id = t.network_id AND vm.user_id = $1::uuid
   WHERE t.id = $2`;

/** $1 is the reader (null for the peer view). Reactions come counted, in the fixed order of REACTIONS. */
const POST_SELECT = `
  SELECT p.id, p.thread_id AS "threadId", p.seq, p.parent_id AS "parentId", p.author_id AS "authorId", p.anonymous,
         p.anonymous_label AS "anonymousLabel",
         CASE WHEN p.anonymous THEN NULL ELSE u.display_name END AS "authorName",
         CASE WHEN p.anonymous THEN NULL ELSE tm.name END AS "authorTeamName",
         p.body_source AS "bodySource", p.body_html AS "bodyHtml", p.mentioned_user_ids AS "mentionedUserIds",
         p.created_at AS "createdAt", p.edited_at AS "editedAt", p.revision_count AS "revisionCount",
         p.removed, p.hidden_reason AS "hiddenReason",
         (SELECT coalesce(json_agg(json_build_object('reaction', x.reaction, 'count', x.count, 'mine', x.mine)
                                   ORDER BY array_position(ARRAY['${REACTIONS.join("','")}'], x.reaction)), '[]'::json)
            FROM (SELECT reaction, count(*)::int AS count, coalesce(bool_or(user_id = $1::uuid), false) AS mine
                    FROM discussion_reactions WHERE post_id = p.id GROUP BY reaction) x) AS reactions
    FROM discussion_posts p
    JOIN discussion_threads t ON t.id = p.thread_id
    JOIN users u ON u.id = p.author_id
    LEFT JOIN memberships am ON am.network_id = t.network_id AND am.user_id = p.author_id
    LEFT JOIN teams tm ON tm.id = am.team_id`;

/** A page of a thread ($2) by seq ($3), $4 posts: read as prepared statements, the text of each must not vary. */
const PAGE_AFTER = `${POST_SELECT} WHERE p.thread_id = $2 AND p.seq > $3 ORDER BY p.seq ASC LIMIT $4`;
const PAGE_BEFORE = `${POST_SELECT} WHERE p.thread_id = $2 AND p.seq < $3 ORDER BY p.seq DESC LIMIT $4`;

/**
 * Around a seq ($3) in one round trip: at most $4 posts before it and at most $5 from it on. Each
 * branch is its own keyset scan with its own limit; the caller splits them by seq.
 */
const AROUND = `(${POST_SELECT} WHERE p.thread_id = $2 AND p.seq < $3 ORDER BY p.seq DESC LIMIT $4)
  UNION ALL
  (${POST_SELECT} WHERE p.thread_id = $2 AND p.seq >= $3 ORDER BY p.seq ASC LIMIT $5)`;

export interface SearchThreadRow {
  id: string;
  networkId: string;
  title: string;
  tags: string[];
  text: string | null;
  authorName: string | null;
  teamName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SearchPostRow extends SearchThreadRow {
  threadId: string;
  seq: number;
}

/** The only class that queries the discussion tables. */
@Injectable()
export class DiscussionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): Pick<EntityManager, 'query'> {
    return manager ?? this.dataSource.manager;
  }

  // ---- search (what the index holds; an anonymous author's name and team never leave here) ----

  /** Threads as the index shows them: the title, tags and the first post's words (unless removed or hidden). */
  searchThreads(ids: string[], manager: EntityManager): Promise<SearchThreadRow[]> {
    return manager.query(
      `SELECT t.id, t.network_id AS "networkId", t.title, t.tags,
              CASE WHEN p.removed IS NULL AND p.hidden_reason IS NULL THEN p.body_source ELSE '' END AS "text",
              CASE WHEN t.anonymous THEN NULL ELSE u.display_name END AS "authorName",
              CASE WHEN t.anonymous THEN NULL ELSE tm.name END AS "teamName",
              t.created_at AS "createdAt", t.last_activity_at AS "updatedAt"
         FROM discussion_threads t
         JOIN users u ON u.id = t.author_id
         LEFT JOIN discussion_posts p ON p.thread_id = t.id AND p.seq = 1
         LEFT JOIN memberships am ON am.network_id = t.network_id AND am.user_id = t.author_id
         LEFT JOIN teams tm ON tm.id = am.team_id
        WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Replies that may be found: not the first post (its thread stands for it), not removed, not hidden. */
  searchPosts(ids: string[], manager: EntityManager): Promise<SearchPostRow[]> {
    return manager.query(
      `SELECT p.id, p.thread_id AS "threadId", p.seq, t.network_id AS "networkId", t.title, t.tags, p.body_source AS "text",
              CASE WHEN p.anonymous THEN NULL ELSE u.display_name END AS "authorName",
              CASE WHEN p.anonymous THEN NULL ELSE tm.name END AS "teamName",
              p.created_at AS "createdAt", coalesce(p.edited_at, p.created_at) AS "updatedAt"
         FROM discussion_posts p
         JOIN discussion_threads t ON t.id = p.thread_id
         JOIN users u ON u.id = p.author_id
         LEFT JOIN memberships am ON am.network_id = t.network_id AND am.user_id = p.author_id
         LEFT JOIN teams tm ON tm.id = am.team_id
        WHERE p.id = ANY($1::uuid[]) AND p.seq > 1 AND p.removed IS NULL AND p.hidden_reason IS NULL`,
      [ids],
    );
  }

  /**
   * Threads or replies whose search documents show a person's or a team's name: written under
   * their name (never anonymously) by that person, or by a member of that team (a post shows its
   * writer's team in the thread's network).
   */
  async searchIdsShowingName(table: 'threads' | 'posts', named: NamedInIndex, manager: EntityManager): Promise<string[]> {
    const source = table === 'threads' ? `discussion_threads r JOIN discussion_threads t ON t.id = r.id` : `discussion_posts r JOIN discussion_threads t ON t.id = r.thread_id`;
    const showing = table === 'threads' ? 'NOT r.anonymous' : 'NOT r.anonymous AND r.seq > 1 AND r.removed IS NULL AND r.hidden_reason IS NULL';
    const whose =
      named.kind === 'user'
        ? 'r.author_id = $1'
        : 'EXISTS (SELECT 1 FROM memberships am WHERE am.network_id = t.network_id AND am.user_id = r.author_id AND am.team_id = $1)';
    const rows: { id: string }[] = await manager.query(`SELECT r.id FROM ${source} WHERE ${showing} AND ${whose}`, [named.kind === 'user' ? named.userId : named.teamId]);
    return rows.map((row) => row.id);
  }

  async postIdsOf(threadId: string, manager: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM discussion_posts WHERE thread_id = $1`, [threadId]);
    return rows.map((row) => row.id);
  }

  /** Every thread or post id after `after`, in id order, `limit` at a time (for a full reindex). */
  async searchIdsAfter(table: 'threads' | 'posts', after: string | null, limit: number, manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await this.db(manager).query(
      `SELECT id FROM ${table === 'threads' ? 'discussion_threads' : 'discussion_posts'} WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => row.id);
  }

  // ---- threads ----

  async findThread(threadId: string, readerId: string | null, manager?: EntityManager): Promise<ThreadRow | null> {
    const rows: ThreadRow[] = await this.db(manager).query(`${THREAD_SELECT} WHERE t.id = $2`, [readerId, threadId]);
    return rows[0] ?? null;
  }

  /**
   * A thread as the reader sees it together with what the access policy decides from (its network
   * and the reader's membership), in one round trip: every thread and post door starts here.
   * Nothing else of the thread's content is read before the policy has answered.
   */
  async findThreadWithAccess(threadId: string, readerId: string): Promise<{ thread: ThreadRow; found: FoundNetworkAccess } | null> {
    const rows: (ThreadRow & NetworkAccessColumns)[] = await preparedRead(this.dataSource, THREAD_WITH_ACCESS_SELECT, [readerId, threadId]);
    const row = rows[0];
    if (!row) return null;
    const found = networkAccessFrom(row, readerId);
    const thread: ThreadRow = {
      id: row.id,
      networkId: row.networkId,
      networkVisibility: row.networkVisibility,
      title: row.title,
      authorId: row.authorId,
      anonymous: row.anonymous,
      anonymousLabel: row.anonymousLabel,
      authorName: row.authorName,
      authorTeamName: row.authorTeamName,
      tags: row.tags,
      subjectType: row.subjectType,
      subjectPackageId: row.subjectPackageId,
      subjectIdeaId: row.subjectIdeaId,
      subjectLessonId: row.subjectLessonId,
      subjectSessionId: row.subjectSessionId,
      subjectTitle: row.subjectTitle,
      pinned: row.pinned,
      locked: row.locked,
      postCount: row.postCount,
      lastPostSeq: row.lastPostSeq,
      lastEventSeq: row.lastEventSeq,
      createdAt: row.createdAt,
      lastActivityAt: row.lastActivityAt,
      lastReadSeq: row.lastReadSeq,
    };
    return { thread, found };
  }

  async insertThread(thread: NewThread, manager: EntityManager): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO discussion_threads (network_id, title, author_id, anonymous, anonymous_label, tags, subject_type, subject_package_id, subject_idea_id, subject_title, created_at, subject_lesson_id, subject_session_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::timestamptz, now()), $12, $13) RETURNING id`,
      [
        thread.networkId,
        thread.title,
        thread.authorId,
        thread.anonymous,
        thread.anonymousLabel,
        thread.tags,
        thread.subjectType,
        thread.subjectPackageId,
        thread.subjectIdeaId,
        thread.subjectTitle,
        thread.createdAt ?? null,
        thread.subjectLessonId,
        thread.subjectSessionId ?? null,
      ],
    );
    return rows[0].id;
  }

  async updateThread(
    threadId: string,
    changes: { title?: string; tags?: string[]; pinned?: boolean; locked?: boolean; networkId?: string; clearSubject?: boolean },
    manager: EntityManager,
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [threadId];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (changes.title !== undefined) set('title', changes.title);
    if (changes.tags !== undefined) set('tags', changes.tags);
    if (changes.pinned !== undefined) set('pinned', changes.pinned);
    if (changes.locked !== undefined) set('locked', changes.locked);
    if (changes.networkId !== undefined) set('network_id', changes.networkId);
    if (changes.clearSubject) sets.push('subject_type = NULL, subject_package_id = NULL, subject_idea_id = NULL, subject_lesson_id = NULL, subject_session_id = NULL, subject_title = NULL');
    if (sets.length === 0) return;
    await manager.query(`UPDATE discussion_threads SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /**
   * Takes the next post number and the next event number of a thread under its row lock (held
   * until the transaction ends), so that posts and events are numbered in commit order.
   */
  async takePostSeq(threadId: string, manager: EntityManager): Promise<{ postSeq: number; locked: boolean } | null> {
    const [rows]: [{ postSeq: number; locked: boolean }[]] = await manager.query(
      `UPDATE discussion_threads SET last_post_seq = last_post_seq + 1, post_count = post_count + 1, last_activity_at = now()
        WHERE id = $1 RETURNING last_post_seq AS "postSeq", locked`,
      [threadId],
    );
    return rows[0] ?? null;
  }

  /** Locks the thread row for the rest of the transaction (a change that must not interleave with posting). */
  async lockThread(threadId: string, manager: EntityManager): Promise<{ networkId: string; locked: boolean } | null> {
    const rows: { networkId: string; locked: boolean }[] = await manager.query(
      `SELECT network_id AS "networkId", locked FROM discussion_threads WHERE id = $1 FOR UPDATE`,
      [threadId],
    );
    return rows[0] ?? null;
  }

  /** Sets the thread's last activity to its latest post's time (after posts written with their own times). */
  async settleLastActivity(threadId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE discussion_threads t SET last_activity_at = coalesce((SELECT max(p.created_at) FROM discussion_posts p WHERE p.thread_id = t.id), t.created_at) WHERE t.id = $1`,
      [threadId],
    );
  }

  async adjustPostCount(threadId: string, delta: number, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE discussion_threads SET post_count = greatest(post_count + $2, 0) WHERE id = $1`, [threadId, delta]);
  }

  /** One event of a thread, numbered from threads.last_event_seq under the row lock; its number. */
  async recordEvent(threadId: string, kind: DiscussionEventKind, postId: string | null, manager: EntityManager): Promise<number> {
    const [rows]: [{ seq: number }[]] = await manager.query(
      `UPDATE discussion_threads SET last_event_seq = last_event_seq + 1 WHERE id = $1 RETURNING last_event_seq AS seq`,
      [threadId],
    );
    const seq = rows[0].seq;
    await manager.query(`INSERT INTO discussion_events (thread_id, seq, kind, post_id) VALUES ($1, $2, $3, $4)`, [threadId, seq, kind, postId]);
    return seq;
  }

  /** One page of a network's threads; `limit + 1` rows are read so that the caller knows whether there is more. */
  async listThreads(readerId: string, filter: ThreadListFilter): Promise<ThreadRow[]> {
    const params: unknown[] = [readerId, filter.networkId];
    const conditions = ['t.network_id = $2'];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    if (filter.subjectType === 'change_package' && filter.subjectId) add((p) => `t.subject_type = 'change_package' AND t.subject_package_id = ${p}`, filter.subjectId);
    else if (filter.subjectType === 'change_idea' && filter.subjectId) add((p) => `t.subject_type = 'change_idea' AND t.subject_idea_id = ${p}`, filter.subjectId);
    else if (filter.subjectType === 'lesson' && filter.subjectId) add((p) => `t.subject_type = 'lesson' AND t.subject_lesson_id = ${p}::uuid`, filter.subjectId);
    else if (filter.subjectType === 'learning_session' && filter.subjectId) add((p) => `t.subject_type = 'learning_session' AND t.subject_session_id = ${p}::uuid`, filter.subjectId);
    else if (filter.subjectType) add((p) => `t.subject_type = ${p}`, filter.subjectType);
    if (filter.tag) add((p) => `t.tags @> ARRAY[${p}::text]`, filter.tag);
    if (filter.unread) conditions.push('t.last_post_seq > coalesce(r.last_read_seq, 0)');
    const time = filter.sort === 'activity' ? 't.last_activity_at' : 't.created_at';
    const keys = filter.pinnedFirst ? ['t.pinned', time, 't.id'] : [time, 't.id'];
    const cursorKeys = keys.map((key) => key.replace(/^t\./, 'c.'));
    // Keyset: every sort key descending, so one row comparison against the cursor's row.
    if (filter.cursor) add((p) => `(${keys.join(', ')}) < (SELECT ${cursorKeys.join(', ')} FROM discussion_threads c WHERE c.id = ${p})`, filter.cursor);
    params.push(filter.limit + 1);
    return this.dataSource.query(
      `${THREAD_SELECT} WHERE ${conditions.join(' AND ')} ORDER BY ${keys.map((key) => `${key} DESC`).join(', ')} LIMIT $${params.length}`,
      params,
    );
  }

  async threadExistsIn(threadId: string, networkId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM discussion_threads WHERE id = $1 AND network_id = $2`, [threadId, networkId]);
    return rows.length > 0;
  }

  /** A lesson as a thread about it needs it: where it is, whether it is shared yet, and whose draft it is. */
  async lessonSubject(lessonId: string): Promise<{ id: string; networkId: string; status: string; authorId: string } | null> {
    const rows: { id: string; networkId: string; status: string; authorId: string }[] = await this.dataSource.query(
      `SELECT id, network_id AS "networkId", status, author_id AS "authorId" FROM lessons WHERE id = $1`,
      [lessonId],
    );
    return rows[0] ?? null;
  }

  /** A learning session as a thread about it needs it: its network and whether it was cancelled. */
  async sessionSubject(sessionId: string): Promise<{ id: string; networkId: string; status: string } | null> {
    const rows: { id: string; networkId: string; status: string }[] = await this.dataSource.query(
      `SELECT id, network_id AS "networkId", status FROM learning_sessions WHERE id = $1`,
      [sessionId],
    );
    return rows[0] ?? null;
  }

  /** How many threads discuss a package, and each of its ideas (threads in the package's own network). */
  async subjectCounts(packageId: string, networkId: string): Promise<{ subjectType: SubjectType; ideaId: string | null; count: number }[]> {
    return this.dataSource.query(
      `SELECT subject_type AS "subjectType", subject_idea_id AS "ideaId", count(*)::int AS count
         FROM discussion_threads WHERE subject_package_id = $1 AND network_id = $2
        GROUP BY subject_type, subject_idea_id`,
      [packageId, networkId],
    );
  }

  // ---- posts ----

  async insertPost(post: NewPost, manager: EntityManager): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO discussion_posts (thread_id, seq, parent_id, author_id, anonymous, anonymous_label, body_source, body_html, mentioned_user_ids, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10::timestamptz, now())) RETURNING id`,
      [post.threadId, post.seq, post.parentId, post.authorId, post.anonymous, post.anonymousLabel, post.bodySource, post.bodyHtml, post.mentionedUserIds, post.createdAt ?? null],
    );
    return rows[0].id;
  }

  async findPost(postId: string, readerId: string | null, manager?: EntityManager): Promise<PostRow | null> {
    const rows: PostRow[] = await this.db(manager).query(`${POST_SELECT} WHERE p.id = $2`, [readerId, postId]);
    return rows[0] ?? null;
  }

  async findPosts(postIds: string[], readerId: string | null): Promise<PostRow[]> {
    if (postIds.length === 0) return [];
    return this.dataSource.query(`${POST_SELECT} WHERE p.id = ANY($2::uuid[]) ORDER BY p.thread_id, p.seq`, [readerId, postIds]);
  }

  /** Which thread a post is in, and its network (for the access check before anything else is read). */
  async locatePost(postId: string, manager?: EntityManager): Promise<{ threadId: string; networkId: string } | null> {
    const rows: { threadId: string; networkId: string }[] = await this.db(manager).query(
      `SELECT p.thread_id AS "threadId", t.network_id AS "networkId" FROM discussion_posts p JOIN discussion_threads t ON t.id = p.thread_id WHERE p.id = $1`,
      [postId],
    );
    return rows[0] ?? null;
  }

  /** Posts by seq: `direction` 'after' reads seq > from ascending, 'before' reads seq < from descending (returned ascending). */
  async pageOfPosts(threadId: string, readerId: string, direction: 'after' | 'before', from: number, limit: number): Promise<PostRow[]> {
    if (limit <= 0) return [];
    const rows: PostRow[] = await preparedRead(this.dataSource, direction === 'after' ? PAGE_AFTER : PAGE_BEFORE, [readerId, threadId, from, limit]);
    return direction === 'after' ? rows : rows.reverse();
  }

  /** The `before` posts just before `seq` and the `after` posts from `seq` on, both ascending, in one query. */
  async postsAround(threadId: string, readerId: string, seq: number, before: number, after: number): Promise<{ earlier: PostRow[]; later: PostRow[] }> {
    const rows: PostRow[] = await preparedRead(this.dataSource, AROUND, [readerId, threadId, seq, before, after]);
    rows.sort((a, b) => a.seq - b.seq);
    const split = rows.findIndex((row) => row.seq >= seq);
    return split < 0 ? { earlier: rows, later: [] } : { earlier: rows.slice(0, split), later: rows.slice(split) };
  }

  /** Who the post mentions now; read under the thread's lock, it is what an edit replaces. */
  async mentionsOf(postId: string, manager: EntityManager): Promise<string[]> {
    const rows: { mentionedUserIds: string[] }[] = await manager.query(`SELECT mentioned_user_ids AS "mentionedUserIds" FROM discussion_posts WHERE id = $1`, [postId]);
    return rows[0]?.mentionedUserIds ?? [];
  }

  async updatePostBody(postId: string, body: { source: string; html: string; mentionedUserIds: string[] }, manager: EntityManager): Promise<void> {
    // The text being replaced becomes a revision, numbered from 1.
    await manager.query(
      `INSERT INTO discussion_post_revisions (post_id, revision, body_source, body_html, created_at)
       SELECT id, revision_count + 1, body_source, body_html, coalesce(edited_at, created_at) FROM discussion_posts WHERE id = $1`,
      [postId],
    );
    await manager.query(
      `UPDATE discussion_posts SET body_source = $2, body_html = $3, mentioned_user_ids = $4, edited_at = now(), revision_count = revision_count + 1 WHERE id = $1`,
      [postId, body.source, body.html, body.mentionedUserIds],
    );
  }

  async revisions(postId: string): Promise<{ revision: number; bodyHtml: string; createdAt: Date }[]> {
    return this.dataSource.query(
      `SELECT revision, body_html AS "bodyHtml", created_at AS "createdAt" FROM discussion_post_revisions WHERE post_id = $1 ORDER BY revision`,
      [postId],
    );
  }

  async removePost(postId: string, removal: Removal, manager: EntityManager): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE discussion_posts SET removed = $2, removed_at = now() WHERE id = $1 AND removed IS NULL`,
      [postId, removal],
    );
    return affected > 0;
  }

  async setHidden(postId: string, hidden: { reason: string; by: string } | null, manager: EntityManager): Promise<void> {
    await manager.query(
      hidden
        ? `UPDATE discussion_posts SET hidden_reason = $2, hidden_by = $3, hidden_at = now() WHERE id = $1`
        : `UPDATE discussion_posts SET hidden_reason = NULL, hidden_by = NULL, hidden_at = NULL WHERE id = $1`,
      hidden ? [postId, hidden.reason, hidden.by] : [postId],
    );
  }

  // ---- reactions ----

  /** Whether it was added (false: it was there already). */
  async addReaction(postId: string, userId: string, reaction: Reaction, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO discussion_reactions (post_id, user_id, reaction) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING post_id`,
      [postId, userId, reaction],
    );
    return rows.length > 0;
  }

  /** Whether it was removed (false: there was none). */
  async removeReaction(postId: string, userId: string, reaction: Reaction, manager: EntityManager): Promise<boolean> {
    const [, affected]: [unknown[], number] = await manager.query(
      `DELETE FROM discussion_reactions WHERE post_id = $1 AND user_id = $2 AND reaction = $3`,
      [postId, userId, reaction],
    );
    return affected > 0;
  }

  // ---- reports ----

  /** A new open report; null when this person already has one open on the post. */
  async insertReport(postId: string, reporterId: string, reason: string, manager?: EntityManager): Promise<string | null> {
    const rows: { id: string }[] = await this.db(manager).query(
      `INSERT INTO discussion_reports (post_id, reporter_id, reason) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`,
      [postId, reporterId, reason],
    );
    return rows[0]?.id ?? null;
  }

  async openReports(networkId: string): Promise<{ id: string; postId: string; reason: string; createdAt: Date; reporterId: string; reporterName: string; reporterTeamName: string | null; threadId: string; threadTitle: string }[]> {
    return this.dataSource.query(
      `SELECT r.id, r.post_id AS "postId", r.reason, r.created_at AS "createdAt", r.reporter_id AS "reporterId",
              u.display_name AS "reporterName", tm.name AS "reporterTeamName", t.id AS "threadId", t.title AS "threadTitle"
         FROM discussion_reports r
         JOIN discussion_posts p ON p.id = r.post_id
         JOIN discussion_threads t ON t.id = p.thread_id
         JOIN users u ON u.id = r.reporter_id
         LEFT JOIN memberships m ON m.network_id = t.network_id AND m.user_id = r.reporter_id
         LEFT JOIN teams tm ON tm.id = m.team_id
        WHERE t.network_id = $1 AND r.status = 'open'
        ORDER BY r.created_at, r.id
        LIMIT 500`,
      [networkId],
    );
  }

  async countOpenReports(networkId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM discussion_reports r JOIN discussion_posts p ON p.id = r.post_id JOIN discussion_threads t ON t.id = p.thread_id
        WHERE t.network_id = $1 AND r.status = 'open'`,
      [networkId],
    );
    return count;
  }

  async findReport(reportId: string): Promise<{ id: string; postId: string; status: string; reason: string; networkId: string; threadId: string } | null> {
    const rows: { id: string; postId: string; status: string; reason: string; networkId: string; threadId: string }[] = await this.dataSource.query(
      `SELECT r.id, r.post_id AS "postId", r.status, r.reason, t.network_id AS "networkId", t.id AS "threadId"
         FROM discussion_reports r JOIN discussion_posts p ON p.id = r.post_id JOIN discussion_threads t ON t.id = p.thread_id WHERE r.id = $1`,
      [reportId],
    );
    return rows[0] ?? null;
  }

  /** Closes the report (and, when the post is hidden, every other open report of that post); false when it was no longer open. */
  async resolveReports(reportId: string, postId: string, status: 'dismissed' | 'hidden', by: string, manager: EntityManager): Promise<boolean> {
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE discussion_reports SET status = $3, resolved_by = $4, resolved_at = now()
        WHERE status = 'open' AND (id = $1 OR ($3 = 'hidden' AND post_id = $2))`,
      [reportId, postId, status, by],
    );
    return affected > 0;
  }

  // ---- reveals ----

  async author(postId: string): Promise<PersonRow & { networkId: string }> {
    const rows: (PersonRow & { networkId: string })[] = await this.dataSource.query(
      `SELECT p.author_id AS "userId", u.display_name AS name, tm.name AS "teamName", t.network_id AS "networkId"
         FROM discussion_posts p JOIN discussion_threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id
         LEFT JOIN memberships m ON m.network_id = t.network_id AND m.user_id = p.author_id
         LEFT JOIN teams tm ON tm.id = m.team_id
        WHERE p.id = $1`,
      [postId],
    );
    return rows[0];
  }

  /**
   * One look at an anonymous writer, of a post, (for the knowledge base) of a lesson, or (for a
   * learning session's live room) of a question: one log per network for all of them.
   */
  async recordReveal(networkId: string, subject: { postId: string } | { lessonId: string } | { questionId: string }, revealedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO discussion_author_reveals (network_id, post_id, lesson_id, question_id, revealed_by) VALUES ($1, $2, $3, $4, $5)`,
      [
        networkId,
        'postId' in subject ? subject.postId : null,
        'lessonId' in subject ? subject.lessonId : null,
        'questionId' in subject ? subject.questionId : null,
        revealedBy,
      ],
    );
  }

  async reveals(networkId: string): Promise<
    {
      id: string;
      postId: string | null;
      threadId: string | null;
      threadTitle: string | null;
      lessonId: string | null;
      lessonTitle: string | null;
      questionId: string | null;
      sessionId: string | null;
      sessionTitle: string | null;
      createdAt: Date;
      byId: string;
      byName: string;
      authorId: string;
      authorName: string;
      authorTeamName: string | null;
    }[]
  > {
    return this.dataSource.query(
      `SELECT v.id, v.post_id AS "postId", t.id AS "threadId", t.title AS "threadTitle", v.lesson_id AS "lessonId", l.title AS "lessonTitle",
              v.question_id AS "questionId", s.id AS "sessionId", s.title AS "sessionTitle",
              v.created_at AS "createdAt", v.revealed_by AS "byId", b.display_name AS "byName",
              coalesce(p.author_id, l.author_id, q.author_id) AS "authorId", a.display_name AS "authorName", tm.name AS "authorTeamName"
         FROM discussion_author_reveals v
         LEFT JOIN discussion_posts p ON p.id = v.post_id
         LEFT JOIN discussion_threads t ON t.id = p.thread_id
         LEFT JOIN lessons l ON l.id = v.lesson_id
         LEFT JOIN live_room_questions q ON q.id = v.question_id
         LEFT JOIN learning_sessions s ON s.id = q.session_id
         JOIN users b ON b.id = v.revealed_by
         JOIN users a ON a.id = coalesce(p.author_id, l.author_id, q.author_id)
         LEFT JOIN memberships m ON m.network_id = v.network_id AND m.user_id = a.id
         LEFT JOIN teams tm ON tm.id = m.team_id
        WHERE v.network_id = $1
        ORDER BY v.created_at DESC
        LIMIT 500`,
      [networkId],
    );
  }

  // ---- reading ----

  /** Moves the reader's marker forward to `seq` (never back, never past the last post); returns where the marker now is (null: no such thread). */
  async markRead(userId: string, threadId: string, seq: number, manager?: EntityManager): Promise<number | null> {
    const rows: { lastReadSeq: number }[] = await this.db(manager).query(
      `INSERT INTO discussion_thread_reads (user_id, thread_id, last_read_seq)
       SELECT $1, t.id, least($3, t.last_post_seq) FROM discussion_threads t WHERE t.id = $2
       ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_seq = greatest(discussion_thread_reads.last_read_seq, excluded.last_read_seq), updated_at = now()
       RETURNING last_read_seq AS "lastReadSeq"`,
      [userId, threadId, seq],
    );
    return rows[0]?.lastReadSeq ?? null;
  }

  /** Those of `userIds` whose read marker in the thread is at `seq` or beyond: they have seen that post already. */
  async readPast(threadId: string, seq: number, userIds: string[], manager?: EntityManager): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: { userId: string }[] = await this.db(manager).query(
      `SELECT user_id AS "userId" FROM discussion_thread_reads WHERE thread_id = $1 AND last_read_seq >= $2 AND user_id = ANY($3::uuid[])`,
      [threadId, seq, userIds],
    );
    return new Set(rows.map((row) => row.userId));
  }

  // ---- people ----

  /** The members among `userIds`, with their names (whom a body may mention). */
  async membersAmong(networkId: string, userIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows: { userId: string; name: string }[] = await this.db(manager).query(
      `SELECT m.user_id AS "userId", u.display_name AS name FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.network_id = $1 AND m.user_id = ANY($2::uuid[])`,
      [networkId, userIds],
    );
    return new Map(rows.map((row) => [row.userId, row.name]));
  }

  async teamNameOf(networkId: string, userId: string, manager?: EntityManager): Promise<string | null> {
    const rows: { name: string }[] = await this.db(manager).query(
      `SELECT tm.name FROM memberships m JOIN teams tm ON tm.id = m.team_id WHERE m.network_id = $1 AND m.user_id = $2`,
      [networkId, userId],
    );
    return rows[0]?.name ?? null;
  }

  /** Members whose name starts a word with `q` (all of them, alphabetically, when q is empty), at most 20. */
  async mentionable(networkId: string, q: string): Promise<PersonRow[]> {
    const pattern = q.replace(/[\\%_]/g, (c) => '\\' + c);
    return this.dataSource.query(
      `SELECT m.user_id AS "userId", u.display_name AS name, tm.name AS "teamName"
         FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN teams tm ON tm.id = m.team_id
        WHERE m.network_id = $1 AND ($2 = '' OR u.display_name ILIKE $2 || '%' OR u.display_name ILIKE '% ' || $2 || '%')
        ORDER BY lower(u.display_name) LIMIT 20`,
      [networkId, pattern],
    );
  }

  async networkVisibility(networkId: string): Promise<NetworkVisibility | null> {
    const rows: { visibility: NetworkVisibility }[] = await this.dataSource.query(`SELECT visibility FROM networks WHERE id = $1`, [networkId]);
    return rows[0]?.visibility ?? null;
  }
}
