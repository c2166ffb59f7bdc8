import type { CookieOptions } from 'express';
import type { Config } from '../platform/config';

/** Every cookie of ours: out of reach of the page's scripts, same-site only, and only over https when the site is on https. */
export function cookieOptions(config: Config): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.protocol === 'https:',
    path: '/',
  };
}
