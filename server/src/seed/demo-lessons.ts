import type { BarrierKind, Outcome } from '../knowledge/lesson.rules';

/**
 * The demo's lessons: every outcome, from several teams, and more failures than successes,
 * because a knowledge base of successes only teaches little. Invented for the demo.
 */
export interface DemoLesson {
  key: string;
  network: string;
  author: string;
  anonymous?: boolean;
  title: string;
  setting: string;
  population?: string;
  tried: string;
  happened: string;
  outcome: Outcome;
  why: string;
  barriers?: { description: string; kind: BarrierKind }[];
  tags: string[];
  /** Change ideas of the national package, by title. */
  ideas?: string[];
  daysAgo: number;
}

export const DEMO_LESSONS: DemoLesson[] = [
  {
    key: 'seven-day-calls',
    network: 'national',
    author: 'grace',
    title: 'Seven-day calls after a positive screen: most people answered the second call',
    setting: 'General practice',
    population: 'Adults with a PHQ-9 of 10 or more',
    tried: 'The care coordinator called every patient within seven days of a positive screen, using a short script, and booked a follow-up there and then.',
    happened: 'Over eight weeks, 41 of 52 patients were reached within seven days (79%, up from about 30%). Most answered only the second call, made at a different time of day.',
    outcome: 'worked',
    why: 'Calling twice at different times mattered more than the script. Tell a team about to try this: block the calling time in the diary, or it will not happen.',
    barriers: [{ description: 'Calling time was taken by reception cover in the first fortnight.', kind: 'local' }],
    tags: ['follow-up', 'phone'],
    ideas: ['Call every patient within seven days of a positive screen'],
    daysAgo: 30,
  },
  {
    key: 'registry-spreadsheet',
    network: 'national',
    author: 'li',
    title: 'A separate registry spreadsheet fell out of date within a month',
    setting: 'Community pharmacy',
    tried: 'We kept the depression registry in a shared spreadsheet that pharmacists updated after each medication review.',
    happened: 'By week four a third of the rows were out of date, and nobody trusted the list enough to use it in the weekly review. We stopped after six weeks.',
    outcome: 'abandoned',
    why: 'Re-typing data is the first thing dropped on a busy day. Pull data from the record, or make updating it part of a step people already do.',
    barriers: [
      { description: 'The pharmacy system cannot export a list of patients on antidepressants.', kind: 'systemic' },
      { description: 'No protected time for updating the list.', kind: 'local' },
    ],
    tags: ['registry', 'data-quality'],
    ideas: ['Pull registry data from the record instead of keeping a separate spreadsheet'],
    daysAgo: 24,
  },
  {
    key: 'phq2-annual-review',
    network: 'national',
    author: 'daniel',
    anonymous: true,
    title: 'PHQ-2 at annual reviews: screening went up, but nobody followed the positives',
    setting: 'General practice',
    population: 'Adults at their annual chronic-disease review',
    tried: 'Nurses asked the PHQ-2 at every annual review and handed a PHQ-9 to anyone who scored 3 or more.',
    happened: 'Screening rose from 12% to 64% of reviews, but only 5 of 23 positive screens had any follow-up within a month. The extra screening found people we then left waiting.',
    outcome: 'did_not_work',
    why: 'We started screening before we had a way to follow up. Tell a team about to try this: set up the follow-up first, then switch screening on.',
    barriers: [{ description: 'No clinician had time set aside to see people who screened positive.', kind: 'local' }],
    tags: ['screening', 'phq-9'],
    ideas: ['Screen with the PHQ-2 at every annual review, and the PHQ-9 when it is positive'],
    daysAgo: 18,
  },
  {
    key: 'psychiatrist-review',
    network: 'national',
    author: 'aroha',
    title: 'Fortnightly case review by video with a consulting psychiatrist',
    setting: 'Community mental health',
    population: 'Rural patients not improving after ten weeks',
    tried: 'A consulting psychiatrist joined a one-hour video call every fortnight to review up to eight patients from the registry.',
    happened: 'Half of the reviewed patients had their treatment changed; the call was cancelled three times out of ten because the video link failed.',
    outcome: 'partly_worked',
    why: 'The reviews changed treatment, but rural broadband was not reliable enough. A telephone fallback would have saved the cancelled sessions.',
    barriers: [{ description: 'Rural broadband too unreliable for video consultations.', kind: 'systemic' }],
    tags: ['case-review', 'rural', 'telehealth'],
    ideas: ['Fortnightly case review with a consulting psychiatrist'],
    daysAgo: 12,
  },
  {
    key: 'step-up-ten-weeks',
    network: 'national',
    author: 'grace',
    title: 'Stepping up treatment at ten weeks stalled on prescribing appointments',
    setting: 'General practice',
    tried: 'The registry flagged anyone whose PHQ-9 had not halved after ten weeks, and the care coordinator booked them with a GP to review treatment.',
    happened: 'Flags worked, but the wait for a GP appointment was three to five weeks, so most steps-up came at fourteen weeks or later.',
    outcome: 'did_not_work',
    why: 'The bottleneck was appointments, not spotting people. Next we will try a weekly slot reserved for registry reviews.',
    barriers: [{ description: 'No reserved GP appointments for treatment review.', kind: 'local' }],
    tags: ['stepped-care'],
    ideas: ['Step up treatment when the score has not fallen by half in ten weeks'],
    daysAgo: 6,
  },
  {
    key: 'weekly-registry-review',
    network: 'northern',
    author: 'grace',
    title: 'A weekly registry huddle: ten minutes, standing, every Tuesday',
    setting: 'General practice',
    tried: 'The care team reviewed the top ten registry patients by time since last contact in a ten-minute standing huddle.',
    happened: 'Patients lost to follow-up fell from 18 to 6 in two months.',
    outcome: 'worked',
    why: 'Short and fixed beats long and occasional. Keep the list short enough to finish.',
    barriers: [
      {
        description: 'Care coordinators are not allowed to order a repeat PHQ-9 without a GP signing it, under the regional prescribing and testing rules.',
        kind: 'systemic',
      },
    ],
    tags: ['registry', 'huddle'],
    ideas: ['Review the registry every week as a team'],
    daysAgo: 3,
  },
];
