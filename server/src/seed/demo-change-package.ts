import type { ChangePackageContent } from '../shared/change-package.document';

/**
 * The national network's change package: depression care in primary care, in the shape a
 * collaborative would agree at its first learning session. Invented for the demo.
 */
export const DEMO_CHANGE_PACKAGE: ChangePackageContent = {
  title: 'Depression care in primary care',
  aim: {
    what: 'Adults with depression get better: at least a 50% drop in their PHQ-9 score',
    howMuch: 'From about 1 in 5 today to 1 in 2',
    byWhen: 'Within 24 months of joining the network',
    forWhom: 'Adults aged 18 and over with a positive depression screen in member practices',
  },
  drivers: [
    {
      key: 'registry',
      title: 'Every patient with depression is known and tracked',
      secondary: [
        { key: 'registry-list', title: 'A registry of patients in active treatment, reviewed every week' },
        { key: 'registry-data', title: 'Record data that can be trusted and pulled without re-typing' },
      ],
    },
    {
      key: 'screening',
      title: 'Depression is found early and followed up reliably',
      secondary: [
        { key: 'screening-routine', title: 'Routine screening at agreed visits' },
        { key: 'screening-contact', title: 'Proactive contact after a positive screen' },
      ],
    },
    {
      key: 'stepped',
      title: 'Treatment is adjusted until the patient is better',
      secondary: [
        { key: 'stepped-review', title: 'Scheduled review of patients who are not improving' },
        { key: 'stepped-options', title: 'A clear menu of next steps the patient chooses from' },
      ],
    },
    {
      key: 'collaboration',
      title: 'Primary care and mental-health clinicians work as one team',
      secondary: [{ key: 'collaboration-review', title: 'Regular case review with a consulting psychiatrist' }],
    },
  ],
  measures: [
    {
      key: 'remission',
      name: 'Response at six months',
      kind: 'outcome',
      definition: 'Of patients on the registry for six months, the share whose PHQ-9 has fallen by at least half.',
      goal: '50%',
    },
    {
      key: 'follow-up',
      name: 'Follow-up within four weeks',
      kind: 'process',
      definition: 'Of patients with a positive screen, the share with a repeat PHQ-9 within 28 days.',
      goal: '80%',
    },
    {
      key: 'registry-coverage',
      name: 'Registry coverage',
      kind: 'process',
      definition: 'Patients on the registry divided by patients with a depression diagnosis in the last year.',
      goal: '90%',
    },
    {
      key: 'workload',
      name: 'Care manager caseload',
      kind: 'balancing',
      definition: 'Active patients per full-time care manager, to see whether the work is sustainable.',
      goal: 'Under 80',
    },
  ],
  ideas: [
    {
      title: 'Call every patient within seven days of a positive screen',
      driverKeys: ['screening-contact', 'registry-list'],
      measureKeys: ['follow-up'],
      paragraphs: [
        'The care manager phones each patient whose PHQ-9 is 10 or more within a week, checks how they are, and books the next contact.',
        'Two practices found that a short script helped staff who were new to the calls; one found that texting first made people more likely to answer.',
      ],
      evidence: [{ label: 'Collaborative care for depression (Cochrane review)', url: 'https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD006525.pub2/full' }],
    },
    {
      title: 'Review the registry every week as a team',
      driverKeys: ['registry-list', 'stepped-review'],
      measureKeys: ['registry-coverage', 'remission'],
      paragraphs: [
        'A 30-minute weekly huddle goes through patients who are overdue a contact or whose score is not falling, and agrees who does what.',
      ],
    },
    {
      title: 'Screen with the PHQ-2 at every annual review, and the PHQ-9 when it is positive',
      driverKeys: ['screening-routine'],
      measureKeys: ['follow-up'],
      paragraphs: ['Reception hands out the two questions with the check-in form; a positive answer flags the record for the clinician.'],
    },
    {
      title: 'Step up treatment when the score has not fallen by half in ten weeks',
      driverKeys: ['stepped-review', 'stepped-options'],
      measureKeys: ['remission'],
      paragraphs: [
        'At ten weeks the care manager and the patient choose a next step together: a different medicine or dose, talking therapy, or a referral.',
      ],
    },
    {
      title: 'Fortnightly case review with a consulting psychiatrist',
      driverKeys: ['collaboration-review', 'stepped-review'],
      measureKeys: ['remission', 'workload'],
      paragraphs: [
        'The psychiatrist reviews the registry remotely with the care manager and advises the GP, without needing to see the patient in person.',
      ],
    },
    {
      title: 'Pull registry data from the record instead of keeping a separate spreadsheet',
      driverKeys: ['registry-data'],
      measureKeys: ['registry-coverage', 'workload'],
      paragraphs: [
        'A saved search in the practice record system lists patients with a diagnosis code and their latest PHQ-9, so the list is never out of date.',
      ],
    },
  ],
};
