import { Module } from '@nestjs/common';
import { ChangePackagesModule } from '../change-packages/change-packages.module';
import { DiscussionsModule } from '../discussions/discussions.module';
import { NetworksModule } from '../networks/networks.module';
import { FeatureDatabase } from '../platform/feature-database';
import { LessonBarrierEntity, LessonChangeIdeaEntity, LessonEntity } from './knowledge.entity';
import { KnowledgeDemoSeeder } from './knowledge.demo-seeder';
import { LessonSearchSource } from './lesson.search-source';
import { LessonsController } from './lessons.controller';
import { LessonsRepository } from './lessons.repository';
import { LessonsService } from './lessons.service';
import { Lessons1764650000000 } from './migrations/1764650000000-lessons';

/** The knowledge base: lessons, with the barriers they met and the change ideas they tried. */
@FeatureDatabase({
  entities: [LessonEntity, LessonBarrierEntity, LessonChangeIdeaEntity],
  migrations: [Lessons1764650000000],
  demoSeeder: KnowledgeDemoSeeder,
})
@Module({
  // Discussions keep the reveal log that anonymous lessons share; importing them also seeds their demo before ours.
  imports: [NetworksModule, ChangePackagesModule, DiscussionsModule],
  controllers: [LessonsController],
  providers: [LessonsRepository, LessonsService, LessonSearchSource, KnowledgeDemoSeeder],
  exports: [LessonsRepository, LessonsService],
})
export class KnowledgeModule {}
