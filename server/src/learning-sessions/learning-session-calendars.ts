import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '../common/request-context';
import { CONFIG, type Config } from '../platform/config';
import { sessionsCalendar, type CalendarSession } from './learning-session-calendar';
import type { CalendarFeedDto } from './learning-sessions.dto';
import { LearningSessionErrors } from './learning-sessions.errors';
import { LearningSessionsRepository, type SessionRow } from './learning-sessions.repository';
import { LearningSessionsService } from './learning-sessions.service';

/** A feed token: 32 random bytes, as URL-safe text. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** How far back the feed reaches: a month of past sessions stays in people's calendars. */
const FEED_PAST_DAYS = 31;

/** The stored form of a feed token: its SHA-256. The token is 256 random bits, so no slow hash is needed to keep it from being guessed. */
export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Sessions as calendar files: one session's "Add to calendar" file, and each person's private
 * feed of the sessions they are going to, which a calendar app reads without a cookie. The
 * feed's address holds a secret token, stored only as a hash; turning it off or making a new
 * one stops the old address at once.
 */
@Injectable()
export class LearningSessionCalendars {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly sessions: LearningSessionsService,
    private readonly repository: LearningSessionsRepository,
  ) {}

  private absolute(path: string): string {
    return new URL(path, this.config.publicUrl).toString();
  }

  private toCalendarSession(row: SessionRow, meetingUrlShown: boolean): CalendarSession {
    const { session } = row;
    return {
      id: session.id,
      title: session.title,
      description: session.description,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      timeZone: session.timeZone,
      meetingUrl: meetingUrlShown ? session.meetingUrl : null,
      agenda: session.agenda,
      status: session.status,
      sequence: session.sequence,
      updatedAt: session.updatedAt,
      networkName: row.networkName,
      pageUrl: this.absolute(`/networks/${session.networkId}/learning-sessions/${session.id}`),
    };
  }

  /** One session's calendar file, for whoever may read it (its video call only for members, as on its page). */
  async sessionFile(caller: Caller, sessionId: string): Promise<{ filename: string; body: string }> {
    const found = await this.sessions.access(caller, sessionId, 'read');
    const body = sessionsCalendar([this.toCalendarSession(found.row, found.role !== null)], { name: found.session.title, method: 'publish' });
    return { filename: `learning-session-${found.session.id}.ics`, body };
  }

  async feedStatus(caller: Caller): Promise<CalendarFeedDto> {
    const existing = await this.repository.feedTokenExists(caller.userId);
    return { active: existing !== null, createdAt: existing ? new Date(existing.createdAt).toISOString() : null, url: null };
  }

  /** Makes the caller's feed address, replacing any earlier one; the address is shown this once. */
  async renewFeed(caller: Caller): Promise<CalendarFeedDto> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = await this.repository.replaceFeedToken(caller.userId, hashFeedToken(token));
    return { active: true, createdAt: new Date(createdAt).toISOString(), url: this.absolute(`/api/calendar/${token}.ics`) };
  }

  async revokeFeed(caller: Caller): Promise<void> {
    await this.repository.removeFeedToken(caller.userId);
  }

  /**
   * The feed behind an address: the sessions its owner is going to, in networks they may still
   * read, from a month back. An address that was never made, or was turned off or replaced, is a 404.
   */
  async feed(file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : file;
    if (!TOKEN.test(token)) throw LearningSessionErrors.feedNotFound();
    const userId = await this.repository.feedOwner(hashFeedToken(token));
    if (!userId) throw LearningSessionErrors.feedNotFound();
    const since = new Date(Date.now() - FEED_PAST_DAYS * 24 * 60 * 60_000);
    const rows = await this.repository.sessionsGoingTo(userId, since);
    // Going needs membership; the video call is shown to members, as on the session's page.
    const roles = await this.repository.membershipsOf(userId, [...new Set(rows.map((row) => row.session.networkId))]);
    return sessionsCalendar(
      rows.map((row) => this.toCalendarSession(row, roles.has(row.session.networkId))),
      { name: 'Knotwork learning sessions' },
    );
  }
}
