import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import { agendaMinutes, type AgendaItem, type LearningSessionStatus } from './learning-session.rules';

/*
 * Learning sessions as iCalendar (RFC 5545), for the "Add to calendar" file and each person's
 * private feed. ical-generator writes the calendar; luxon gives it the session's start and end
 * as times in the session's own zone (with a plain Date, ical-generator would write the server's
 * local time after the TZID); timezones-ical-library supplies each zone's VTIMEZONE, so that a
 * calendar that does not know the zone still shows 10:00 as 10:00 on both sides of a change of
 * clocks.
 */

/** The zones the VTIMEZONE library knows, by their lower-case name (it spells them one way; people type them any way). */
const zoneList = tzlib_get_timezones();
const KNOWN_ZONES = new Map<string, string>((Array.isArray(zoneList) ? zoneList : []).map((zone: string) => [zone.toLowerCase(), zone]));

/**
 * The name calendars know the zone by: the VTIMEZONE library's TZID for it ("UTC" becomes
 * "Etc/UTC", "Asia/Calcutta" "Asia/Kolkata"), or null when it has no rules for it. Sessions store
 * this name, so that the TZID of their events never changes under them.
 */
export function calendarTimeZone(zone: string): string | null {
  const known = KNOWN_ZONES.get(zone.toLowerCase());
  if (!known) return null;
  const block = tzlib_get_ical_block(known);
  const tzid = Array.isArray(block) ? /^TZID=(.+)$/.exec(block[1] ?? '')?.[1] : undefined;
  return tzid ?? null;
}

function vtimezone(zone: string): string | null {
  const known = KNOWN_ZONES.get(zone.toLowerCase());
  const block = known ? tzlib_get_ical_block(known) : null;
  return Array.isArray(block) ? block[0] : null;
}

/** What an event is made of. */
export interface CalendarSession {
  id: string;
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  /** The video call, when the reader may see it. */
  meetingUrl: string | null;
  agenda: AgendaItem[];
  status: LearningSessionStatus;
  sequence: number;
  updatedAt: Date;
  networkName: string;
  /** The session's page in Knotwork, absolute. */
  pageUrl: string;
}

/** The same UID for every version of a session, from its id: an update replaces the event instead of adding a second one. */
export function eventUid(sessionId: string): string {
  return `learning-session-${sessionId}@knotwork`;
}

function eventDescription(session: CalendarSession): string {
  const parts: string[] = [];
  if (session.status === 'cancelled') parts.push('This session was cancelled.');
  if (session.meetingUrl) parts.push(`Join the call: ${session.meetingUrl}`);
  if (session.description) parts.push(session.description);
  if (session.agenda.length > 0) {
    const lines = session.agenda.map((item) => `- ${item.title} (${item.minutes} min${item.presenter ? `, ${item.presenter}` : ''})`);
    parts.push(`Agenda (${agendaMinutes(session.agenda)} min):\n${lines.join('\n')}`);
  }
  parts.push(`${session.networkName} on Knotwork: ${session.pageUrl}`);
  return parts.join('\n\n');
}

/**
 * The calendar's name on one line. ical-generator writes NAME and X-WR-CALNAME as given, unescaped
 * (unlike SUMMARY or DESCRIPTION), so a line break there would start a property of its own:
 * control characters become spaces. (Semicolons and commas are left as they are: calendar apps
 * show X-WR-CALNAME as written, and they cannot start a property.) Titles are already refused
 * with line breaks; this keeps the file sound whatever a name holds.
 */
function calendarName(name: string): string {
  return name.replace(/\p{Cc}+/gu, ' ').trim();
}

/**
 * A calendar of `sessions`. `method` PUBLISH marks a file to import once; a subscribed feed
 * leaves it out (calendars re-read the feed and update by UID and SEQUENCE).
 */
export function sessionsCalendar(sessions: CalendarSession[], options: { name: string; method?: 'publish'; now?: Date }): string {
  const calendar = ical({
    name: calendarName(options.name),
    prodId: { company: 'Knotwork', product: 'Learning sessions', language: 'EN' },
    ...(options.method === 'publish' ? { method: ICalCalendarMethod.PUBLISH } : {}),
    // Called once per zone the events use.
    timezone: { name: null, generator: (zone: string) => vtimezone(zone) },
  });
  for (const session of sessions) {
    calendar.createEvent({
      id: eventUid(session.id),
      sequence: session.sequence,
      stamp: options.now ?? session.updatedAt,
      start: DateTime.fromJSDate(session.startsAt, { zone: session.timeZone }),
      end: DateTime.fromJSDate(session.endsAt, { zone: session.timeZone }),
      timezone: session.timeZone,
      summary: session.status === 'cancelled' ? `Cancelled: ${session.title}` : session.title,
      description: eventDescription(session),
      location: session.meetingUrl ?? undefined,
      url: session.pageUrl,
      status: session.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
