import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MailService } from '../mail/mail.service';
import { INVITATION_CREATED_JOB, type InvitationCreatedJob } from '../networks/invitation-jobs';
import { CONFIG, type Config } from '../platform/config';
import { JobQueue } from '../platform/jobs/job-queue';
import { Transactions } from '../platform/transactions';
import { batchMail, digestMail, invitationMail, type BuiltMail, type NotificationMailInput } from './notification-mails';
import { DEFAULT_EMAIL_CHOICE, type EmailChoice, type MailedNotification } from './notification.rules';
import { NotificationsRepository } from './notifications.repository';
import { BATCH_MAIL_JOB, NotificationsService } from './notifications.service';
import { unsubscribeToken } from './unsubscribe-token';

const DIGEST_JOB = 'notifications:digest';
const DAILY_DIGESTS_JOB = 'notifications:daily-digests';
/** The web app's pages that mails link to. */
export const PREFERENCES_PATH = '/profile#notifications';
export const UNSUBSCRIBE_PAGE = '/unsubscribe';
export const ONE_CLICK_UNSUBSCRIBE_PATH = '/api/unsubscribe/one-click';

function userIdOf(payload: unknown): string | null {
  const userId = (payload as { userId?: unknown } | null)?.userId;
  return typeof userId === 'string' ? userId : null;
}

/**
 * Notification mail, run by the job queue: a user's "immediately" batch (some minutes after their
 * first unmailed notification), the daily digest (07:00 UTC), and invitation mails. Each mail
 * claims its notifications (marks them mailed) in the transaction that queues it, so neither a
 * repeated job nor two instances can mail the same notification twice, and what was read before
 * the claim is left out.
 */
@Injectable()
export class NotificationMailer implements OnModuleInit {
  private readonly logger = new Logger(NotificationMailer.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly repository: NotificationsRepository,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    private readonly jobs: JobQueue,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.jobs.register(BATCH_MAIL_JOB, (payload) => this.mailPending(userIdOf(payload), 'immediately'));
    this.jobs.register(DIGEST_JOB, (payload) => this.mailPending(userIdOf(payload), 'daily'));
    this.jobs.register(DAILY_DIGESTS_JOB, () => this.queueDigests());
    this.jobs.register(INVITATION_CREATED_JOB, (payload) => this.invitationCreated(payload as InvitationCreatedJob));
    // Morning in Europe and Africa, night in the Americas: one fixed time until people can choose theirs.
    this.jobs.schedule({ name: DAILY_DIGESTS_JOB, cron: '0 7 * * *', catchUp: '6h' });
  }

  private absolute(path: string): string {
    return new URL(path, this.config.publicUrl).toString();
  }

  private links(userId: string): NotificationMailInput['links'] {
    const token = unsubscribeToken({ userId, what: 'email' }, this.config.sessionSecret);
    return {
      absolute: (path) => this.absolute(path),
      preferences: this.absolute(PREFERENCES_PATH),
      unsubscribe: this.absolute(`${UNSUBSCRIBE_PAGE}?token=${encodeURIComponent(token)}`),
    };
  }

  /** Mails what the user has not read and was not mailed, if their choice is still `choice`. */
  private async mailPending(userId: string | null, choice: EmailChoice): Promise<void> {
    if (!userId) return;
    await this.transactions.run(async (manager) => {
      const current = (await this.repository.emailChoicesOf([userId], manager)).get(userId) ?? DEFAULT_EMAIL_CHOICE;
      // Changed since the job was queued: the new choice's own path (or none) takes these notifications.
      if (current !== choice) return;
      const person = await this.repository.person(userId, manager);
      if (!person) return;
      const claimed: MailedNotification[] = await this.repository.claimForMail(userId, manager);
      if (claimed.length === 0) return;
      const input = { recipientName: person.displayName, notifications: claimed, links: this.links(userId) };
      const built = choice === 'daily' ? digestMail(input) : batchMail(input);
      await this.queue(`notifications-${choice}`, claimed, person.email, built, userId, manager);
    });
  }

  private async queue(kind: string, claimed: MailedNotification[], to: string, built: BuiltMail, userId: string, manager: EntityManager): Promise<void> {
    const token = unsubscribeToken({ userId, what: 'email' }, this.config.sessionSecret);
    await this.mail.queue(
      {
        key: MailService.keyOf(kind, claimed.map((item) => item.id).sort()),
        to,
        subject: built.subject,
        text: built.text,
        html: built.html,
        unsubscribeUrl: this.absolute(`${ONE_CLICK_UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`),
      },
      manager,
    );
  }

  /** One digest job per user with something to tell, each with its own key (at most one pending per user). */
  private async queueDigests(): Promise<void> {
    const userIds = await this.repository.digestRecipients();
    for (const userId of userIds) await this.jobs.add(DIGEST_JOB, { userId }, { key: `notifications:digest:${userId}` });
    if (userIds.length > 0) this.logger.log(`Queued ${userIds.length} daily digest(s).`);
  }

  /** The invitation mail, and an in-app notification when the address belongs to someone with an account. */
  private async invitationCreated(job: InvitationCreatedJob): Promise<void> {
    await this.transactions.run(async (manager) => {
      const networkName = await this.repository.networkName(job.networkId, manager);
      if (!networkName) return;
      const inviter = await this.repository.person(job.invitedBy, manager);
      const inviterName = inviter?.displayName ?? 'An admin';
      const built = invitationMail({ networkName, inviterName, role: job.role, acceptUrl: job.url, expiresAt: new Date(job.expiresAt) });
      await this.mail.queue({ key: `invitation:${job.invitationId}`, to: job.email, subject: built.subject, text: built.text, html: built.html, unsubscribeUrl: null }, manager);
      const userId = await this.repository.userIdByEmail(job.email, manager);
      if (!userId) return;
      await this.notifications.notify(
        {
          kind: 'invitation',
          networkId: job.networkId,
          recipients: [userId],
          title: `Join ${networkName}`,
          excerpt: `You are invited as ${job.role === 'admin' ? 'an admin' : `a ${job.role}`}.`,
          actorLabel: inviterName,
          url: new URL(job.url).pathname,
          key: `invitation:${job.invitationId}`,
          mailed: true,
        },
        manager,
      );
    });
  }
}
