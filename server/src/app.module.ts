import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ChangePackagesModule } from './change-packages/change-packages.module';
import { CollabModule } from './collab/collab.module';
import { DiscussionsModule } from './discussions/discussions.module';
import { BarriersModule } from './knowledge/barriers.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { LearningSessionsModule } from './learning-sessions/learning-sessions.module';
import { MailModule } from './mail/mail.module';
import { NetworksModule } from './networks/networks.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PlatformModule, type PlatformServices } from './platform/platform.module';
import { SearchModule } from './search/search.module';
import { UsersModule } from './users/users.module';

/**
 * The features, listed once: the database takes their entities and migrations from these imports
 * before Nest starts (see platform/database.ts), and the demo seed runs their seeders in this
 * order (a module's own imports first).
 */
@Module({
  // Search comes last: its demo seeder puts everything the others seeded into the search outbox.
  imports: [
    UsersModule,
    AuthModule,
    NetworksModule,
    CollabModule,
    ChangePackagesModule,
    MailModule,
    NotificationsModule,
    DiscussionsModule,
    KnowledgeModule,
    BarriersModule,
    LearningSessionsModule,
    SearchModule,
  ],
})
export class AppModule {
  static forRoot(services: PlatformServices): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forRoot(services)] };
  }
}
