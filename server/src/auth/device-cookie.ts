import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { CONFIG, type Config } from '../platform/config';
import { cookieOptions } from './cookie-options';

/** How long a browser stays known after a successful sign-in (each new one starts the year again). */
export const DEVICE_COOKIE_TTL_MS = 365 * 24 * 3600 * 1000;
const NAME_PREFIX = 'knotwork_device_';
/** Only the sign-in request needs it; no other request or page carries it. */
const DEVICE_COOKIE_PATH = '/api/auth/login';

/** A device cookie as it is set: its name (one per account) and its value. */
export interface DeviceCookie {
  name: string;
  value: string;
}

/**
 * Device cookies (OWASP's "slow down online guessing attacks with device cookies"): after a
 * successful sign-in the browser keeps a signed note that this account signed in from it. A
 * sign-in presenting one for its own email comes, in all likelihood, from the owner's browser,
 * so AuthService counts it apart from everyone else's guesses, and a guesser elsewhere cannot
 * keep the owner out. Stateless: an HMAC under a key derived from the session secret, so nothing
 * is stored and every instance can check one. The value names no email; only a sign-in for the
 * right email finds it valid.
 */
@Injectable()
export class DeviceCookies {
  private readonly key: Buffer;

  constructor(@Inject(CONFIG) private readonly config: Config) {
    // A key of its own, so that nothing signed here can pass for a token hash, or the reverse.
    this.key = createHmac('sha256', config.sessionSecret).update('knotwork device cookie').digest();
  }

  /** One cookie per account, so that people sharing a ward's computer each keep their own. */
  nameFor(email: string): string {
    return NAME_PREFIX + this.sign(['name', email]).slice(0, 16);
  }

  /**
   * A new cookie for `email`: a random id (which its own wrong-password counters are kept under),
   * when it was issued (base 36 seconds) and the signature of both with the email.
   */
  issue(email: string): DeviceCookie {
    const id = randomBytes(12).toString('base64url');
    const issuedAt = Math.floor(Date.now() / 1000).toString(36);
    return { name: this.nameFor(email), value: `${id}.${issuedAt}.${this.sign(['value', email, id, issuedAt])}` };
  }

  /** The id of the unexpired device cookie for `email` among the request's cookies, or null when there is none or it was not ours. */
  presentedFor(email: string, cookies: Record<string, string | undefined>): string | null {
    const parts = cookies[this.nameFor(email)]?.split('.') ?? [];
    if (parts.length !== 3) return null;
    const [id, issuedAt, signature] = parts;
    const expected = Buffer.from(this.sign(['value', email, id, issuedAt]));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const age = Date.now() - parseInt(issuedAt, 36) * 1000;
    return age >= 0 && age < DEVICE_COOKIE_TTL_MS ? id : null;
  }

  set(response: Response, cookie: DeviceCookie): void {
    response.cookie(cookie.name, cookie.value, {
      ...cookieOptions(this.config),
      // Sent only by this site's own sign-in form, never with a request that starts elsewhere.
      sameSite: 'strict',
      path: DEVICE_COOKIE_PATH,
      maxAge: DEVICE_COOKIE_TTL_MS,
    });
  }

  private sign(parts: string[]): string {
    return createHmac('sha256', this.key).update(JSON.stringify(parts)).digest('base64url');
  }
}
