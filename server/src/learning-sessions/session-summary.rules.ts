import type { AgendaItem } from './learning-session.rules';

/** The parts of a summary, in the order the page and the Markdown show them; a coach may leave any out. */
export const SUMMARY_SECTIONS = ['agenda', 'notes', 'breakouts', 'questions', 'polls', 'attendance'] as const;
export type SummarySection = (typeof SUMMARY_SECTIONS)[number];

export const SUMMARY_LIMITS = { introduction: 5000, keyPoints: 20, keyPoint: 300, answers: 200, answer: 2000 } as const;

/**
 * What a session produced, as assembled from the room's rows and the notes documents. No
 * anonymous asker's name is ever in it (only the label the room showed), and no voter of any
 * poll: polls carry counts and how many voted.
 */
export interface AssembledSummary {
  agenda: AgendaItem[];
  /** The session's notes as Markdown (empty when none were taken). */
  notes: string;
  breakouts: { groupId: string; name: string; notes: string }[];
  questions: { id: string; text: string; askedBy: string; anonymous: boolean; votes: number; answeredInRoom: boolean; answer?: string | null }[];
  /** counts is null when the results were never known to hosts (an anonymous poll still open). */
  polls: { id: string; question: string; options: string[]; multiple: boolean; anonymous: boolean; counts: number[] | null; voters: number }[];
  attendance: { total: number; minutes: number; byTeam: { teamName: string | null; people: number; minutes: number }[] };
}

/** The coach's own words and choices, kept apart from what was assembled. */
export interface SummaryEdits {
  introduction: string;
  keyPoints: string[];
  /** A written answer per question id; an empty one takes the room's answer out. */
  answers: Record<string, string>;
  hiddenSections: SummarySection[];
}

export interface SummaryHeading {
  title: string;
  /** The session's date and time, already written out in its time zone. */
  when: string;
}

/** Characters that would start Markdown syntax are escaped in text that was typed as plain text. */
const escape = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\n+/g, ' ');

export const NO_TEAM = 'No team';

/** The answer a question shows: the coach's, which wins, else the one the hosts wrote in the room. */
export function answerOf(question: Pick<AssembledSummary['questions'][number], 'id' | 'answer'>, edits: Pick<SummaryEdits, 'answers'>): string {
  return (edits.answers[question.id] ?? question.answer ?? '').trim();
}

export function shownSections(edits: Pick<SummaryEdits, 'hiddenSections'>): SummarySection[] {
  return SUMMARY_SECTIONS.filter((section) => !edits.hiddenSections.includes(section));
}

/** The summary as Markdown: the coach's introduction and key points, then every section not left out. */
export function summaryMarkdown(heading: SummaryHeading, summary: AssembledSummary, edits: SummaryEdits): string {
  const parts: string[] = [`# ${escape(heading.title)}`, `_${heading.when}_`];
  if (edits.introduction.trim()) parts.push(edits.introduction.trim());
  if (edits.keyPoints.length > 0) parts.push('## Key points', edits.keyPoints.map((point) => `- ${escape(point)}`).join('\n'));
  for (const section of shownSections(edits)) {
    if (section === 'agenda' && summary.agenda.length > 0) {
      parts.push('## Agenda', summary.agenda.map((item, index) => `${index + 1}. ${escape(item.title)} (${item.minutes} min${item.presenter ? `, ${escape(item.presenter)}` : ''})`).join('\n'));
    }
    if (section === 'notes') parts.push('## Notes', summary.notes || '_No notes were taken._');
    if (section === 'breakouts' && summary.breakouts.length > 0) {
      parts.push('## Breakout groups');
      for (const group of summary.breakouts) parts.push(`### ${escape(group.name)}`, group.notes || '_This group took no notes._');
    }
    if (section === 'questions' && summary.questions.length > 0) {
      parts.push('## Questions');
      for (const question of summary.questions) {
        const answer = answerOf(question, edits);
        const votes = question.votes === 1 ? '1 vote' : `${question.votes} votes`;
        parts.push(
          `**${escape(question.text)}**  \n_Asked by ${escape(question.askedBy)}; ${votes}${question.answeredInRoom ? '; answered in the session' : ''}_` +
            (answer ? `\n\n> ${answer.split('\n').join('\n> ')}` : ''),
        );
      }
    }
    if (section === 'polls' && summary.polls.length > 0) {
      parts.push('## Polls');
      for (const poll of summary.polls) {
        const voters = poll.voters === 1 ? '1 person voted' : `${poll.voters} people voted`;
        const lines = poll.counts ? poll.options.map((option, index) => `- ${escape(option)}: ${poll.counts![index] ?? 0}`) : ['- Results were not recorded.'];
        parts.push(`**${escape(poll.question)}**  \n_${voters}${poll.anonymous ? '; anonymous' : ''}${poll.multiple ? '; more than one choice allowed' : ''}_\n\n${lines.join('\n')}`);
      }
    }
    if (section === 'attendance') {
      const teams = summary.attendance.byTeam.map((team) => `| ${escape(team.teamName ?? NO_TEAM)} | ${team.people} | ${team.minutes} |`);
      parts.push(
        '## Attendance',
        summary.attendance.total === 0
          ? '_Nobody joined the live room._'
          : [`${summary.attendance.total} ${summary.attendance.total === 1 ? 'person' : 'people'} took part.`, '', '| Team | People | Minutes in the room |', '|---|---|---|', ...teams].join('\n'),
      );
    }
  }
  return parts.join('\n\n') + '\n';
}

/** The words of a published summary for the search index: what a member would look for, no names of askers or voters. */
export function summarySearchText(summary: AssembledSummary, edits: SummaryEdits): string {
  const shown = new Set(shownSections(edits));
  const words: string[] = [edits.introduction, ...edits.keyPoints];
  if (shown.has('notes')) words.push(summary.notes);
  if (shown.has('breakouts')) for (const group of summary.breakouts) words.push(group.name, group.notes);
  if (shown.has('questions')) for (const question of summary.questions) words.push(question.text, answerOf(question, edits));
  if (shown.has('polls')) for (const poll of summary.polls) words.push(poll.question, ...poll.options);
  return words.filter(Boolean).join('\n');
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, a tab or a return first) is written with
 * a leading apostrophe: an export opened in Excel must never compute what a participant typed.
 */
export function spreadsheetSafe(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Sums attendance by team: people and minutes in the room. */
export function attendanceByTeam(people: readonly { teamName: string | null; minutesPresent: number }[]): AssembledSummary['attendance'] {
  const teams = new Map<string | null, { people: number; minutes: number }>();
  for (const person of people) {
    const team = teams.get(person.teamName) ?? { people: 0, minutes: 0 };
    team.people += 1;
    team.minutes += person.minutesPresent;
    teams.set(person.teamName, team);
  }
  return {
    total: people.length,
    minutes: people.reduce((sum, person) => sum + person.minutesPresent, 0),
    byTeam: [...teams]
      .map(([teamName, team]) => ({ teamName, ...team }))
      // Teams by name, people without a team last.
      .sort((a, b) => (a.teamName === null ? 1 : b.teamName === null ? -1 : a.teamName.localeCompare(b.teamName))),
  };
}
