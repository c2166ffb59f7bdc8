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

/** A wait, for "Please wait …": "30 seconds" under a minute, whole minutes (rounded up) from there. */
export function waitOf(seconds: number): string {
  return seconds < 60 ? count(Math.max(1, Math.ceil(seconds)), 'second') : count(Math.ceil(seconds / 60), 'minute');
}

/**
 * A message about one field, in the words of the form that shows it: the server starts each such
 * message with the field's name ("displayName must be…"), and people see the field's label there
 * instead ("Your name must be…"). When the sentence goes on to name the thing again
 * ("currentPassword is not your current password"), the label would say it twice, so it says
 * "That" instead: "That is not your current password."
 */
export function inLabelWords(message: string, field: string, label: string): string {
  if (!message.startsWith(field)) return message;
  const rest = message.slice(field.length);
  return namesItAgain(rest, label) ? `That${rest}` : `${label}${rest}`;
}

/** Whether `rest` (" is not your current password.") says what the value is, naming the label's noun ("password") again in its first clause. */
function namesItAgain(rest: string, label: string): boolean {
  const noun = /([a-z]{3,})$/i.exec(label)?.[1];
  if (!noun || !rest.startsWith(' is ')) return false;
  const firstClause = rest.split(/[.,:;]/, 1)[0];
  return new RegExp(`\\b${noun}s?\\b`, 'i').test(firstClause);
}
