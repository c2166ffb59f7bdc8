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

/** The page a result opens, without the part that picks a reply or a heading on it. */
function placeOf(url: string): string {
  return url.replace(/[?#].*$/, '');
}

/**
 * The first `max` results that open different pages: a discussion and its replies all open the
 * same page, so after the best of them the rest are left out (the header's short list would
 * otherwise show one discussion's title many times over and push lessons out of sight).
 */
export function onePerPlace<Hit extends { url: string }>(hits: readonly Hit[], max: number): Hit[] {
  const seen = new Set<string>();
  const kept: Hit[] = [];
  for (const hit of hits) {
    const place = placeOf(hit.url);
    if (seen.has(place)) continue;
    seen.add(place);
    kept.push(hit);
    if (kept.length === max) break;
  }
  return kept;
}
