import { Inject, Injectable } from '@nestjs/common';
import { parse as parseCookieHeader } from 'cookie';
import type { CookieOptions, Response } from 'express';
import { CONFIG, type Config } from '../platform/config';
import { SESSION_TTL_MS } from './auth.service';

export const SESSION_COOKIE = 'knotwork_session';

/** How the session token travels: an httpOnly, SameSite=Lax cookie, Secure behind https. */
@Injectable()
export class SessionCookie {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  private options(): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.publicUrl.protocol === 'https:',
      path: '/',
    };
  }

  set(response: Response, token: string): void {
    response.cookie(SESSION_COOKIE, token, { ...this.options(), maxAge: SESSION_TTL_MS });
  }

  clear(response: Response): void {
    response.clearCookie(SESSION_COOKIE, this.options());
  }

  /** The token from a raw Cookie header (socket.io handshakes and WebSocket upgrades have no cookie-parser). */
  fromHeader(header: string | undefined): string | null {
    if (!header) return null;
    return parseCookieHeader(header)[SESSION_COOKIE] ?? null;
  }
}
