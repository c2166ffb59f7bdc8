import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { BarrierKind, LessonStatus, Outcome } from './lesson.rules';

/*
 * The lesson tables, as TypeORM knows them. LessonsRepository reads and writes them with SQL of
 * its own (keyset pages, filters), so these classes mainly name the columns.
 */

@Entity('lessons')
export class LessonEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'network_id' }) networkId: string;
  @Column('uuid', { name: 'team_id', nullable: true }) teamId: string | null;
  @Column('uuid', { name: 'author_id' }) authorId: string;
  @Column('boolean') anonymous: boolean;
  @Column('text', { name: 'anonymous_label', nullable: true }) anonymousLabel: string | null;
  @Column('text') title: string;
  @Column('text') setting: string;
  @Column('text', { nullable: true }) population: string | null;
  @Column('text') tried: string;
  @Column('text') happened: string;
  @Column('text', { nullable: true }) outcome: Outcome | null;
  @Column('text') why: string;
  @Column('text', { array: true }) tags: string[];
  @Column('text') status: LessonStatus;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
}

@Entity('lesson_barriers')
export class LessonBarrierEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'lesson_id' }) lessonId: string;
  @Column('uuid', { name: 'network_id' }) networkId: string;
  @Column('text') description: string;
  @Column('text') kind: BarrierKind;
  @Column('integer') position: number;
}

@Entity('lesson_change_ideas')
export class LessonChangeIdeaEntity {
  @PrimaryColumn('uuid', { name: 'lesson_id' }) lessonId: string;
  @PrimaryColumn('uuid', { name: 'change_package_id' }) changePackageId: string;
  @PrimaryColumn('text', { name: 'idea_id' }) ideaId: string;
  @Column('text', { name: 'idea_title' }) ideaTitle: string;
}
