import { Module } from '@nestjs/common';
import { FeatureDatabase } from '../platform/feature-database';
import { LessonBarrierEntity, LessonChangeIdeaEntity, LessonEntity } from './knowledge.entity';
import { Lessons1764650000000 } from './migrations/1764650000000-lessons';

/** The knowledge base: lessons, with the barriers they met and the change ideas they tried. */
@FeatureDatabase({
  entities: [LessonEntity, LessonBarrierEntity, LessonChangeIdeaEntity],
  migrations: [Lessons1764650000000],
})
@Module({})
export class KnowledgeModule {}
