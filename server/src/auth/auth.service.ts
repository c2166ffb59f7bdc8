import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '../platform/config';
import { RateLimiter, type RateLimitRule, type RateLimitVerdict } from '../platform/rate-limiter';
import type { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { AuthErrors } from './auth.errors';
import type { LoginBody, RegisterBody } from './auth.dto';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords';
import type { SessionEntity } from './session.entity';
import { SessionEvents } from './session-events';
import { SessionsRepository } from './sessions.repository';
import { hashToken, newToken } from './tokens';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** A session's expiry slides forward at most this often, so that reads do not all write. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

const RATE_LIMITS = {
  loginPerAddress: { name: 'login:address', limit: 20, windowSeconds: 600 },
  loginFailuresPerAccount: { name: 'login:account', limit: 8, windowSeconds: 900 },
  registerPerAddress: { name: 'register:address', limit: 10, windowSeconds: 3600 },
  registerPerAccount: { name: 'register:account', limit: 5, windowSeconds: 3600 },
} satisfies Record<string, RateLimitRule>;

export interface ClientInfo {
  address: string;
  userAgent: string | null;
}

export interface NewSession {
  token: string;
  session: SessionEntity;
  user: UserEntity;
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly rateLimiter: RateLimiter,
    private readonly sessionEvents: SessionEvents,
  ) {}

  async register(body: RegisterBody, client: ClientInfo): Promise<NewSession> {
    this.refuseIfLimited(await this.rateLimiter.hit(RATE_LIMITS.registerPerAddress, client.address));
    this.refuseIfLimited(await this.rateLimiter.hit(RATE_LIMITS.registerPerAccount, body.email));
    const user = await this.users.insert({
      email: body.email,
      displayName: body.displayName,
      organisation: body.organisation?.length ? body.organisation : null,
      passwordHash: await hashPassword(body.password),
    });
    if (!user) throw AuthErrors.emailTaken();
    return this.startSession(user, client);
  }

  /** Says the same thing for an unknown email and a wrong password, and takes as long. */
  async login(body: LoginBody, client: ClientInfo): Promise<NewSession> {
    this.refuseIfLimited(await this.rateLimiter.hit(RATE_LIMITS.loginPerAddress, client.address));
    // Counted before the password is checked, so that a burst of parallel guesses cannot all
    // slip under the limit; a successful sign-in gives its count back.
    this.refuseIfLimited(await this.rateLimiter.hit(RATE_LIMITS.loginFailuresPerAccount, body.email));
    const user = await this.users.findByEmail(body.email);
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), body.password);
    if (!user || !valid) throw AuthErrors.badCredentials();
    await this.rateLimiter.refund(RATE_LIMITS.loginFailuresPerAccount, body.email);
    return this.startSession(user, client);
  }

  /** The session and user behind a cookie token, sliding its expiry forward; null when it is not live. */
  async authenticate(token: string): Promise<{ session: SessionEntity; user: UserEntity } | null> {
    const found = await this.sessions.findLive(hashToken(token, this.config.sessionSecret));
    if (!found) return null;
    if (Date.now() - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.sessions.touch(found.session.id, new Date(Date.now() + SESSION_TTL_MS));
    }
    return found;
  }

  async currentUser(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw AuthErrors.notSignedIn();
    return user;
  }

  async logout(sessionId: string, userId: string): Promise<void> {
    await this.sessions.delete(sessionId, userId);
    this.sessionEvents.ended({ userId, sessionId });
  }

  listSessions(userId: string): Promise<SessionEntity[]> {
    return this.sessions.listLive(userId);
  }

  async endSession(userId: string, sessionId: string): Promise<void> {
    if (!(await this.sessions.delete(sessionId, userId))) throw AuthErrors.sessionNotFound();
    this.sessionEvents.ended({ userId, sessionId });
  }

  /** Ends every session of the user, this one included. */
  async endAllSessions(userId: string): Promise<number> {
    const ended = await this.sessions.deleteAllOf(userId);
    this.sessionEvents.ended({ userId, allSessions: true });
    return ended;
  }

  /** Changing the password signs out every other session: whoever knew the old one is out. */
  async changePassword(userId: string, currentSessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) throw AuthErrors.wrongPassword();
    await this.users.update(userId, { passwordHash: await hashPassword(newPassword) });
    await this.sessions.deleteAllOf(userId, currentSessionId);
    this.sessionEvents.ended({ userId, allSessions: true, exceptSessionId: currentSessionId });
  }

  private async startSession(user: UserEntity, client: ClientInfo): Promise<NewSession> {
    const token = newToken();
    const session = await this.sessions.create({
      tokenHash: hashToken(token, this.config.sessionSecret),
      userId: user.id,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      clientAddress: client.address,
    });
    return { token, session, user };
  }

  private refuseIfLimited(verdict: RateLimitVerdict): void {
    if (!verdict.allowed) throw AuthErrors.tooManyAttempts(verdict.retryAfterSeconds);
  }
}
