import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FeatureDatabase } from '../platform/feature-database';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGateway } from './auth.gateway';
import { AuthService } from './auth.service';
import { DeviceCookies } from './device-cookie';
import { SessionCookie } from './session-cookie';
import { SessionEvents } from './session-events';
import { SessionEntity } from './session.entity';
import { SessionGuard } from './session.guard';
import { SessionsRepository } from './sessions.repository';

@FeatureDatabase({ entities: [SessionEntity] })
@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [AuthService, AuthGateway, SessionsRepository, SessionCookie, DeviceCookies, SessionEvents, { provide: APP_GUARD, useClass: SessionGuard }],
  exports: [AuthService, SessionCookie, SessionEvents],
})
export class AuthModule {}
