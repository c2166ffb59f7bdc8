import type { ApiResponse, TestUser } from './api';

/** A time `minutes` from now, whole minutes, as the API takes it. */
export function minutesFromNow(minutes: number): string {
  const at = new Date(Date.now() + minutes * 60_000);
  at.setUTCSeconds(0, 0);
  return at.toISOString();
}

export interface SessionInput {
  title?: string;
  description?: string | null;
  startsAt?: string;
  endsAt?: string;
  timeZone?: string;
  meetingUrl?: string | null;
  capacity?: number | null;
  agenda?: { title: string; minutes: number; presenter?: string }[];
}

/** A valid body for scheduling a session (in two days, an hour long, in London), with `input` over it. */
export function sessionBody(input: SessionInput = {}): Record<string, unknown> {
  return {
    title: 'Spring learning session',
    startsAt: minutesFromNow(48 * 60),
    endsAt: minutesFromNow(49 * 60),
    timeZone: 'Europe/London',
    agenda: [
      { title: 'Welcome', minutes: 10, presenter: 'Dr Ada' },
      { title: 'Team stories', minutes: 40 },
    ],
    ...input,
  };
}

/** Schedules a session as `coach` (who must be a coach or admin of the network) and returns its DTO. */
export async function scheduleSession(coach: TestUser, networkId: string, input: SessionInput = {}): Promise<any> {
  const response: ApiResponse = await coach.client.post(`/api/networks/${networkId}/learning-sessions`, sessionBody(input));
  if (response.status !== 201) throw new Error(`schedule failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** One VEVENT as a calendar app reads it, through ical.js (a real iCalendar parser). */
export interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string | null;
  summary: string;
  description: string;
  location: string | null;
  /** The TZID parameter of DTSTART. */
  tzid: string | null;
  /** DTSTART as written: the wall-clock time in its zone, "2026-12-01T10:00:00". */
  localStart: string;
  localEnd: string;
  /** The instant, computed by ical.js from the calendar's own VTIMEZONE. */
  start: Date;
  end: Date;
}

export interface ParsedCalendar {
  method: string | null;
  /** The TZIDs of the VTIMEZONE components the calendar carries. */
  timezones: string[];
  events: ParsedEvent[];
}

/**
 * Parses an iCalendar text with ical.js. Instants are worked out from the calendar's own
 * VTIMEZONE components only (registered here, nothing built in), so a missing or wrong
 * VTIMEZONE shows up as a wrong instant.
 */
export function parseCalendar(text: string): ParsedCalendar {
  const ICAL = require('ical.js');
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  const timezones: string[] = [];
  for (const component of calendar.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(component);
    ICAL.TimezoneService.register(zone);
    timezones.push(zone.tzid);
  }
  const events = calendar.getAllSubcomponents('vevent').map((component: any) => {
    const event = new ICAL.Event(component);
    const dtstart = component.getFirstProperty('dtstart');
    const dtend = component.getFirstProperty('dtend');
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: component.getFirstPropertyValue('status'),
      summary: event.summary,
      description: event.description,
      location: event.location ?? null,
      tzid: dtstart.getParameter('tzid') ?? null,
      localStart: dtstart.getFirstValue().toString(),
      localEnd: dtend.getFirstValue().toString(),
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
    };
  });
  return { method: calendar.getFirstPropertyValue('method'), timezones, events };
}
