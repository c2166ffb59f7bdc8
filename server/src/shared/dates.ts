/**
 * How dates and times read everywhere (`$shared/dates`): on pages, and in names the server gives
 * things, such as the version kept before a restore, so that a name and the list it sits in say
 * the same date the same way. One locale, the one the app is written in.
 */
export const LOCALE = 'en-GB';

const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });

/** "30 Nov 2026, 14:59". */
export function formatDateTime(when: string | Date): string {
  return dateTimeFormat.format(new Date(when));
}
