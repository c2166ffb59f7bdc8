/**
 * The pure rules of the live room: what a vote may say and how votes are counted, the order of
 * raised hands, who goes to which breakout group, and which status changes a coach may make.
 * No database and no sockets here, so that each rule is tested on its own (live-room.rules.spec.ts).
 */

export const LIVE_ROOM_LIMITS = {
  question: 500,
  chat: 1000,
  broadcast: 1000,
  reportReason: 500,
  hideReason: 500,
  /** A host's written answer to a question, as long as a coach's answer in the summary. */
  answer: 2000,
  pollQuestion: 300,
  pollOption: 200,
  pollOptionsMin: 2,
  pollOptionsMax: 10,
  breakoutGroupsMax: 50,
  breakoutMinutesMax: 240,
  /** The chat and broadcasts a joining client gets back. */
  recentMessages: 50,
} as const;

export const BREAKOUT_MODES = ['by-team', 'mixed', 'manual'] as const;
export type BreakoutMode = (typeof BREAKOUT_MODES)[number];

export type PollStatus = 'open' | 'closed';

export interface PollShape {
  options: readonly string[];
  multiple: boolean;
}

/**
 * A vote's choices, checked and put in one canonical form (ascending, no repeats), or what is wrong
 * with them, worded for the `choices` field.
 */
export function checkChoices(poll: PollShape, choices: readonly number[]): { choices: number[] } | { problem: string } {
  if (choices.length === 0) return { problem: 'choices must name at least one option' };
  for (const choice of choices) {
    if (!Number.isInteger(choice) || choice < 0 || choice >= poll.options.length) {
      return { problem: `choices must be option numbers from 0 to ${poll.options.length - 1}` };
    }
  }
  const unique = [...new Set(choices)].sort((a, b) => a - b);
  if (unique.length !== choices.length) return { problem: 'choices must not name an option twice' };
  if (!poll.multiple && unique.length > 1) return { problem: 'choices must name one option: this poll takes a single choice' };
  return { choices: unique };
}

export interface PollResults {
  /** Selections per option, in option order. */
  counts: number[];
  /** Voters, not selections: a multiple-choice ballot of three options is one voter. */
  total: number;
}

/** Counts ballots (one per voter, each already checked) into results. */
/** A poll's results from PostgreSQL's tally: every option in order (none chosen: 0), choices outside the options left out. */
export function resultsFromTally(optionCount: number, tally: { total: number; chosen: readonly { choice: number; votes: number }[] }): PollResults {
  const counts = new Array<number>(optionCount).fill(0);
  for (const { choice, votes } of tally.chosen) if (Number.isInteger(choice) && choice >= 0 && choice < optionCount) counts[choice] += votes;
  return { counts, total: tally.total };
}

/**
 * Coaches see results as they come in; everyone else once the coach reveals them. An anonymous
 * poll shows nobody any count while it is open: counts that move as one person votes would tell
 * a watching coach what that person chose ("vote now, Ana"), so they appear once it is closed.
 */
export function maySeeResults(viewer: { hosts: boolean }, poll: { revealed: boolean; anonymous: boolean; status: PollStatus }): boolean {
  if (poll.anonymous && poll.status === 'open') return false;
  return viewer.hosts || poll.revealed;
}

export interface RaisedHand {
  userId: string;
  raisedAt: Date;
}

/** The queue of raised hands: first raised, first heard (ties, which the clock makes rare, by id so every instance agrees). */
export function handQueue<T extends RaisedHand>(hands: readonly T[]): T[] {
  return [...hands].sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime() || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/** Whether `userId` may be acknowledged now: hands are acknowledged in the order they were raised. */
export function acknowledgeCheck(queue: readonly RaisedHand[], userId: string): 'ok' | 'not-raised' | 'not-next' {
  const at = queue.findIndex((hand) => hand.userId === userId);
  if (at < 0) return 'not-raised';
  return at === 0 ? 'ok' : 'not-next';
}

export type RoomStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';
export type RoomTransition = 'start' | 'end';

/** What a coach's start or end does from a status: the new status, or why not. */
export function transition(status: RoomStatus, action: RoomTransition): { to: RoomStatus } | { refused: 'already' | 'not-live' | 'over' } {
  if (action === 'start') {
    if (status === 'scheduled') return { to: 'live' };
    if (status === 'live') return { refused: 'already' };
    return { refused: 'over' };
  }
  if (status === 'live') return { to: 'ended' };
  if (status === 'ended') return { refused: 'already' };
  return { refused: 'not-live' };
}

export interface BreakoutPerson {
  userId: string;
  teamId: string | null;
}

/**
 * Assigns people to `count` groups; returns, per group, the user ids in it.
 *
 * - by-team: a team stays together (its members learn from each other's context); teams go,
 *   largest first, to the group with fewest people so far; people without a team fill in one by one.
 * - mixed: each team is dealt across the groups, so that a group hears from as many teams as it
 *   can (the point of mixing); people are dealt in team order, round the groups.
 *
 * Deterministic for the same input (people sorted by team then id), so a retry gives the same groups.
 */
export function assignBreakouts(people: readonly BreakoutPerson[], count: number, mode: 'by-team' | 'mixed'): string[][] {
  const groups: string[][] = Array.from({ length: Math.max(1, count) }, () => []);
  const byTeam = new Map<string, string[]>();
  const loners: string[] = [];
  for (const person of [...people].sort((a, b) => (a.userId < b.userId ? -1 : 1))) {
    if (person.teamId === null) loners.push(person.userId);
    else byTeam.set(person.teamId, [...(byTeam.get(person.teamId) ?? []), person.userId]);
  }
  const teams = [...byTeam.entries()].sort(([idA, a], [idB, b]) => b.length - a.length || (idA < idB ? -1 : 1)).map(([, members]) => members);
  const smallest = () => groups.reduce((best, group, index) => (group.length < groups[best].length ? index : best), 0);
  if (mode === 'by-team') {
    for (const team of teams) groups[smallest()].push(...team);
    for (const userId of loners) groups[smallest()].push(userId);
    return groups;
  }
  let next = 0;
  for (const userId of [...teams.flat(), ...loners]) {
    groups[next].push(userId);
    next = (next + 1) % groups.length;
  }
  return groups;
}

/** A manual assignment: every person named once, each to a group that exists. */
export function checkManualAssignments(assignments: readonly { userId: string; group: number }[], count: number): string | null {
  const seen = new Set<string>();
  for (const { userId, group } of assignments) {
    if (!Number.isInteger(group) || group < 0 || group >= count) return `assignments must put people in groups 0 to ${count - 1}`;
    if (seen.has(userId)) return 'assignments must name each person once';
    seen.add(userId);
  }
  return null;
}

/**
 * Who sees a question: everyone while it is shown; once hidden, only its asker (who is told it was
 * hidden, and why) and the hosts (who may show it again).
 */
export function maySeeQuestion(viewer: { userId: string | null; hosts: boolean }, question: { hidden: boolean; authorId: string | null }): boolean {
  return !question.hidden || viewer.hosts || (viewer.userId !== null && question.authorId === viewer.userId);
}

/**
 * Whether a breakout timer's job still has something to end: the groups it was set for are the
 * ones running now (a coach who ended them early, or started another round, has made it moot).
 */
export function timerStillApplies(room: { breakoutRunning: boolean; breakoutRound: number }, round: number): boolean {
  return room.breakoutRunning && room.breakoutRound === round;
}

export const breakoutGroupName = (position: number) => `Group ${position + 1}`;
