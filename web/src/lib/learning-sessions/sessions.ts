import type { components } from '$lib/api/schema';
import { LOCALE } from '$shared/dates';

export type LearningSession = components['schemas']['LearningSessionDto'];
export type LearningSessionPage = components['schemas']['LearningSessionPageDto'];
export type AgendaItem = components['schemas']['AgendaItemDto'];
export type RsvpStatus = NonNullable<LearningSession['myRsvp']>;
export type CalendarFeed = components['schemas']['CalendarFeedDto'];

/** The limits the server holds a session to (learning-session.rules.ts), for the form's hints and maxlengths. */
export const SESSION_LIMITS = { title: 200, description: 5000, meetingUrl: 2000, agendaItems: 30, agendaTitle: 200, presenter: 120, minutesMax: 600 } as const;

/** The wall-clock parts of an instant in a zone. */
function partsIn(instant: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute') };
}

/** How far the zone's clocks are ahead of UTC at that instant, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const { year, month, day, hour, minute } = partsIn(instant, zone);
  return Date.UTC(year, month - 1, day, hour, minute) - Math.floor(instant / 60_000) * 60_000;
}

/**
 * The instant a wall-clock time ("2026-12-01T10:00", as a datetime-local field gives it) names
 * in `zone`, as the API takes it. A time skipped when clocks go forward lands an hour later.
 */
export function instantFromLocal(local: string, zone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  try {
    let guess = wall - offsetAt(wall, zone);
    // Twice is enough: the offset can differ once across a change of clocks.
    guess = wall - offsetAt(guess, zone);
    return new Date(guess).toISOString();
  } catch {
    return null;
  }
}

/** The wall-clock time of an instant in `zone`, as a datetime-local field shows it. */
export function localFromInstant(instant: string, zone: string): string {
  const { year, month, day, hour, minute } = partsIn(new Date(instant).getTime(), zone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

/** The zone this browser is in (UTC when it cannot tell). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every zone this browser knows, for the zone field's suggestions. */
export function knownTimeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** "Tuesday 1 December 2026, 10:00 – 11:30" in the session's zone. */
export function sessionWhen(session: Pick<LearningSession, 'startsAt' | 'endsAt'>, zone: string): string {
  const day = new Intl.DateTimeFormat(LOCALE, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const time = new Intl.DateTimeFormat(LOCALE, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const sameDay = day.format(new Date(session.startsAt)) === day.format(new Date(session.endsAt));
  return sameDay
    ? `${day.format(new Date(session.startsAt))}, ${time.format(new Date(session.startsAt))} – ${time.format(new Date(session.endsAt))}`
    : `${day.format(new Date(session.startsAt))}, ${time.format(new Date(session.startsAt))} – ${day.format(new Date(session.endsAt))}, ${time.format(new Date(session.endsAt))}`;
}

/** The zone's name as people read it: "Europe/London" → "London time". */
export function zoneWords(zone: string): string {
  if (zone === 'Etc/UTC' || zone === 'UTC') return 'UTC';
  const city = zone.split('/').pop() ?? zone;
  return `${city.replace(/_/g, ' ')} time`;
}

export function minutesBetween(startsAt: string, endsAt: string): number {
  return Math.round((new Date(endsAt).getTime() - new Date(startsAt).getTime()) / 60_000);
}

export function agendaTotal(agenda: { minutes: number }[]): number {
  return agenda.reduce((total, item) => total + (Number.isFinite(item.minutes) ? item.minutes : 0), 0);
}

/** "1 h 30 min", "45 min". */
export function durationWords(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export const STATUS_WORDS: Record<LearningSession['status'], string> = {
  scheduled: 'Scheduled',
  live: 'Happening now',
  ended: 'Ended',
  cancelled: 'Cancelled',
};
