import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link stops: all notification mail, or everything from one network. */
export type UnsubscribeWhat = { what: 'email' } | { what: 'network'; networkId: string };
export type UnsubscribeRequest = UnsubscribeWhat & { userId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A key of its own for this purpose, so that a signature made here means nothing anywhere else SESSION_SECRET is used. */
function keyFrom(secret: string): Buffer {
  return createHmac('sha256', secret).update('knotwork unsubscribe v1').digest();
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', keyFrom(secret)).update(body).digest('base64url');
}

/**
 * A link that works without signing in, from a mail read on any device: it names the user and
 * what to stop, signed with an HMAC of the server's secret so that nobody can make one for
 * someone else. It does not expire: people unsubscribe from old mail too, and the worst it can do
 * is stop mail its holder was sent.
 */
export function unsubscribeToken(request: UnsubscribeRequest, secret: string): string {
  const body = Buffer.from(
    JSON.stringify(request.what === 'network' ? { u: request.userId, w: 'network', n: request.networkId } : { u: request.userId, w: 'email' }),
  ).toString('base64url');
  return `${body}.${sign(body, secret)}`;
}

/** The request a token carries, or null when it is malformed or not signed by us. */
export function readUnsubscribeToken(token: string, secret: string): UnsubscribeRequest | null {
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { u, w, n } = parsed as { u?: unknown; w?: unknown; n?: unknown };
  if (typeof u !== 'string' || !UUID.test(u)) return null;
  if (w === 'email') return { userId: u, what: 'email' };
  if (w === 'network' && typeof n === 'string' && UUID.test(n)) return { userId: u, what: 'network', networkId: n };
  return null;
}
