/**
 * What the demo's first learning session produced (invented for the demo): its notes, a breakout
 * group's notes, questions (one asked anonymously) with the coach's answers, a closed poll,
 * who came from which team, the published summary, and the action items teams took away.
 * Minutes are from the session's start.
 */

export interface DemoHarvest {
  notes: string[];
  breakouts: { name: string; members: string[]; notes: string[] }[];
  attendance: { person: string; joined: number; left: number }[];
  questions: { author: string; anonymous: boolean; text: string; answeredInRoom: boolean; votes: string[]; answer: string }[];
  poll: { question: string; options: string[]; votes: [person: string, choice: number][] };
  summary: { introduction: string; keyPoints: string[] };
  thread: { author: string; title: string; body: string };
  actionItems: { team: string; title: string; dueInDays: number; done?: string }[];
}

export const DEMO_HARVEST: DemoHarvest = {
  notes: [
    'Every team screens with the PHQ-9 and the GAD-7, but at different moments: at registration, at a long-term condition review, or only when someone mentions low mood.',
    'Riverside screens everyone at their annual review and finds about one in eight scores 10 or more on the PHQ-9.',
    'Harbourview has no time in the appointment; reception hands out the questionnaire in the waiting room instead.',
    'Shared measures agreed: the share of adults screened in the month, and the share of those with a positive screen followed up within four weeks.',
    'The first tests of change are small: one clinician, one week, then look at what happened.',
  ],
  breakouts: [
    {
      name: 'Group 1',
      members: ['grace', 'daniel'],
      notes: [
        'Riverside and Harbourview compared scripts for the follow-up call.',
        'Idea to test: book the follow-up call before the person leaves the room, not afterwards.',
      ],
    },
    {
      name: 'Group 2',
      members: ['li', 'aroha', 'sam'],
      notes: ['Sam asked that the first call is from someone the person has met. The pharmacists will try it with the medication review.'],
    },
  ],
  attendance: [
    { person: 'tomas', joined: 0, left: 120 },
    { person: 'nadia', joined: 0, left: 115 },
    { person: 'priya', joined: 5, left: 120 },
    { person: 'grace', joined: 2, left: 118 },
    { person: 'daniel', joined: 4, left: 120 },
    { person: 'li', joined: 10, left: 95 },
    { person: 'aroha', joined: 3, left: 120 },
    { person: 'sam', joined: 1, left: 110 },
  ],
  questions: [
    {
      author: 'daniel',
      anonymous: false,
      text: 'Do we count a screen done by a pharmacist in our practice numbers?',
      answeredInRoom: true,
      votes: ['grace', 'li', 'aroha'],
      answer: 'Yes: the measure counts people screened, whoever screened them. Record it in the practice system so that it is counted once.',
    },
    {
      author: 'grace',
      anonymous: true,
      text: 'What should we do when someone scores high but does not want to talk about it?',
      answeredInRoom: true,
      votes: ['daniel', 'sam', 'li', 'aroha'],
      answer: 'Respect it, give the crisis line and the self-referral details, and offer a call in two weeks. Dr Raman will share the wording Riverside uses.',
    },
    {
      author: 'aroha',
      anonymous: false,
      text: 'Can the outreach team use the short PHQ-2 first?',
      answeredInRoom: false,
      votes: ['sam'],
      answer: '',
    },
  ],
  poll: {
    question: 'Which test of change will your team try first?',
    options: ['Screen at every long-term condition review', 'Book the follow-up call before the person leaves', 'Text a reminder for the follow-up call'],
    votes: [
      ['grace', 1],
      ['daniel', 1],
      ['li', 0],
      ['aroha', 2],
      ['sam', 1],
    ],
  },
  summary: {
    introduction:
      'Our first learning session brought the four teams together to compare how they screen for depression and anxiety, agree what we all measure, and choose a first small test of change.',
    keyPoints: [
      'We all use the PHQ-9 and GAD-7; when we screen differs by team.',
      'Two shared measures: adults screened each month, and positive screens followed up within four weeks.',
      'Start small: one clinician, one week, then look at what happened.',
    ],
  },
  thread: {
    author: 'tomas',
    title: 'Follow-up: Learning session 1',
    body: 'Thank you all for coming. The summary is on the session page. How are your first tests of change going? Post a line when you have tried yours.',
  },
  actionItems: [
    { team: 'Riverside care team', title: 'Book the follow-up call before the person leaves, for one week with one clinician', dueInDays: -21, done: 'Done with Dr Mwangi for a week: 9 of 11 people booked before leaving, and 8 took the call.' },
    { team: 'Harbourview care team', title: 'Try the questionnaire at reception for two weeks and count how many come back', dueInDays: -14 },
    { team: 'Northern pharmacists', title: 'Offer the PHQ-2 at medication reviews and note who screens positive', dueInDays: 5 },
    { team: 'Coastal outreach team', title: 'Ask five people what a good first follow-up call would sound like', dueInDays: 7 },
  ],
};
