import { Inject, Injectable } from '@nestjs/common';
import { parse as parseCookieHeader } from 'cookie';
import type { Response } from 'express';
import { CONFIG, type Config } from '../platform/config';
import { SESSION_TTL_MS } from './auth.service';
import { cookieOptions } from './cookie-options';

export const SESSION_COOKIE = 'knotwork_session';

/** How the session token travels: an httpOnly, SameSite=Lax cookie, Secure behind https. */
@Injectable()
export class SessionCookie {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  set(response: Response, token: string): void {
    response.cookie(SESSION_COOKIE, token, { ...cookieOptions(this.config), maxAge: SESSION_TTL_MS });
  }

  clear(response: Response): void {
    response.clearCookie(SESSION_COOKIE, cookieOptions(this.config));
  }

  /** The token from a raw Cookie header (socket.io handshakes and WebSocket upgrades have no cookie-parser). */
  fromHeader(header: string | undefined): string | null {
    if (!header) return null;
    return parseCookieHeader(header)[SESSION_COOKIE] ?? null;
  }
}
