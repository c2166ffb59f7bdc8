import type { Reaction } from '../discussions/discussion.rules';
import { DEMO_CHANGE_PACKAGE } from './demo-change-package';

/**
 * The conversations of the national network a new user finds: what a depression-care
 * collaborative talks about in its first weeks. Invented for the demo, like the people.
 */

export interface DemoPost {
  key: string;
  /** A person's key in DEMO_PEOPLE. */
  author: string;
  /** Posted so that peers see "a member of <their team>" instead of their name. */
  anonymous?: boolean;
  /** The key of the top-level post this one answers (one level of nesting, as in the product). */
  replyTo?: string;
  /** Quote-reply: one paragraph (from 0) of an earlier post, quoted the way the composer does. */
  quote?: { post: string; paragraph: number };
  /** How long before the seed it was written; a thread's posts go from the longest ago to the most recent. */
  minutesAgo: number;
  /** Markdown. `@{person}` becomes a mention of that person, written the way the composer writes one. */
  body: string;
  reactions?: [person: string, reaction: Reaction][];
}

export interface DemoThread {
  key: string;
  /** A network's key in DEMO_NETWORKS. */
  network: string;
  title: string;
  tags?: string[];
  /** The title of an idea of DEMO_CHANGE_PACKAGE that the thread is about. */
  aboutIdea?: string;
  /** Pinned by its author (a coach) right after starting it. */
  pinned?: boolean;
  /** Locked by its author (a moderator) after its last post. */
  locked?: boolean;
  /** The first is the opening post. */
  posts: DemoPost[];
  /**
   * How far people other than the authors have read: a post's key, or 'all'. Authors have read up
   * to their own latest post; nobody else has read anything.
   */
  read?: Record<string, string>;
  /** Reports waiting in the moderators' queue. */
  reports?: { post: string; by: string; reason: string }[];
}

const HOUR = 60;
const DAY = 24 * HOUR;

const [, , SCREENING_IDEA, , , REGISTRY_SEARCH] = (DEMO_CHANGE_PACKAGE.ideas ?? []).map((idea) => idea.title);

