import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MailToQueue } from './mail.service';

export interface OutboxMail {
  id: string;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  unsubscribeUrl: string | null;
  sentAt: Date | null;
}

/** The only class that reads and writes mail_outbox. */
@Injectable()
export class MailOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The new row's id, or null when a mail with the same key exists. */
  async insert(mail: MailToQueue, manager?: EntityManager): Promise<string | null> {
    const rows: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO mail_outbox (key, recipient, subject, text_body, html_body, unsubscribe_url)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING RETURNING id`,
      [mail.key, mail.to, mail.subject, mail.text, mail.html, mail.unsubscribeUrl],
    );
    return rows[0]?.id ?? null;
  }

  async find(id: string): Promise<OutboxMail | null> {
    const rows: OutboxMail[] = await this.dataSource.query(
      `SELECT id, recipient, subject, text_body AS "textBody", html_body AS "htmlBody", unsubscribe_url AS "unsubscribeUrl", sent_at AS "sentAt"
       FROM mail_outbox WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE mail_outbox SET sent_at = now() WHERE id = $1`, [id]);
  }
}
