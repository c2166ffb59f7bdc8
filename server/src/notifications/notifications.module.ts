import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { NetworksModule } from '../networks/networks.module';
import { FeatureDatabase } from '../platform/feature-database';
import { Notifications1764400100000 } from './migrations/1764400100000-notifications';
import { NotificationPostSeq1764500000000 } from './migrations/1764500000000-notification-post-seq';
import { BarrierResponseKind1764700000001 } from './migrations/1764700000001-barrier-response-kind';
import { NotificationMailer } from './notification-mailer';
import { NotificationsController } from './notifications.controller';
import { NotificationsGateway } from './notifications.gateway';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * Notifications, their levels and mail. Builds on networks (access, and the invitation job it
 * mails); features that notify (discussions) import this module and call NotificationsService.
 */
@FeatureDatabase({ migrations: [Notifications1764400100000, NotificationPostSeq1764500000000, BarrierResponseKind1764700000001] })
@Module({
  imports: [NetworksModule, MailModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, NotificationsGateway, NotificationMailer, UnsubscribeService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
