import { Module } from '@nestjs/common';
import { FeatureDatabase } from '../platform/feature-database';
import { MailOutboxRepository } from './mail-outbox.repository';
import { MailTransport } from './mail-transport';
import { MailService } from './mail.service';
import { MailOutbox1764400000000 } from './migrations/1764400000000-mail-outbox';

/** Outgoing mail: queued in the database with what caused it, sent by a job with retries. */
@FeatureDatabase({ migrations: [MailOutbox1764400000000] })
@Module({
  providers: [MailOutboxRepository, MailTransport, MailService],
  exports: [MailService, MailTransport],
})
export class MailModule {}
