import { Module } from '@nestjs/common';
import { NetworksModule } from '../networks/networks.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { FeatureDatabase } from '../platform/feature-database';
import { BarriersController } from './barriers.controller';
import { BarriersDemoSeeder } from './barriers.demo-seeder';
import { BarriersRepository } from './barriers.repository';
import { BarriersService } from './barriers.service';
import { KnowledgeModule } from './knowledge.module';
import { BarrierRegister1764700000000 } from './migrations/1764700000000-barrier-register';

/**
 * The barrier register, beside the lessons it reads: importing KnowledgeModule runs the lessons'
 * migrations and demo seed before ours.
 */
@FeatureDatabase({ migrations: [BarrierRegister1764700000000], demoSeeder: BarriersDemoSeeder })
@Module({
  imports: [NetworksModule, NotificationsModule, KnowledgeModule],
  controllers: [BarriersController],
  providers: [BarriersRepository, BarriersService, BarriersDemoSeeder],
})
export class BarriersModule {}
