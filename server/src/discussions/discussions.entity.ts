import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { DiscussionEventKind, Reaction, Removal, ReportStatus, SubjectType } from './discussion.rules';

/*
 * The discussion tables, as TypeORM knows them. DiscussionsRepository reads and writes them with
 * SQL of its own (keyset pages, locks, counters), so these classes mainly name the columns.
 */

@Entity('discussion_threads')
export class ThreadEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'network_id' }) networkId: string;
  @Column('text') title: string;
  @Column('uuid', { name: 'author_id' }) authorId: string;
  @Column('boolean') anonymous: boolean;
  @Column('text', { name: 'anonymous_label', nullable: true }) anonymousLabel: string | null;
  @Column('text', { array: true }) tags: string[];
  @Column('text', { name: 'subject_type', nullable: true }) subjectType: SubjectType | null;
  @Column('uuid', { name: 'subject_package_id', nullable: true }) subjectPackageId: string | null;
  @Column('text', { name: 'subject_idea_id', nullable: true }) subjectIdeaId: string | null;
  @Column('uuid', { name: 'subject_lesson_id', nullable: true }) subjectLessonId: string | null;
  @Column('uuid', { name: 'subject_session_id', nullable: true }) subjectSessionId: string | null;
  @Column('text', { name: 'subject_title', nullable: true }) subjectTitle: string | null;
  @Column('boolean') pinned: boolean;
  @Column('boolean') locked: boolean;
  @Column('integer', { name: 'post_count' }) postCount: number;
  @Column('integer', { name: 'last_post_seq' }) lastPostSeq: number;
  @Column('integer', { name: 'last_event_seq' }) lastEventSeq: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_activity_at' }) lastActivityAt: Date;
}

@Entity('discussion_posts')
export class PostEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'thread_id' }) threadId: string;
  @Column('integer') seq: number;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('uuid', { name: 'author_id' }) authorId: string;
  @Column('boolean') anonymous: boolean;
  @Column('text', { name: 'anonymous_label', nullable: true }) anonymousLabel: string | null;
  @Column('text', { name: 'body_source' }) bodySource: string;
  @Column('text', { name: 'body_html' }) bodyHtml: string;
  @Column('uuid', { name: 'mentioned_user_ids', array: true }) mentionedUserIds: string[];
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'edited_at', nullable: true }) editedAt: Date | null;
  @Column('integer', { name: 'revision_count' }) revisionCount: number;
  @Column('text', { nullable: true }) removed: Removal | null;
  @Column('timestamptz', { name: 'removed_at', nullable: true }) removedAt: Date | null;
  @Column('text', { name: 'hidden_reason', nullable: true }) hiddenReason: string | null;
  @Column('uuid', { name: 'hidden_by', nullable: true }) hiddenBy: string | null;
  @Column('timestamptz', { name: 'hidden_at', nullable: true }) hiddenAt: Date | null;
}

@Entity('discussion_post_revisions')
export class PostRevisionEntity {
  @PrimaryColumn('uuid', { name: 'post_id' }) postId: string;
  @PrimaryColumn('integer') revision: number;
  @Column('text', { name: 'body_source' }) bodySource: string;
  @Column('text', { name: 'body_html' }) bodyHtml: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('discussion_reactions')
export class ReactionEntity {
  @PrimaryColumn('uuid', { name: 'post_id' }) postId: string;
  @PrimaryColumn('text') reaction: Reaction;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('discussion_reports')
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'post_id' }) postId: string;
  @Column('uuid', { name: 'reporter_id' }) reporterId: string;
  @Column('text') reason: string;
  @Column('text') status: ReportStatus;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('uuid', { name: 'resolved_by', nullable: true }) resolvedBy: string | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
}

@Entity('discussion_author_reveals')
export class AuthorRevealEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'network_id' }) networkId: string;
  /** The anonymous post whose writer was revealed, or null when it was a lesson's (see `lessonId`). */
  @Column('uuid', { name: 'post_id', nullable: true }) postId: string | null;
  @Column('uuid', { name: 'lesson_id', nullable: true }) lessonId: string | null;
  @Column('uuid', { name: 'revealed_by' }) revealedBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('discussion_thread_reads')
export class ThreadReadEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('uuid', { name: 'thread_id' }) threadId: string;
  @Column('integer', { name: 'last_read_seq' }) lastReadSeq: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity('discussion_events')
export class DiscussionEventEntity {
  @PrimaryColumn('uuid', { name: 'thread_id' }) threadId: string;
  @PrimaryColumn('integer') seq: number;
  @Column('text') kind: DiscussionEventKind;
  @Column('uuid', { name: 'post_id', nullable: true }) postId: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
