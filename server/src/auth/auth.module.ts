import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SessionCookie } from './session-cookie';
import { SessionGuard } from './session.guard';
import { SessionsRepository } from './sessions.repository';

@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [AuthService, SessionsRepository, SessionCookie, { provide: APP_GUARD, useClass: SessionGuard }],
  exports: [AuthService, SessionCookie],
})
export class AuthModule {}
