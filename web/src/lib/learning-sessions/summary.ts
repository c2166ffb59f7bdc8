import type { components } from '$lib/api/schema';

export type SessionSummary = components['schemas']['SessionSummaryDto'];
export type SummarySection = SessionSummary['hiddenSections'][number];

/** The sections in the order the page shows them (session-summary.rules.ts). */
export const SUMMARY_SECTIONS: readonly SummarySection[] = ['agenda', 'notes', 'breakouts', 'questions', 'polls', 'attendance'];

export const SECTION_WORDS: Record<SummarySection, string> = {
  agenda: 'Agenda',
  notes: 'Notes',
  breakouts: 'Breakout groups',
  questions: 'Questions',
  polls: 'Polls',
  attendance: 'Attendance by team',
};
