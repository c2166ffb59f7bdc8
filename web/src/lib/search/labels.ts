import type { SearchHit } from '$lib/api/client';

/** What each kind of result is called on screen (plain words, no jargon). */
export const RESULT_KINDS: Record<SearchHit['type'], string> = {
  lesson: 'Lesson',
  thread: 'Discussion',
  post: 'Reply in a discussion',
  'change-package': 'Change package',
  'change-idea': 'Change idea',
  'learning-session': 'Learning session',
};

export const OUTCOMES: Record<NonNullable<SearchHit['outcome']>, string> = {
  worked: 'Worked',
  partly_worked: 'Partly worked',
  did_not_work: 'Did not work',
  abandoned: 'Abandoned',
};

/** The message to show when search itself is away (503): writing still works. */
export const SEARCH_AWAY = 'Search is not available just now. Everything you write is kept and will be searchable again shortly; please try again in a minute.';
