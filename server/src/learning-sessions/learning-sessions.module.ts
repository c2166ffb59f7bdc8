import { Module } from '@nestjs/common';
import { NetworksModule } from '../networks/networks.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { FeatureDatabase } from '../platform/feature-database';
import { CalendarFeedToken, LearningSession, LearningSessionRsvp } from './learning-session.entity';
import { LearningSessionsController } from './learning-sessions.controller';
import { LearningSessionsRepository } from './learning-sessions.repository';
import { LearningSessionsService } from './learning-sessions.service';
import { LearningSessions1764800000000 } from './migrations/1764800000000-learning-sessions';

/**
 * Learning sessions: scheduling, answers, calendars and reminders here; the live room and the
 * session notes add their own providers to this module.
 */
@FeatureDatabase({
  entities: [LearningSession, LearningSessionRsvp, CalendarFeedToken],
  migrations: [LearningSessions1764800000000],
})
@Module({
  imports: [NetworksModule, NotificationsModule],
  controllers: [LearningSessionsController],
  providers: [LearningSessionsRepository, LearningSessionsService],
  exports: [LearningSessionsService, LearningSessionsRepository],
})
export class LearningSessionsModule {}
