import { Module } from '@nestjs/common';
import { FeatureDatabase } from '../platform/feature-database';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersDemoSeeder } from './users.demo-seeder';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@FeatureDatabase({ entities: [UserEntity], demoSeeder: UsersDemoSeeder })
@Module({
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, UsersDemoSeeder],
  exports: [UsersRepository],
})
export class UsersModule {}