export const DEMO_THREADS: DemoThread[] = [
  {
    key: 'welcome',
    network: 'national',
    title: 'Welcome: how we use these discussions',
    tags: ['welcome'],
    pinned: true,
    posts: [
      {
        key: 'welcome',
        author: 'tomas',
        minutesAgo: 12 * DAY,
        body: [
          'Welcome, everyone, and thank you for joining the network.',
          'This is the place to ask each other questions between learning sessions, to say what you are testing, and to share what happened — especially when it did not go to plan. A test that fell over teaches the rest of us as much as one that worked.',
          'A few things that help:',
          [
            "- **Start a new thread for a new question.** If it is about one of the change ideas, link it to the idea, so that it shows beside the idea in the change package.",
            '- **Describe the process, never the patient.** No names, and no mix of details (age, job, village) that someone could recognise.',
            '- **You can post without your name** when that makes it easier to be honest. Others see "a member of" your team instead. The network\'s admins can see who wrote a post if a moderation problem ever needs it, and each time they do it is recorded.',
            "- **Priya and I read everything here.** If you are stuck, mention one of us and we will get back to you within a couple of working days.",
          ].join('\n'),
          'Until the next learning session, the measure to watch is follow-up within four weeks: how many people with a positive screen have a repeat PHQ-9 within 28 days.',
          'Tomás',
        ].join('\n\n'),
        reactions: [
          ['nadia', 'heart'],
          ['grace', 'thumbs_up'],
          ['daniel', 'thumbs_up'],
          ['aroha', 'thumbs_up'],
        ],
      },
      {
        key: 'sam-hello',
        author: 'sam',
        minutesAgo: 11 * DAY,
        body:
          "Hello, I'm Sam, one of the patient partners. I was treated for depression at my own practice a few years ago, and I'm here to say how things feel from the other end of the phone.\n\n" +
          'Please ask me anything. There are no silly questions.',
        reactions: [
          ['grace', 'heart'],
          ['tomas', 'heart'],
          ['aroha', 'heart'],
          ['daniel', 'clap'],
        ],
      },
      {
        key: 'tomas-to-sam',
        author: 'tomas',
        replyTo: 'sam-hello',
        minutesAgo: 11 * DAY - 2 * HOUR,
        body: 'Thank you, Sam. What makes a follow-up call feel helpful, rather than like someone ticking a box, is exactly what we need to hear.',
        reactions: [['sam', 'thumbs_up']],
      },
      {
        key: 'li-hello',
        author: 'li',
        minutesAgo: 10 * DAY,
        body: "Hello all. I'm Li, a clinical pharmacist with the Northern pharmacists. I'm mostly here for the registry and medication review side, and happy to help anyone set up searches in their record system.",
        reactions: [['grace', 'thumbs_up']],
      },
    ],
    read: { nadia: 'all', tomas: 'all', priya: 'all', grace: 'all', daniel: 'all', li: 'all', aroha: 'all', sam: 'all' },
  },
  {
    key: 'session-questions',
    network: 'national',
    title: 'Questions for the first learning session panel',
    tags: ['learning-session'],
    locked: true,
    posts: [
      {
        key: 'ask',
        author: 'nadia',
        minutesAgo: 20 * DAY,
        body:
          "Our first learning session is on Thursday afternoon. Dr Priya Raman and Tomás Lindqvist are on the panel, and we'll start with the questions that have the most thumbs up.\n\n" +
          'Please put **one question in each reply**, so that people can react to each one.',
      },
      {
        key: 'grace-question',
        author: 'grace',
        minutesAgo: 19 * DAY,
        body: 'How do other practices decide when someone is well enough to come off the registry?',
        reactions: [
          ['daniel', 'thumbs_up'],
          ['li', 'thumbs_up'],
          ['aroha', 'thumbs_up'],
        ],
      },
      {
        key: 'aroha-question',
        author: 'aroha',
        minutesAgo: 19 * DAY - 5 * HOUR,
        body: 'What can we offer while people wait? Our nearest talking-therapy service has a wait of about six months.',
        reactions: [
          ['grace', 'thumbs_up'],
          ['daniel', 'thumbs_up'],
          ['li', 'thumbs_up'],
          ['sam', 'thumbs_up'],
        ],
      },
      {
        key: 'sam-question',
        author: 'sam',
        minutesAgo: 18 * DAY,
        body: "How can patient partners help with a practice's own tests, not only at the learning sessions?",
        reactions: [
          ['grace', 'thumbs_up'],
          ['tomas', 'thumbs_up'],
          ['nadia', 'heart'],
        ],
      },
      {
        key: 'closing',
        author: 'nadia',
        minutesAgo: 16 * DAY,
        body:
          'Thank you all: we got through every question. The notes from the session went round by e-mail on Friday.\n\n' +
          "I'm locking this thread now, so that questions for the next session start in a new one.",
        reactions: [['tomas', 'thumbs_up']],
      },
    ],
    read: { tomas: 'all', priya: 'all', grace: 'all', daniel: 'all', li: 'all', aroha: 'all', sam: 'all' },
  },
  {
    key: 'check-in-screening',
    network: 'national',
    title: 'Our screening-at-check-in test did not work',
    tags: ['pdsa', 'screening'],
    aboutIdea: SCREENING_IDEA,
    posts: [
      {
        key: 'failed-test',
        author: 'aroha',
        anonymous: true,
        minutesAgo: 6 * DAY,
        body: [
          "I'm posting this without my name because I feel a bit foolish about it, but others should know before they try the same thing.",
          '**What we tried:** for two weeks, reception handed the two PHQ-2 questions to every adult along with the check-in form at our main clinic.',
          '**What we predicted:** about 60 people screened a week, and 8 to 10 who needed a PHQ-9.',
          '**What happened:** about half the forms came back blank. Our waiting room is small and everyone knows everyone, and several people said they did not want to answer questions about their mood where their neighbours could see. One person was upset enough to complain. Of the positive screens we did find, we followed up only a third within the week, because nobody had been named to make the calls.',
          "**What we're doing next:** we have stopped. Next we'll ask the two questions out loud in the consulting room at the annual review, and only once someone is named to make the calls.",
          "If anyone has made check-in screening work in a small rural clinic, I'd love to hear how.",
        ].join('\n\n'),
        reactions: [
          ['grace', 'heart'],
          ['sam', 'heart'],
          ['li', 'heart'],
          ['daniel', 'clap'],
        ],
      },
      {
        key: 'coach-thanks',
        author: 'tomas',
        minutesAgo: 6 * DAY - 3 * HOUR,
        body:
          'Thank you for writing this up. It is exactly the kind of post that helps the whole network, and it took courage.\n\n' +
          'Putting your prediction beside what happened makes it easy to learn from. The balancing side matters too: a test that leaves people feeling exposed has a cost even when the numbers go up. Asking in the consulting room sounds like the right next cycle.',
        reactions: [
          ['grace', 'thumbs_up'],
          ['priya', 'thumbs_up'],
        ],
      },
      {
        key: 'grace-clipboard',
        author: 'grace',
        minutesAgo: 5 * DAY,
        body:
          'We had the same trouble with forms in the waiting room at first. What helped at Riverside was a line at the top of the form saying who would see the answers, and letting people fill it in with the nurse instead.\n\n' +
          'In a small place, though, I think asking in the room is the better plan.',
        reactions: [['tomas', 'thumbs_up']],
      },
      {
        key: 'anonymous-thanks',
        author: 'aroha',
        anonymous: true,
        replyTo: 'grace-clipboard',
        minutesAgo: 4 * DAY,
        body: "Thank you, that's a good idea. We'll put a line like that on the form we use in the room.",
      },
      {
        key: 'sam-asked',
        author: 'sam',
        minutesAgo: 20 * HOUR,
        body: "As a patient, I'd much rather be asked face to face by the nurse or the doctor than fill in a form where people can see. And thank you for stopping when it wasn't working. That matters as much as starting.",
        reactions: [
          ['tomas', 'heart'],
          ['aroha', 'heart'],
        ],
      },
    ],
    read: { tomas: 'all', priya: 'coach-thanks', grace: 'grace-clipboard', daniel: 'failed-test', li: 'failed-test', sam: 'all', nadia: 'all' },
  },
  {
    key: 'registry-codes',
    network: 'national',
    title: 'Saved search for the registry: which diagnosis codes are you using?',
    tags: ['registry', 'data'],
    aboutIdea: REGISTRY_SEARCH,
    posts: [
      {
        key: 'codes',
        author: 'li',
        minutesAgo: 8 * DAY,
        body:
          "We're replacing our registry spreadsheet with a saved search in the record system, as this idea suggests. The search itself was easy; agreeing what goes into it is not.\n\n" +
          "So far ours finds everyone with a depression diagnosis code in the last 12 months, but it misses people coded with mixed anxiety and depression, and it picks up everyone coded with low mood, many of whom were never offered treatment.\n\n" +
          'Has anyone settled on a list of codes they are happy with? @{tomas}, do you know whether another collaborative has one we could borrow?',
      },
      {
        key: 'daniel-codes',
        author: 'daniel',
        minutesAgo: 7 * DAY,
        body:
          'We use the depression codes plus mixed anxiety and depressive disorder, and leave out low mood on its own: with it, our list doubled.\n\n' +
          "It would be worth agreeing one list as a network, though, or our registry coverage numbers won't be comparable.",
        reactions: [
          ['li', 'thumbs_up'],
          ['priya', 'lightbulb'],
        ],
      },
      {
        key: 'li-numbers',
        author: 'li',
        replyTo: 'daniel-codes',
        minutesAgo: 7 * DAY - 4 * HOUR,
        body: 'That makes sense. Leaving out low mood on its own would take our list from 212 people to about 150.',
      },
      {
        key: 'priya-codes',
        author: 'priya',
        minutesAgo: 2 * DAY,
        body:
          "Leaving out low mood on its own is what most collaborative-care programmes do. Anyone with low mood and a PHQ-9 of 10 or more is picked up by screening anyway, and then gets the depression code.\n\n" +
          "Could each team say here which codes you use? Then we can agree one list at the next learning session.",
        reactions: [
          ['li', 'thumbs_up'],
          ['daniel', 'thumbs_up'],
        ],
      },
    ],
    read: { daniel: 'all', priya: 'all', nadia: 'li-numbers' },
  },
  {
    key: 'follow-up-calls',
    network: 'national',
    title: 'Seven-day follow-up calls: who makes them, and when?',
    tags: ['follow-up', 'phone-calls'],
    posts: [
      {
        key: 'question',
        author: 'daniel',
        minutesAgo: 4 * DAY,
        body:
          'We are a two-GP practice, with a mental-health nurse who visits on Tuesdays and Thursdays. Since we joined, our follow-up measure has been stuck at about 35%: people have a positive screen, we mean to call them within the week, and the week runs away from us.\n\n' +
          'How do other practices fit the calls in? In particular:\n\n' +
          '1. Who makes them: a nurse, a care manager, reception, the GP?\n' +
          '2. Do you keep a fixed time for them, or fit them in between appointments?\n' +
          '3. Do you use a script?',
        reactions: [
          ['aroha', 'eyes'],
          ['li', 'eyes'],
        ],
      },
      {
        key: 'grace-slot',
        author: 'grace',
        minutesAgo: 3 * DAY,
        body: [
          'At Riverside I make most of them, as the care manager, and our practice nurse covers when I am away.',
          'What changed things for us was a fixed slot: 9 to 10 every weekday morning is kept for the calls, and nothing else gets booked into it. Before that we reached about 40% of people within seven days; over the last eight weeks it has been about 70%.',
          "We use a short script with three questions, mostly so that newer staff feel confident. If we can't reach someone after two tries, they get a letter with a direct number.",
        ].join('\n\n'),
        reactions: [
          ['daniel', 'thumbs_up'],
          ['aroha', 'lightbulb'],
          ['li', 'lightbulb'],
          ['tomas', 'clap'],
        ],
      },
      {
        key: 'sam-number',
        author: 'sam',
        minutesAgo: 3 * DAY - 5 * HOUR,
        body:
          'Speaking as a patient: the call that helped me most was from someone who said straight away who they were, why they were ringing, and that nothing was wrong. ' +
          'I nearly did not answer, because a withheld number usually means bad news. If your phones can show the practice number, please let them.',
        reactions: [
          ['grace', 'heart'],
          ['daniel', 'heart'],
          ['aroha', 'thumbs_up'],
        ],
      },
      {
        key: 'aroha-text',
        author: 'aroha',
        minutesAgo: 2 * DAY,
        body:
          "A fixed morning slot wouldn't work for us: our outreach nurses are on the road most mornings and the signal is patchy. What we're testing instead is a text the day before:\n\n" +
          "> The nurse from the clinic will ring you tomorrow afternoon. Reply STOP if you'd rather we didn't.\n\n" +
          'and then the call in the afternoon. Two weeks in, 9 out of 13 people answered. Early days, but it looks promising.',
        reactions: [
          ['grace', 'thumbs_up'],
          ['daniel', 'lightbulb'],
        ],
      },
      {
        key: 'coach-quote',
        author: 'tomas',
        quote: { post: 'grace-slot', paragraph: 1 },
        minutesAgo: 26 * HOUR,
        body:
          'This is a lovely example of a small change that moved a measure. @{grace}, would you add your three questions to the change idea, so that other teams can adapt them? And would you show your run chart at the next learning session?\n\n' +
          "Aroha's text-first test is worth following too: two quite different answers to the same problem, which is what the network is for.",
        reactions: [
          ['aroha', 'thumbs_up'],
          ['daniel', 'thumbs_up'],
        ],
      },
      {
        key: 'daniel-asks',
        author: 'daniel',
        replyTo: 'grace-slot',
        minutesAgo: 3 * HOUR,
        body:
          'Thank you, Grace, this is really useful. Could you share the three questions? Our nurse would like to try them on Thursday.\n\n' +
          'Did the fixed slot take time away from anything else, or did it come out of time you were already spending chasing people?',
      },
      {
        key: 'daniel-example',
        author: 'daniel',
        minutesAgo: 2 * HOUR,
        body:
          'For what it is worth, what finally made us look at this was one of our patients, the retired harbour pilot who lives out on the point road: we missed him three times and nobody noticed for a month.',
      },
    ],
    read: { tomas: 'coach-quote', aroha: 'coach-quote', grace: 'aroha-text', li: 'grace-slot', sam: 'all', nadia: 'sam-number' },
    reports: [
      {
        post: 'daniel-example',
        by: 'sam',
        reason: 'This describes a patient closely enough that people in a small harbour town could recognise him. Could the details be taken out?',
      },
    ],
  },
];
