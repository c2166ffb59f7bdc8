import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from '../notifications/notifications.service';
import { JobQueue } from '../platform/jobs/job-queue';
import { Transactions } from '../platform/transactions';
import { REMINDER_OFFSETS, reminderAt, type ReminderOffset } from './learning-session.rules';
import { LearningSessionsRepository } from './learning-sessions.repository';

export const REMINDER_JOB = 'learning-sessions:reminder';

interface ReminderJob {
  sessionId: string;
  offset: ReminderOffset;
  /** The start the reminder was scheduled for: a reminder left over from an earlier time says nothing. */
  startsAt: string;
}

function isReminderJob(payload: unknown): payload is ReminderJob {
  const job = payload as Partial<ReminderJob> | null;
  return (
    typeof job?.sessionId === 'string' &&
    typeof job.startsAt === 'string' &&
    REMINDER_OFFSETS.some((offset) => offset.name === job.offset)
  );
}

const jobKey = (sessionId: string, offset: ReminderOffset) => `learning-sessions:reminder:${sessionId}:${offset}`;

/**
 * Reminders to the people going to a session, a day and a quarter of an hour before it starts,
 * in the app and by e-mail through the notification system. Each is one queued job per session
 * and offset (its key), so that moving the session moves its reminders and cancelling it takes
 * them off the queue; the job checks the session again when it runs.
 */
@Injectable()
export class LearningSessionReminders implements OnModuleInit {
  private readonly logger = new Logger(LearningSessionReminders.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly repository: LearningSessionsRepository,
    private readonly notifications: NotificationsService,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.jobs.register(REMINDER_JOB, (payload) => this.remind(payload));
  }

  /** Queues (or moves) the session's reminders, in the caller's transaction. One whose moment has passed is taken off. */
  async schedule(session: { id: string; startsAt: Date }, manager: EntityManager, now = new Date()): Promise<void> {
    for (const offset of REMINDER_OFFSETS) {
      const runAt = reminderAt(session.startsAt, offset.minutes, now);
      if (runAt) {
        const payload: ReminderJob = { sessionId: session.id, offset: offset.name, startsAt: session.startsAt.toISOString() };
        await this.jobs.add(REMINDER_JOB, payload, { key: jobKey(session.id, offset.name), keyMode: 'replace', runAt, maxAttempts: 5, manager });
      } else {
        await this.jobs.remove(jobKey(session.id, offset.name), { manager });
      }
    }
  }

  /** Takes the session's reminders off the queue, in the caller's transaction. */
  async unschedule(sessionId: string, manager: EntityManager): Promise<void> {
    for (const offset of REMINDER_OFFSETS) await this.jobs.remove(jobKey(sessionId, offset.name), { manager });
  }

  private async remind(payload: unknown): Promise<void> {
    if (!isReminderJob(payload)) {
      this.logger.warn('A reminder job without a session was dropped.');
      return;
    }
    const offset = REMINDER_OFFSETS.find((candidate) => candidate.name === payload.offset)!;
    await this.transactions.run(async (manager) => {
      const row = await this.repository.find(payload.sessionId, null, manager);
      if (!row) return;
      const { session } = row;
      // Moved, cancelled, started or over since it was queued: the reminder has nothing true to say.
      if (session.status !== 'scheduled' || session.startsAt.toISOString() !== payload.startsAt || session.startsAt.getTime() <= Date.now()) return;
      const going = await this.repository.goingUserIds(session.id, manager);
      const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: session.timeZone }).format(session.startsAt);
      await this.notifications.notify(
        {
          kind: 'session_reminder',
          networkId: session.networkId,
          recipients: going,
          title: session.title,
          excerpt: `Starts ${offset.words}: ${when} (${session.timeZone}).${session.meetingUrl ? ` Join: ${session.meetingUrl}` : ''}`,
          actorLabel: '',
          url: `/networks/${session.networkId}/learning-sessions/${session.id}`,
          // A retried job does not remind twice; a session moved to a new time reminds again.
          key: `session_reminder:${session.id}:${offset.name}:${payload.startsAt}`,
          timely: true,
        },
        manager,
      );
    });
  }
}
