/**
 * The pure rules of learning sessions: the fixed sets, the bounds, what makes a time zone, a
 * meeting link and an agenda acceptable, and which sessions are upcoming. No I/O, so that every
 * case can be checked by a unit test.
 */

export const LEARNING_SESSION_STATUSES = ['scheduled', 'live', 'ended', 'cancelled'] as const;
export type LearningSessionStatus = (typeof LEARNING_SESSION_STATUSES)[number];

export const RSVP_STATUSES = ['going', 'not_going'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

/** One part of a session's plan. */
export interface AgendaItem {
  title: string;
  minutes: number;
  presenter?: string;
}

export const LEARNING_SESSION_LIMITS = {
  title: 200,
  description: 5_000,
  meetingUrl: 2_000,
  timeZone: 64,
  capacity: 100_000,
  agendaItems: 30,
  cancelReason: 500,
  agendaTitle: 200,
  presenter: 120,
  agendaMinutesMin: 1,
  agendaMinutesMax: 600,
  /** A session is a meeting, not a conference: at most a day long. */
  maxLengthMinutes: 24 * 60,
  /** Sessions are scheduled at most this far ahead (and edited at most this far back). */
  maxYearsAhead: 5,
  pageSize: 30,
  maxPageSize: 100,
} as const;

/**
 * Whether `zone` is an IANA time zone this server's Intl knows ("Europe/London", "UTC"), in its
 * canonical spelling. A fixed offset ("+02:00") or an abbreviation ("CET") is refused: a calendar
 * event needs a zone with rules, so that a session stays at 10:00 across a change of clocks.
 */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(zone)) return false;
  if (zone !== 'UTC' && !zone.includes('/')) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Spaces, line breaks, control and invisible format characters (direction overrides, zero-width
 * spaces). The URL parser silently drops tabs and line breaks, so "https://a.example/\r\nATTENDEE:…"
 * would pass as a link while the text kept, shown on the page and in calendar descriptions,
 * reads as something else; a real meeting link never holds one.
 */
const NOT_IN_A_LINK = /[\s\p{Cc}\p{Cf}]/u;

/** Only web links open a meeting: no javascript:, data: or file: addresses behind a "Join" button, and nothing hidden in the text. */
export function isMeetingUrl(value: string): boolean {
  if (NOT_IN_A_LINK.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function agendaMinutes(agenda: readonly AgendaItem[]): number {
  return agenda.reduce((total, item) => total + item.minutes, 0);
}

export function lengthInMinutes(startsAt: Date, endsAt: Date): number {
  return Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
}

export type TimeProblem = 'order' | 'too-long' | 'too-far';

/** What is wrong with a session's times, or null. */
export function timeProblem(startsAt: Date, endsAt: Date, now: Date): TimeProblem | null {
  if (endsAt.getTime() <= startsAt.getTime()) return 'order';
  if (lengthInMinutes(startsAt, endsAt) > LEARNING_SESSION_LIMITS.maxLengthMinutes) return 'too-long';
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + LEARNING_SESSION_LIMITS.maxYearsAhead);
  if (startsAt.getTime() > limit.getTime()) return 'too-far';
  return null;
}

/** A session is past once it has ended (by its end time, or because its coach ended it). */
export function isPast(session: { endsAt: Date; status: LearningSessionStatus }, now: Date): boolean {
  return session.status === 'ended' || session.endsAt.getTime() <= now.getTime();
}

/** Whether people may still say they are going: not once it is over or called off. */
export function acceptsRsvps(session: { endsAt: Date; status: LearningSessionStatus }, now: Date): boolean {
  return session.status !== 'cancelled' && !isPast(session, now);
}

/** Whether the coach may still change it: a cancelled or finished session stays as it was. */
export function isEditable(session: { endsAt: Date; status: LearningSessionStatus }, now: Date): boolean {
  return session.status === 'scheduled' && !isPast(session, now);
}

/** Whether one more person may say they are going. */
export function hasRoom(capacity: number | null, going: number): boolean {
  return capacity === null || going < capacity;
}

/** When people who are going are reminded: a day before, and a quarter of an hour before. */
export const REMINDER_OFFSETS = [
  { name: 'day', minutes: 24 * 60, words: 'tomorrow' },
  { name: 'soon', minutes: 15, words: 'in 15 minutes' },
] as const;
export type ReminderOffset = (typeof REMINDER_OFFSETS)[number]['name'];

/**
 * When a reminder should go, or null when that moment has already passed as the session is
 * scheduled (a session set up for this afternoon gets no "tomorrow" reminder).
 */
export function reminderAt(startsAt: Date, offsetMinutes: number, now: Date): Date | null {
  const at = new Date(startsAt.getTime() - offsetMinutes * 60_000);
  return at.getTime() > now.getTime() ? at : null;
}

/** Whether the time people planned around moved: the start or the end. */
export function timeChanged(before: { startsAt: Date; endsAt: Date }, after: { startsAt: Date; endsAt: Date }): boolean {
  return before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime();
}
