import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../common/decorators';
import type { KnotworkRequest } from '../common/request-context';
import { AuthErrors } from './auth.errors';
import { AuthService } from './auth.service';
import { SESSION_COOKIE } from './session-cookie';

/** Establishes the caller from the session cookie on every REST request; refuses anonymous calls to non-public routes. */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<KnotworkRequest>();
    const token = request.cookies?.[SESSION_COOKIE];
    if (token) {
      const found = await this.auth.authenticate(token);
      if (found) {
        request.caller = {
          userId: found.user.id,
          sessionId: found.session.id,
          email: found.user.email,
          displayName: found.user.displayName,
        };
      }
    }
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (!isPublic && !request.caller) throw AuthErrors.notSignedIn();
    return true;
  }
}
