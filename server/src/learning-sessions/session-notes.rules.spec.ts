import { isCalendarDate, lessonPrefill, reminderAt, workingTitle } from './session-notes.rules';

const facts = { sessionTitle: 'Learning session 2', sessionDate: '3 Dec 2026', sessionUrl: 'https://knotwork.example/networks/n/learning-sessions/s' };

describe('lessonPrefill', () => {
  it('puts a passage of the notes or a question under "What we tried", with where it came from', () => {
    const prefill = lessonPrefill({ ...facts, text: '  Riverside called every patient within 7 days.\nHalf answered.  ', source: 'notes' });
    expect(prefill.title).toBe('Riverside called every patient within 7 days.');
    expect(prefill.tried).toBe(
      'Riverside called every patient within 7 days.\nHalf answered.\n\n(From the notes of the learning session “Learning session 2”, 3 Dec 2026: https://knotwork.example/networks/n/learning-sessions/s)',
    );
    expect(prefill.happened).toBe('');
    expect(lessonPrefill({ ...facts, text: 'Who calls?', source: 'question' }).tried).toContain('(From a question asked at the learning session');
  });

  it('puts an answer under "What happened"', () => {
    const prefill = lessonPrefill({ ...facts, text: 'Our nurses did, in the afternoons.', source: 'answer' });
    expect(prefill.tried).toBe('');
    expect(prefill.happened).toMatch(/^Our nurses did, in the afternoons\.\n\n\(From an answer given at the learning session/);
  });
});

describe('workingTitle', () => {
  it('keeps a short first line, and cuts a long one at a word', () => {
    expect(workingTitle('Short line\nmore')).toBe('Short line');
    const long = 'word '.repeat(40);
    const title = workingTitle(long, 30);
    expect(title.length).toBeLessThanOrEqual(30);
    expect(title.endsWith('word…')).toBe(true);
  });
});

describe('reminderAt', () => {
  it('is 08:00 UTC the day before the due date, and none once that has passed', () => {
    expect(reminderAt('2026-12-14', new Date('2026-12-01T00:00:00Z'))?.toISOString()).toBe('2026-12-13T08:00:00.000Z');
    expect(reminderAt('2026-12-14', new Date('2026-12-13T09:00:00Z'))).toBeNull();
  });
});

describe('isCalendarDate', () => {
  it('accepts real dates only', () => {
    expect(isCalendarDate('2026-12-14')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('14/12/2026')).toBe(false);
    expect(isCalendarDate('2026-12-14T00:00')).toBe(false);
  });
});
