import { Module } from '@nestjs/common';
import { FeatureDatabase } from '../platform/feature-database';
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
import { Discussions1764300000000 } from './migrations/1764300000000-discussions';

@FeatureDatabase({
  entities: [ThreadEntity, PostEntity, PostRevisionEntity, ReactionEntity, ReportEntity, AuthorRevealEntity, ThreadReadEntity, DiscussionEventEntity],
  migrations: [Discussions1764300000000],
})
@Module({})
export class DiscussionsModule {}
