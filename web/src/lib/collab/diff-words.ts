import type { ContentDiff } from '$lib/api/client';
import { AIM_LABELS } from '$shared/change-package.document';
import { listOfNames } from '$shared/words';

const SECTIONS = [
  { key: 'drivers', one: 'driver', many: 'drivers' },
  { key: 'ideas', one: 'idea', many: 'ideas' },
  { key: 'measures', one: 'measure', many: 'measures' },
] as const;

const PART_NAMES: Record<string, string> = {
  place: 'where it sits',
  description: 'description',
  drivers: 'drivers it hangs under',
  evidence: 'evidence',
  measures: 'measures',
  kind: 'kind',
  definition: 'definition',
  goal: 'goal',
};

/** "‘A’, ‘B’ and ‘C’"; long lists are cut short: "‘A’, ‘B’, ‘C’ and 4 more". */
function quoted(titles: string[]): string {
  const names = titles.map((t) => `‘${t || 'untitled'}’`);
  if (names.length > 4) return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  return listOfNames(names);
}

/**
 * A content diff in plain words, one phrase per kind of change:
 * ["renamed it from ‘A’ to ‘B’", "changed the aim's ‘By when’", "added idea ‘Text reminders’"].
 */
export function describeDiff(diff: ContentDiff): string[] {
  const phrases: string[] = [];
  if (diff.title) {
    phrases.push(diff.title.before ? `renamed it from ‘${diff.title.before}’ to ‘${diff.title.after}’` : `titled it ‘${diff.title.after}’`);
  }
  if (diff.aim.length) phrases.push(`changed the aim’s ${diff.aim.map((a) => `‘${AIM_LABELS[a.field] ?? a.field}’`).join(', ')}`);
  for (const { key, one, many } of SECTIONS) {
    const section = diff[key];
    const noun = (n: number) => (n === 1 ? one : many);
    if (section.added.length) phrases.push(`added ${noun(section.added.length)} ${quoted(section.added.map((i) => i.title))}`);
    if (section.removed.length) phrases.push(`removed ${noun(section.removed.length)} ${quoted(section.removed.map((i) => i.title))}`);
    for (const item of section.changed) {
      const renamed = item.before !== undefined && item.before !== item.title;
      const parts = (item.parts ?? []).filter((part) => part !== 'title' && part !== 'name').map((part) => PART_NAMES[part] ?? part);
      if (renamed) phrases.push(`renamed ${one} ‘${item.before || 'untitled'}’ to ‘${item.title || 'untitled'}’`);
      if (parts.length || !renamed) phrases.push(`changed ${one} ‘${item.title || 'untitled'}’${parts.length ? ` (${parts.join(', ')})` : ''}`);
    }
  }
  return phrases;
}

/** "Ada and Ben changed the aim’s ‘By when’; added idea ‘Text reminders’." */
export function sentence(names: string[], diff: ContentDiff): string {
  const phrases = describeDiff(diff);
  const who = names.length === 0 ? 'Someone' : listOfNames(names);
  if (phrases.length === 0) return `${who} made edits that left the content as it was.`;
  return `${who} ${phrases.join('; ')}.`;
}
