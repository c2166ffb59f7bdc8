import { Module } from '@nestjs/common';
import { CollabModule } from '../collab/collab.module';
import { DiscussionsModule } from '../discussions/discussions.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { NetworksModule } from '../networks/networks.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { FeatureDatabase } from '../platform/feature-database';
import { CalendarFeedToken, LearningSession, LearningSessionRsvp } from './learning-session.entity';
import { LearningSessionCalendars } from './learning-session-calendars';
import { LearningSessionReminders } from './learning-session-reminders';
import { LearningSessionsDemoSeeder } from './learning-sessions.demo-seeder';
import { LearningSessionsController } from './learning-sessions.controller';
import { LearningSessionsRepository } from './learning-sessions.repository';
import { LearningSessionsService } from './learning-sessions.service';
import { LiveRoomController } from './live-room.controller';
import { LiveRoomFanOut } from './live-room.fan-out';
import { LiveRoomGateway } from './live-room.gateway';
import { LiveRoomRepository } from './live-room.repository';
import { LiveRoomService } from './live-room.service';
import { LearningSessions1764800000000 } from './migrations/1764800000000-learning-sessions';
import { LiveRoom1764810000000 } from './migrations/1764810000000-live-room';
import { ActionItemsService } from './action-items.service';
import { SessionNotes1764820000000 } from './migrations/1764820000000-session-notes';
import { BreakoutRounds1764835000000 } from './migrations/1764835000000-breakout-rounds';
import { QuestionAnswers1764840000000 } from './migrations/1764840000000-question-answers';
import { SessionNotesController } from './session-notes.controller';
import { SessionNotesRepository } from './session-notes.repository';
import { SessionNotesService } from './session-notes.service';
import { SessionSummaries1764830000000 } from './migrations/1764830000000-session-summaries';
import { SessionEndHooks } from './session-end.hooks';
import { SessionSummaryController } from './session-summary.controller';
import { DemoRoomRows, SessionSummaryRepository } from './session-summary.repository';
import { LearningSessionsSearchSource } from './session-summary.search-source';
import { SessionSummaryService } from './session-summary.service';

/**
 * Learning sessions: scheduling, answers, calendars and reminders here; the live room and the
 * session notes add their own providers to this module, and so does the harvest (the summary, its
 * exports and search).
 */
@FeatureDatabase({
  entities: [LearningSession, LearningSessionRsvp, CalendarFeedToken],
  migrations: [LearningSessions1764800000000, LiveRoom1764810000000, SessionNotes1764820000000, SessionSummaries1764830000000, BreakoutRounds1764835000000, QuestionAnswers1764840000000],
  demoSeeder: LearningSessionsDemoSeeder,
})
@Module({
  imports: [NetworksModule, NotificationsModule, CollabModule, KnowledgeModule, DiscussionsModule],
  controllers: [LearningSessionsController, LiveRoomController, SessionNotesController, SessionSummaryController],
  providers: [
    LearningSessionsRepository,
    LearningSessionsService,
    LearningSessionReminders,
    LearningSessionCalendars,
    LearningSessionsDemoSeeder,
    LiveRoomRepository,
    LiveRoomFanOut,
    LiveRoomService,
    LiveRoomGateway,
    SessionNotesRepository,
    SessionNotesService,
    ActionItemsService,
    SessionEndHooks,
    SessionSummaryRepository,
    DemoRoomRows,
    SessionSummaryService,
    LearningSessionsSearchSource,
  ],
  exports: [LearningSessionsService, LearningSessionsRepository],
})
export class LearningSessionsModule {}
