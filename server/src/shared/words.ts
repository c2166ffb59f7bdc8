/**
 * Small rules of English used in messages by the server and the web app (`$shared/words`), so
 * that no message says "5 minute(s)" or "a organisation".
 */

/** "1 member", "4 members"; `plural` for irregular words ("1 person", "3 people"). */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "Ada", "Ada and Ben", "Ada, Ben and Chloe". */
export function listOfNames(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/** "a national network", "an organisation network": the article goes by the first letter's sound. */
export function withArticle(phrase: string): string {
  return `${/^[aeio]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}
