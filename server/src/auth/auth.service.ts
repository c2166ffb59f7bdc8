import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '../platform/config';
import { RateLimiter, type RateLimitHit, type RateLimitRule, type RateLimitVerdict } from '../platform/rate-limiter';
import type { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { AuthErrors } from './auth.errors';
import type { LoginBody, RegisterBody } from './auth.dto';
import { DeviceCookies, type DeviceCookie } from './device-cookie';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords';
import type { SessionEntity } from './session.entity';
import { SessionEvents } from './session-events';
import { SessionsRepository } from './sessions.repository';
import { hashToken, newToken } from './tokens';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** A session's expiry slides forward at most this often, so that reads do not all write. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

const MINUTE = 60;

/**
 * Sign-in counts wrong passwords only (a successful sign-in gives its hits back), so that a whole
 * hospital behind one address signs in freely: tight per account and address, looser per address,
 * and per account a much higher threshold after which attempts are slowed down progressively
 * rather than refused for good. A sign-in from a browser holding the account's device cookie is
 * counted apart, per cookie, so that no guesser and no crowd behind the same address can keep the
 * owner out of their own browser.
 */
const LIMITS = {
  signInFailuresPerAccountAndAddress: { name: 'sign-in-failures:account+address', limit: 5, windowSeconds: 15 * MINUTE },
  signInFailuresPerAddress: { name: 'sign-in-failures:address', limit: 50, windowSeconds: 15 * MINUTE },
  signInFailuresPerAccount: {
    name: 'sign-in-failures:account',
    limit: 20,
    windowSeconds: 24 * 60 * MINUTE,
    // 30 s after the 20th wrong password, then 1, 2, 4, 8 minutes… and never more than 15.
    backoff: { firstDelaySeconds: 30, maxDelaySeconds: 15 * MINUTE },
  },
  /**
   * With the account's own device cookie: tight per address, and a day's allowance in all, after
   * which the cookie no longer sets the sign-in apart (a stolen one gives only a few guesses more).
   */
  deviceSignInFailuresPerAddress: { name: 'sign-in-failures:device+address', limit: 5, windowSeconds: 15 * MINUTE },
  deviceSignInFailures: { name: 'sign-in-failures:device', limit: 10, windowSeconds: 24 * 60 * MINUTE },
  /** Someone holding a session who guesses at its current password (to lock others out with a new one). */
  passwordChangeFailures: { name: 'password-change-failures:account', limit: 5, windowSeconds: 15 * MINUTE },
  // A learning session's room, or a hospital behind one address, signs up together: room for them,
  // while a script making accounts by the thousand is still stopped.
  registrationsPerAddress: { name: 'register:address', limit: 50, windowSeconds: 60 * MINUTE },
  registrationsPerEmail: { name: 'register:email', limit: 5, windowSeconds: 60 * MINUTE },
} satisfies Record<string, RateLimitRule>;

export interface ClientInfo {
  address: string;
  userAgent: string | null;
  /** The cookies the request carried (a device cookie among them, perhaps). */
  cookies: Record<string, string | undefined>;
}

export interface NewSession {
  token: string;
  session: SessionEntity;
  user: UserEntity;
}

export interface SignedIn extends NewSession {
  /** A fresh device cookie for the browser that signed in. */
  deviceCookie: DeviceCookie;
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly rateLimiter: RateLimiter,
    private readonly sessionEvents: SessionEvents,
    private readonly deviceCookies: DeviceCookies,
  ) {}

  /**
   * Creates the account unless the email already has one, and says nothing about which: the
   * caller gets the same answer either way (and the web app then signs in with the same
   * credentials), so that registration cannot be used to find out who has an account. The
   * password is hashed in both cases, so that both take as long.
   */
  async register(body: RegisterBody, client: ClientInfo): Promise<void> {
    this.refuseIfLimited(
      await this.rateLimiter.takeAll([
        { rule: LIMITS.registrationsPerAddress, subject: client.address },
        { rule: LIMITS.registrationsPerEmail, subject: body.email },
      ]),
    );
    const passwordHash = await hashPassword(body.password);
    // Null when the email is taken: the existing account is left as it is, and nothing says so.
    await this.users.insert({
      email: body.email,
      displayName: body.displayName,
      organisation: body.organisation?.length ? body.organisation : null,
      passwordHash,
    });
  }

  /** Says the same thing for an unknown email and a wrong password, and takes as long. */
  async login(body: LoginBody, client: ClientInfo): Promise<SignedIn> {
    // Counted before the password is checked, so that parallel guesses cannot all slip under the
    // limits; a successful sign-in gives its hits back.
    const failures = await this.countSignInAttempt(body.email, client);
    const user = await this.users.findByEmail(body.email);
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), body.password);
    if (!user || !valid) throw AuthErrors.badCredentials();
    await this.rateLimiter.giveBackAll(failures);
    return { ...(await this.startSession(user, client)), deviceCookie: this.deviceCookies.issue(body.email) };
  }

  /**
   * Takes the hits of one sign-in attempt, or refuses it, and returns the hits to give back should
   * the password be right. With the account's device cookie only that cookie's own counters apply:
   * the per-account slow-down and the per-address limit are what a guesser or a crowd elsewhere
   * fills up, and the owner's browser must not wait for them. Once the cookie has used up its
   * wrong passwords, the attempt counts like one without it.
   */
  private async countSignInAttempt(email: string, client: ClientInfo): Promise<RateLimitHit[]> {
    const deviceId = this.deviceCookies.presentedFor(email, client.cookies);
    if (deviceId) {
      const deviceFailures: RateLimitHit[] = [
        { rule: LIMITS.deviceSignInFailuresPerAddress, subject: `${email} on ${deviceId} from ${client.address}` },
        { rule: LIMITS.deviceSignInFailures, subject: `${email} on ${deviceId}` },
      ];
      if ((await this.rateLimiter.takeAll(deviceFailures)).allowed) return deviceFailures;
    }
    const failures: RateLimitHit[] = [
      { rule: LIMITS.signInFailuresPerAccountAndAddress, subject: `${email} from ${client.address}` },
      { rule: LIMITS.signInFailuresPerAddress, subject: client.address },
      { rule: LIMITS.signInFailuresPerAccount, subject: email },
    ];
    this.refuseIfLimited(await this.rateLimiter.takeAll(failures));
    return failures;
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
    const failure: RateLimitHit = { rule: LIMITS.passwordChangeFailures, subject: userId };
    const verdict = await this.rateLimiter.take(failure);
    if (!verdict.allowed) throw AuthErrors.tooManyPasswordChanges(verdict.retryAfterSeconds);
    const user = await this.users.findById(userId);
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) throw AuthErrors.wrongPassword();
    await this.rateLimiter.giveBack(failure);
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
