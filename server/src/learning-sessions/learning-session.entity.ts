import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AgendaItem, LearningSessionStatus, RsvpStatus } from './learning-session.rules';

/*
 * The learning-session tables, as TypeORM knows them. LearningSessionsRepository reads and writes
 * them with SQL of its own (the network's access comes in the same query), so these classes
 * mainly name the columns.
 */

@Entity('learning_sessions')
export class LearningSession {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'network_id' }) networkId: string;
  @Column('text') title: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt: Date;
  /** An IANA time zone ("Europe/London"): the session's local times, and its calendar event's TZID. */
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('text', { name: 'meeting_url', nullable: true }) meetingUrl: string | null;
  @Column('integer', { nullable: true }) capacity: number | null;
  @Column('jsonb') agenda: AgendaItem[];
  @Column('text') status: LearningSessionStatus;
  /** Bumped on every edit: the iCalendar SEQUENCE, so that calendars replace the event they hold. */
  @Column('integer') sequence: number;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity('learning_session_rsvps')
export class LearningSessionRsvp {
  @PrimaryColumn('uuid', { name: 'session_id' }) sessionId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('text') status: RsvpStatus;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity('calendar_feed_tokens')
export class CalendarFeedToken {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
