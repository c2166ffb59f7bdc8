import {
  acceptsRsvps,
  agendaMinutes,
  hasRoom,
  isEditable,
  isIanaTimeZone,
  isMeetingUrl,
  isPast,
  reminderAt,
  timeChanged,
  timeProblem,
} from './learning-session.rules';

const at = (iso: string) => new Date(iso);
const now = at('2026-06-01T12:00:00Z');

describe('time zones', () => {
  it.each(['Europe/London', 'America/New_York', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5'])('accepts %s', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(true);
  });

  it.each(['', 'CET', 'EST', '+02:00', 'GMT+2', 'Mars/Olympus_Mons', 'Europe/../London', 'Europe/London ', 'x'.repeat(80)])('refuses %p', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});

describe('meeting links', () => {
  it.each(['https://meet.example.org/abc', 'http://localhost:8080/room?x=1'])('accepts %s', (url) => expect(isMeetingUrl(url)).toBe(true));
  it.each(['javascript:alert(1)', 'data:text/html,hi', 'ftp://example.org', 'file:///etc/passwd', 'meet.example.org', 'https://', 'https://meet.example.org/room\r\nATTENDEE:mailto:x@example.org', 'https://meet.example.org/\nroom', 'https://meet.example.org/ro\tom', 'https://meet.example.org/a b', 'https://meet.example.org/\u202Emoor', 'https://meet.example.org/\u200Broom', 'java\nscript:alert(1)'])('refuses %j', (url) =>
    expect(isMeetingUrl(url)).toBe(false),
  );
});

describe('times', () => {
  it('wants an end after the start, a session of at most a day, within five years', () => {
    expect(timeProblem(at('2026-06-02T10:00:00Z'), at('2026-06-02T11:00:00Z'), now)).toBeNull();
    expect(timeProblem(at('2026-06-02T10:00:00Z'), at('2026-06-02T10:00:00Z'), now)).toBe('order');
    expect(timeProblem(at('2026-06-02T10:00:00Z'), at('2026-06-02T09:00:00Z'), now)).toBe('order');
    expect(timeProblem(at('2026-06-02T10:00:00Z'), at('2026-06-03T10:00:00Z'), now)).toBeNull();
    expect(timeProblem(at('2026-06-02T10:00:00Z'), at('2026-06-03T10:01:00Z'), now)).toBe('too-long');
    expect(timeProblem(at('2031-06-02T10:00:00Z'), at('2031-06-02T11:00:00Z'), now)).toBe('too-far');
  });

  it('notices a moved start or end, not other changes', () => {
    const before = { startsAt: at('2026-06-02T10:00:00Z'), endsAt: at('2026-06-02T11:00:00Z') };
    expect(timeChanged(before, { ...before })).toBe(false);
    expect(timeChanged(before, { ...before, endsAt: at('2026-06-02T11:30:00Z') })).toBe(true);
    expect(timeChanged(before, { ...before, startsAt: at('2026-06-02T09:30:00Z') })).toBe(true);
  });
});

describe('the life of a session', () => {
  const scheduled = { status: 'scheduled' as const, endsAt: at('2026-06-02T11:00:00Z') };
  it('is past once it ends or its coach ends it', () => {
    expect(isPast(scheduled, now)).toBe(false);
    expect(isPast(scheduled, at('2026-06-02T11:00:00Z'))).toBe(true);
    expect(isPast({ ...scheduled, status: 'ended' }, now)).toBe(true);
  });

  it('takes answers and edits only while it is ahead and not cancelled', () => {
    expect(acceptsRsvps(scheduled, now)).toBe(true);
    expect(acceptsRsvps({ ...scheduled, status: 'live' }, now)).toBe(true);
    expect(acceptsRsvps({ ...scheduled, status: 'cancelled' }, now)).toBe(false);
    expect(acceptsRsvps(scheduled, at('2026-06-03T00:00:00Z'))).toBe(false);
    expect(isEditable(scheduled, now)).toBe(true);
    expect(isEditable({ ...scheduled, status: 'live' }, now)).toBe(false);
    expect(isEditable({ ...scheduled, status: 'cancelled' }, now)).toBe(false);
  });

  it('has room until the capacity is reached; no capacity is no limit', () => {
    expect(hasRoom(null, 10_000)).toBe(true);
    expect(hasRoom(2, 1)).toBe(true);
    expect(hasRoom(2, 2)).toBe(false);
  });

  it('adds up the agenda', () => {
    expect(agendaMinutes([])).toBe(0);
    expect(agendaMinutes([{ title: 'a', minutes: 10 }, { title: 'b', minutes: 35 }])).toBe(45);
  });
});

describe('reminders', () => {
  it('are due the offset before the start, and skipped once that moment has passed', () => {
    const startsAt = at('2026-06-02T10:00:00Z');
    expect(reminderAt(startsAt, 24 * 60, now)).toBeNull();
    expect(reminderAt(startsAt, 24 * 60, at('2026-06-01T09:00:00Z'))).toEqual(at('2026-06-01T10:00:00Z'));
    expect(reminderAt(startsAt, 15, now)).toEqual(at('2026-06-02T09:45:00Z'));
    expect(reminderAt(startsAt, 15, at('2026-06-02T09:50:00Z'))).toBeNull();
  });
});
