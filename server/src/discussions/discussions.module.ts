import { Module } from '@nestjs/common';
import { ChangePackagesModule } from '../change-packages/change-packages.module';
import { NetworksModule } from '../networks/networks.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { FeatureDatabase } from '../platform/feature-database';
import { DiscussionAccess } from './discussion-access';
import { DiscussionsDemoSeeder } from './discussions.demo-seeder';
import { DiscussionEvents } from './discussion-events';
import { DiscussionNotifications } from './discussion-notifications';
import { DiscussionsController } from './discussions.controller';
import {
  AuthorRevealEntity,
  DiscussionEventEntity,
  PostEntity,
  PostRevisionEntity,
  ReactionEntity,
  ReportEntity,
  ThreadEntity,
  ThreadReadEntity,
} from './discussions.entity';
import { DiscussionsRepository } from './discussions.repository';
import { DiscussionsSearchSource } from './discussions.search-source';
import { DiscussionsService } from './discussions.service';
import { Discussions1764300000000 } from './migrations/1764300000000-discussions';
import { LessonThreads1764750000000 } from './migrations/1764750000000-lesson-threads';
import { LearningSessionThreads1764830000001 } from './migrations/1764830000001-learning-session-threads';
import { ModerationController } from './moderation.controller';
import { ModerationService } from './moderation.service';
import { PostRenderer } from './post-renderer';
import { LIVE_PROVIDERS } from './discussions.gateway';

@FeatureDatabase({
  entities: [ThreadEntity, PostEntity, PostRevisionEntity, ReactionEntity, ReportEntity, AuthorRevealEntity, ThreadReadEntity, DiscussionEventEntity],
  migrations: [Discussions1764300000000, LessonThreads1764750000000, LearningSessionThreads1764830000001],
  demoSeeder: DiscussionsDemoSeeder,
})
@Module({
  // Discussions notify people (mentions, replies); importing notifications also runs its seeder before ours.
  imports: [NetworksModule, ChangePackagesModule, NotificationsModule],
  controllers: [DiscussionsController, ModerationController],
  providers: [
    DiscussionsRepository,
    DiscussionAccess,
    DiscussionsService,
    ModerationService,
    DiscussionEvents,
    DiscussionNotifications,
    PostRenderer,
    DiscussionsDemoSeeder,
    DiscussionsSearchSource,
    ...LIVE_PROVIDERS,
  ],
  // The live door (socket.io) and notifications build on these.
  exports: [DiscussionsService, DiscussionEvents, PostRenderer, DiscussionsRepository],
})
export class DiscussionsModule {}
