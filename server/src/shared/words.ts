/**
 * Small rules of English used in messages by the server and the web app (`$shared/words`), so
 * that no message says "5 minute(s)" or "a organisation".
 */

/** "1 member", "4 members"; `plural` for irregular words ("1 person", "3 people"). */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "a national network", "an organisation network": the article goes by the first letter's sound. */
export function withArticle(phrase: string): string {
  return `${/^[aeio]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

/** A wait, for "Please wait …": "30 seconds" under a minute, whole minutes (rounded up) from there. */
export function waitOf(seconds: number): string {
  return seconds < 60 ? count(Math.max(1, Math.ceil(seconds)), 'second') : count(Math.ceil(seconds / 60), 'minute');
}
