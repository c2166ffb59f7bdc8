import { createHmac, randomBytes } from 'node:crypto';

/** A random bearer token for a cookie or an invitation link (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Only a keyed hash of a token is stored: a copy of the database alone neither signs anyone in
 * nor accepts an invitation.
 */
export function hashToken(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('base64url');
}
