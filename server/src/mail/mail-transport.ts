import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { CONFIG, type Config } from '../platform/config';

/** One message as the transport sends it. */
export interface OutgoingMail {
  /** Stable per message: the Message-ID is made from it, so a resend is recognisably the same mail. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Where a one-click unsubscribe POST goes (RFC 8058); null for mails that are not a subscription (invitations). */
  unsubscribeUrl: string | null;
}

/**
 * The one class that hands mail to the outside: nodemailer over SMTP_URL, or, without it,
 * nodemailer's stream transport writing each RFC 822 message to DATA_DIR/mail as an .eml file
 * (a developer opens it in any mail program; tests read it).
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly transporter: Transporter;
  readonly mailDir: string;

  constructor(@Inject(CONFIG) private readonly config: Config) {
    this.mailDir = join(config.dataDir, 'mail');
    this.transporter = config.smtpUrl ? createTransport(config.smtpUrl) : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  /** For the start-up output: where mail goes. */
  describe(): string {
    if (!this.config.smtpUrl) return `Mail is not sent (SMTP_URL is not set): each message is written to ${this.mailDir} as an .eml file.`;
    const url = new URL(this.config.smtpUrl);
    return `Mail is sent through ${url.protocol}//${url.host}.`;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transporter.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<${mail.id}@${this.config.publicUrl.hostname}>`,
      headers: mail.unsubscribeUrl
        ? { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : {},
    });
    if (this.config.smtpUrl) return;
    await mkdir(this.mailDir, { recursive: true });
    // Written under a temporary name and renamed, so that a reader never sees half a message.
    const file = join(this.mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`);
    await writeFile(`${file}.partial`, info.message as Buffer);
    await rename(`${file}.partial`, file);
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}
