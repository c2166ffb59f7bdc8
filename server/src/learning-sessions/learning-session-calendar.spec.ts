import { calendarTimeZone, eventUid, sessionsCalendar, type CalendarSession } from './learning-session-calendar';

/**
 * Reads the calendar back with ical.js (a real parser; a dev dependency), working out instants
 * from the file's own VTIMEZONE components only. The suites' fuller reader is
 * test/support/learning-sessions.ts, which the server's sources cannot import.
 */
function parseCalendar(text: string) {
  const ICAL = require('ical.js');
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  const timezones: string[] = calendar.getAllSubcomponents('vtimezone').map((component: unknown) => {
    const zone = new ICAL.Timezone(component);
    ICAL.TimezoneService.register(zone);
    return zone.tzid as string;
  });
  const events = calendar.getAllSubcomponents('vevent').map((component: any) => {
    const event = new ICAL.Event(component);
    const dtstart = component.getFirstProperty('dtstart');
    return {
      uid: event.uid as string,
      sequence: event.sequence as number,
      status: component.getFirstPropertyValue('status') as string | null,
      summary: event.summary as string,
      description: event.description as string,
      location: (event.location ?? null) as string | null,
      tzid: (dtstart.getParameter('tzid') ?? null) as string | null,
      localStart: dtstart.getFirstValue().toString() as string,
      start: event.startDate.toJSDate() as Date,
    };
  });
  return { method: calendar.getFirstPropertyValue('method') as string | null, timezones, events };
}

const session = (over: Partial<CalendarSession> = {}): CalendarSession => ({
  id: '11111111-2222-4333-8444-555555555555',
  title: 'Session 1',
  description: null,
  startsAt: new Date('2027-03-29T09:00:00Z'),
  endsAt: new Date('2027-03-29T10:00:00Z'),
  timeZone: 'Europe/London',
  meetingUrl: 'https://meet.example.org/a',
  agenda: [],
  status: 'scheduled',
  sequence: 0,
  updatedAt: new Date('2027-01-01T00:00:00Z'),
  networkName: 'Network',
  pageUrl: 'https://knotwork.example.org/networks/n/learning-sessions/s',
  ...over,
});

describe('calendar zones', () => {
  it('uses the VTIMEZONE library’s own name, whatever the spelling or alias', () => {
    expect(calendarTimeZone('Europe/London')).toBe('Europe/London');
    expect(calendarTimeZone('europe/london')).toBe('Europe/London');
    expect(calendarTimeZone('UTC')).toBe('Etc/UTC');
    expect(calendarTimeZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(calendarTimeZone('Mars/Olympus_Mons')).toBeNull();
  });
});

describe('the calendar of sessions', () => {
  it('writes each event in its zone, with the VTIMEZONE that places it on either side of a change of clocks', () => {
    // London's clocks go forward on 28 March 2027: 09:00 UTC is 10:00 local the day after, 09:00 the day before.
    const text = sessionsCalendar(
      [
        session(),
        session({ id: '11111111-2222-4333-8444-666666666666', startsAt: new Date('2027-03-27T09:00:00Z'), endsAt: new Date('2027-03-27T10:00:00Z') }),
        session({ id: '11111111-2222-4333-8444-777777777777', timeZone: 'Etc/UTC' }),
      ],
      { name: 'Mine' },
    );
    const calendar = parseCalendar(text);
    expect(calendar.method).toBeNull();
    expect(calendar.timezones.sort()).toEqual(['Etc/UTC', 'Europe/London']);
    const [after, before, utc] = calendar.events;
    expect([after.tzid, after.localStart, after.start.toISOString()]).toEqual(['Europe/London', '2027-03-29T10:00:00', '2027-03-29T09:00:00.000Z']);
    expect([before.localStart, before.start.toISOString()]).toEqual(['2027-03-27T09:00:00', '2027-03-27T09:00:00.000Z']);
    expect([utc.tzid, utc.localStart]).toEqual(['Etc/UTC', '2027-03-29T09:00:00']);
  });

  it('keeps the UID, carries SEQUENCE and STATUS, escapes text and lists the agenda', () => {
    const text = sessionsCalendar(
      [
        session({
          title: 'Commas, semicolons; and a \\ backslash',
          description: 'Line one\nLine two',
          agenda: [
            { title: 'Welcome', minutes: 10, presenter: 'Ada' },
            { title: 'Reports', minutes: 40 },
          ],
          status: 'cancelled',
          sequence: 4,
        }),
      ],
      { name: 'One', method: 'publish' },
    );
    const { method, events } = parseCalendar(text);
    expect(method).toBe('PUBLISH');
    expect(events[0]).toMatchObject({
      uid: eventUid('11111111-2222-4333-8444-555555555555'),
      sequence: 4,
      status: 'CANCELLED',
      summary: 'Cancelled: Commas, semicolons; and a \\ backslash',
      location: 'https://meet.example.org/a',
    });
    expect(events[0].description).toContain('This session was cancelled.');
    expect(events[0].description).toContain('Line one\nLine two');
    expect(events[0].description).toContain('- Welcome (10 min, Ada)\n- Reports (40 min)');
    // Lines are folded at 75 octets, as RFC 5545 asks.
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it('leaves the meeting link out when the reader may not see it', () => {
    const { events } = parseCalendar(sessionsCalendar([session({ meetingUrl: null })], { name: 'x' }));
    expect(events[0].location).toBeNull();
    expect(events[0].description).not.toContain('meet.example.org');
  });
});

describe('the calendar name', () => {
  it('keeps line breaks and other control characters out, as ical-generator writes NAME and X-WR-CALNAME unescaped', () => {
    const text = sessionsCalendar([session()], { name: 'Session 1\r\nX-INJECTED:1\nATTENDEE:mailto:evil@example.org\u0007', method: 'publish' });
    const lines = text.split('\r\n');
    expect(lines.filter((line) => /^(X-INJECTED|ATTENDEE)/.test(line))).toEqual([]);
    const ICAL = require('ical.js');
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Session 1 X-INJECTED:1 ATTENDEE:mailto:evil@example.org');
    expect(parseCalendar(text).events).toHaveLength(1);
    const punctuated = sessionsCalendar([session()], { name: 'Sepsis; review, part 1' });
    expect(new ICAL.Component(ICAL.parse(punctuated)).getFirstPropertyValue('x-wr-calname')).toBe('Sepsis; review, part 1');
  });
});
