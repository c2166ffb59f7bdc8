/**
 * The pure rules of a session's harvest: what a captured passage prefills in a lesson draft, and
 * when an action item's reminder goes. No I/O, so that every case can be checked by a unit test.
 */

export const CAPTURE_SOURCES = ['notes', 'question', 'answer'] as const;
export type CaptureSource = (typeof CAPTURE_SOURCES)[number];

export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const SESSION_NOTES_LIMITS = {
  /** A captured passage: a lesson's story field holds at most 10 000 characters, the source line included. */
  captureText: 8_000,
  /** Lessons' title limit is 200; a prefilled title is kept short enough to read in a list. */
  lessonTitle: 120,
  actionTitle: 200,
  report: 10_000,
  /** Items per session, so that a script cannot fill the team pages. */
  itemsPerSession: 200,
} as const;

export interface CaptureFacts {
  text: string;
  source: CaptureSource;
  sessionTitle: string;
  /** When the session took place, already written for people ("3 Dec 2026"). */
  sessionDate: string;
  /** The session page, as an absolute address (the lesson's text is plain text: a path would not lead anywhere). */
  sessionUrl: string;
}

export interface LessonPrefill {
  title: string;
  tried: string;
  happened: string;
}

/** The first line of the passage, cut at a word near the limit, as the draft's working title. */
export function workingTitle(text: string, limit: number = SESSION_NOTES_LIMITS.lessonTitle): string {
  const firstLine = text.trim().split('\n')[0].trim().replace(/\s+/g, ' ');
  if (firstLine.length <= limit) return firstLine;
  const cut = firstLine.slice(0, limit - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > limit / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * What a captured passage prefills. A passage of notes or a question is what someone tried or
 * asked about, so it starts "What we tried"; an answer tells what happened elsewhere, so it
 * starts "What happened". Either way the story field ends with where it came from, with a link
 * back to the session, which the writer may keep or remove.
 */
export function lessonPrefill(facts: CaptureFacts): LessonPrefill {
  const text = facts.text.trim();
  const origin = { notes: 'the notes of', question: 'a question asked at', answer: 'an answer given at' }[facts.source];
  const sourceLine = `(From ${origin} the learning session “${facts.sessionTitle}”, ${facts.sessionDate}: ${facts.sessionUrl})`;
  const story = `${text}\n\n${sourceLine}`;
  return facts.source === 'answer'
    ? { title: workingTitle(text), tried: '', happened: story }
    : { title: workingTitle(text), tried: story, happened: '' };
}

/** A reminder the day before an item is due (at 08:00 UTC), or none when that time has passed. */
export function reminderAt(dueOn: string, now: Date): Date | null {
  const due = new Date(`${dueOn}T08:00:00Z`);
  const at = new Date(due.getTime() - 24 * 60 * 60 * 1000);
  return at.getTime() > now.getTime() ? at : null;
}

/** A calendar date ("2026-12-14") that exists. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
