import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../platform/jobs/job-queue';
import { MailOutboxRepository } from './mail-outbox.repository';
import { MailTransport } from './mail-transport';

export interface MailToQueue {
  /**
   * What makes this mail this mail (e.g. "invitation:<id>"): queueing the same key twice queues
   * one mail, so a caller that runs again (a retried job) cannot send it twice.
   */
  key: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string | null;
}

const SEND_JOB = 'mail:send';
/** With graphile's exponential backoff, ten attempts keep trying for about six hours. */
const SEND_ATTEMPTS = 10;

/**
 * Queues mail: a row in the outbox and a `mail:send` job, both in the caller's transaction, so a
 * mail exists only if what caused it committed. The job sends through MailTransport and retries
 * with backoff while the mail server is unreachable.
 */
@Injectable()
export class MailService implements OnModuleInit {
  private readonly logger = new Logger(MailService.name);

  constructor(
    private readonly outbox: MailOutboxRepository,
    private readonly transport: MailTransport,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.register(SEND_JOB, (payload) => this.sendQueued(payload));
  }

  /** Queues one mail; false when a mail with this key was queued before (nothing new is queued). */
  async queue(mail: MailToQueue, manager?: EntityManager): Promise<boolean> {
    const id = await this.outbox.insert(mail, manager);
    if (!id) return false;
    await this.jobs.add(SEND_JOB, { outboxId: id }, { manager, maxAttempts: SEND_ATTEMPTS, key: `mail:${id}` });
    return true;
  }

  /** Stable key from several parts (ids of what a mail reports), short enough for an index. */
  static keyOf(kind: string, parts: string[]): string {
    return `${kind}:${createHash('sha256').update(parts.join(',')).digest('base64url').slice(0, 32)}`;
  }

  private async sendQueued(payload: unknown): Promise<void> {
    const outboxId = (payload as { outboxId?: unknown } | null)?.outboxId;
    if (typeof outboxId !== 'string') {
      this.logger.error(`A ${SEND_JOB} job without an outboxId was dropped.`);
      return;
    }
    const mail = await this.outbox.find(outboxId);
    // Already sent by an earlier run of this job (at-least-once delivery), or deleted with its user.
    if (!mail || mail.sentAt) return;
    await this.transport.send({
      id: mail.id,
      to: mail.recipient,
      subject: mail.subject,
      text: mail.textBody,
      html: mail.htmlBody,
      unsubscribeUrl: mail.unsubscribeUrl,
    });
    await this.outbox.markSent(mail.id);
  }
}
