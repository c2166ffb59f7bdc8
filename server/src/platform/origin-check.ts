import type { NextFunction, Request, Response } from 'express';
import { PlatformErrors } from './platform.errors';
import type { Config } from './config';
import { sendError } from './error-response';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The origins browsers may act from: PUBLIC_URL's, and, when PUBLIC_URL was not set, the
 * loopback names of our port (http://127.0.0.1:3000 is as much "this machine" as localhost).
 */
export function allowedOrigins(config: Config): Set<string> {
  const origins = new Set([config.publicUrl.origin]);
  if (config.publicUrlIsDefault) {
    for (const name of LOOPBACK_NAMES) origins.add(`${config.publicUrl.protocol}//${name}:${config.publicUrl.port || config.port}`);
  }
  return origins;
}

/**
 * Whether a request may change state. Browsers send Origin on every cross-site state-changing
 * request (and on same-origin ones); a foreign Origin, or a browser saying the request is
 * cross-site, is refused. Clients that are not browsers send neither and are let through: they
 * cannot carry a victim's cookie.
 */
export function isTrustedOrigin(headers: Record<string, string | string[] | undefined>, allowed: Set<string>): boolean {
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== '') return allowed.has(origin);
  return headers['sec-fetch-site'] !== 'cross-site';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** CSRF protection for /api: state-changing requests from another site are refused with 403. */
export function csrfMiddleware(config: Config) {
  const allowed = allowedOrigins(config);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(request.method) || isTrustedOrigin(request.headers, allowed)) return next();
    sendError(response, PlatformErrors.foreignOrigin());
  };
}
