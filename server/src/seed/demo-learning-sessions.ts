/**
 * The national network's learning sessions in the demo: the first one, held five weeks ago, and
 * the next one, coming up with its agenda and who is going. Invented for the demo.
 */

export interface DemoLearningSession {
  /** Remembered under this key (`learning-session:<key>`), for seeders that add to it (the harvest). */
  key: string;
  network: string;
  title: string;
  description: string;
  /** Days from the day the demo is created, and the local start time in `timeZone`. */
  daysFromNow: number;
  localStart: { hour: number; minute: number };
  minutes: number;
  timeZone: string;
  meetingUrl: string | null;
  capacity: number | null;
  status: 'scheduled' | 'ended';
  scheduledBy: string;
  agenda: { title: string; minutes: number; presenter?: string }[];
  going: string[];
  notGoing: string[];
}

export const DEMO_LEARNING_SESSIONS: DemoLearningSession[] = [
  {
    key: 'first',
    network: 'national',
    title: 'Learning session 1: finding the people who need help',
    description:
      'Our first learning session. Each team says how it screens for depression and anxiety today, we agree the measures ' +
      'we will all report, and we plan the first tests of change for the action period.',
    daysFromNow: -35,
    localStart: { hour: 14, minute: 0 },
    minutes: 120,
    timeZone: 'Europe/London',
    meetingUrl: 'https://meet.example.org/mhpc-learning-session-1',
    capacity: null,
    status: 'ended',
    scheduledBy: 'tomas',
    agenda: [
      { title: 'Welcome and why we are here', minutes: 10, presenter: 'Nadia Okafor' },
      { title: 'How each team screens today', minutes: 40 },
      { title: 'Agreeing our shared measures', minutes: 30, presenter: 'Dr Priya Raman' },
      { title: 'Planning the first tests of change', minutes: 30 },
      { title: 'What we will bring next time', minutes: 10, presenter: 'Tomás Lindqvist' },
    ],
    going: ['nadia', 'tomas', 'priya', 'grace', 'daniel', 'li', 'aroha', 'sam'],
    notGoing: [],
  },
  {
    key: 'next',
    network: 'national',
    title: 'Learning session 2: following people up',
    description:
      'Teams report back on the action period: what they tested to follow people up within four weeks, what worked and ' +
      'what did not. Bring one run chart and one thing that fell over.',
    daysFromNow: 9,
    localStart: { hour: 14, minute: 0 },
    minutes: 90,
    timeZone: 'Europe/London',
    meetingUrl: 'https://meet.example.org/mhpc-learning-session-2',
    capacity: 60,
    status: 'scheduled',
    scheduledBy: 'tomas',
    agenda: [
      { title: 'Welcome back', minutes: 5, presenter: 'Tomás Lindqvist' },
      { title: 'Team reports: follow-up within four weeks', minutes: 40 },
      { title: 'What fell over, and what we learned from it', minutes: 20, presenter: 'Grace Mwangi' },
      { title: 'Patient partners: what follow-up feels like', minutes: 15, presenter: 'Sam Taylor' },
      { title: 'Plans for the next action period', minutes: 10 },
    ],
    going: ['tomas', 'priya', 'grace', 'daniel', 'li', 'sam'],
    notGoing: ['aroha'],
  },
];
