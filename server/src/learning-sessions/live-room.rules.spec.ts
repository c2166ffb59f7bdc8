import { acknowledgeCheck, assignBreakouts, checkChoices, checkManualAssignments, handQueue, maySeeQuestion, maySeeResults, resultsFromTally, timerStillApplies, transition } from './live-room.rules';

describe('checkChoices', () => {
  const single = { options: ['Yes', 'No', 'Not sure'], multiple: false };
  const multiple = { ...single, multiple: true };

  it('accepts one option of a single-choice poll', () => {
    expect(checkChoices(single, [2])).toEqual({ choices: [2] });
  });

  it('puts several options of a multiple-choice poll in order', () => {
    expect(checkChoices(multiple, [2, 0])).toEqual({ choices: [0, 2] });
  });

  it.each([
    [[], 'at least one'],
    [[3], 'from 0 to 2'],
    [[-1], 'from 0 to 2'],
    [[1.5], 'from 0 to 2'],
    [[0, 1], 'single choice'],
  ])('refuses %j for a single-choice poll', (choices, problem) => {
    const checked = checkChoices(single, choices);
    expect('problem' in checked && checked.problem).toContain(problem);
  });

  it('refuses an option named twice, even where several are allowed', () => {
    const checked = checkChoices(multiple, [1, 1]);
    expect('problem' in checked && checked.problem).toContain('twice');
  });
});

describe('resultsFromTally', () => {
  it('puts the votes per option in order, with the ballots as the total', () => {
    const tally = { total: 4, chosen: [{ choice: 2, votes: 3 }, { choice: 0, votes: 2 }, { choice: 1, votes: 1 }] };
    expect(resultsFromTally(3, tally)).toEqual({ counts: [2, 1, 3], total: 4 });
  });

  it('gives zeros for options nobody chose, and zero voters for no ballots', () => {
    expect(resultsFromTally(2, { total: 0, chosen: [] })).toEqual({ counts: [0, 0], total: 0 });
  });

  it('leaves out a choice that is not one of the options', () => {
    expect(resultsFromTally(2, { total: 1, chosen: [{ choice: 5, votes: 1 }, { choice: -1, votes: 1 }, { choice: 1, votes: 1 }] })).toEqual({ counts: [0, 1], total: 1 });
  });
});

describe('maySeeResults', () => {
  const named = { anonymous: false, status: 'open' as const };
  it('shows coaches results at once and everyone else only after the reveal', () => {
    expect([
      maySeeResults({ hosts: true }, { ...named, revealed: false }),
      maySeeResults({ hosts: false }, { ...named, revealed: false }),
      maySeeResults({ hosts: false }, { ...named, revealed: true }),
    ]).toEqual([true, false, true]);
  });

  it('shows nobody, coaches included, the counts of an open anonymous poll; once closed, as any other', () => {
    const anonymous = { anonymous: true, revealed: true };
    expect([
      maySeeResults({ hosts: true }, { ...anonymous, status: 'open' }),
      maySeeResults({ hosts: false }, { ...anonymous, status: 'open' }),
      maySeeResults({ hosts: true }, { ...anonymous, status: 'closed' }),
      maySeeResults({ hosts: false }, { ...anonymous, status: 'closed' }),
      maySeeResults({ hosts: false }, { ...anonymous, revealed: false, status: 'closed' }),
    ]).toEqual([false, false, true, true, false]);
  });
});

describe('hands', () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, seconds));
  const hands = [
    { userId: 'c', raisedAt: at(3) },
    { userId: 'a', raisedAt: at(1) },
    { userId: 'b', raisedAt: at(1) },
  ];

  it('queues hands first raised, first heard; a tie goes by id', () => {
    expect(handQueue(hands).map((hand) => hand.userId)).toEqual(['a', 'b', 'c']);
  });

  it('acknowledges only the hand at the head of the queue', () => {
    const queue = handQueue(hands);
    expect([acknowledgeCheck(queue, 'a'), acknowledgeCheck(queue, 'c'), acknowledgeCheck(queue, 'z')]).toEqual(['ok', 'not-next', 'not-raised']);
  });
});

describe('transition', () => {
  it('starts a scheduled session and ends a live one', () => {
    expect(transition('scheduled', 'start')).toEqual({ to: 'live' });
    expect(transition('live', 'end')).toEqual({ to: 'ended' });
  });

  it('refuses to start twice, to start what is over, and to end what is not live', () => {
    expect(transition('live', 'start')).toEqual({ refused: 'already' });
    expect(transition('ended', 'start')).toEqual({ refused: 'over' });
    expect(transition('cancelled', 'start')).toEqual({ refused: 'over' });
    expect(transition('scheduled', 'end')).toEqual({ refused: 'not-live' });
    expect(transition('ended', 'end')).toEqual({ refused: 'already' });
  });
});

describe('assignBreakouts', () => {
  const people = [
    { userId: 'u1', teamId: 'red' },
    { userId: 'u2', teamId: 'red' },
    { userId: 'u3', teamId: 'red' },
    { userId: 'u4', teamId: 'blue' },
    { userId: 'u5', teamId: 'blue' },
    { userId: 'u6', teamId: 'green' },
    { userId: 'u7', teamId: null },
  ];
  const teamOf = new Map(people.map((person) => [person.userId, person.teamId]));

  it('by team: keeps each team in one group and balances the groups', () => {
    const groups = assignBreakouts(people, 2, 'by-team');
    expect(groups.flat().sort()).toEqual(people.map((person) => person.userId).sort());
    for (const team of ['red', 'blue', 'green']) {
      expect(groups.filter((group) => group.some((userId) => teamOf.get(userId) === team))).toHaveLength(1);
    }
    expect(groups.map((group) => group.length).sort()).toEqual([3, 4]);
  });

  it('mixed: spreads a team over the groups and keeps sizes within one', () => {
    const groups = assignBreakouts(people, 3, 'mixed');
    expect(groups.flat().sort()).toEqual(people.map((person) => person.userId).sort());
    const redGroups = groups.filter((group) => group.some((userId) => teamOf.get(userId) === 'red'));
    expect(redGroups).toHaveLength(3);
    const sizes = groups.map((group) => group.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('gives the same groups for the same people in any order', () => {
    expect(assignBreakouts([...people].reverse(), 3, 'mixed')).toEqual(assignBreakouts(people, 3, 'mixed'));
  });
});

describe('checkManualAssignments', () => {
  it('accepts each person once in an existing group, and refuses the rest', () => {
    expect(checkManualAssignments([{ userId: 'a', group: 0 }, { userId: 'b', group: 1 }], 2)).toBeNull();
    expect(checkManualAssignments([{ userId: 'a', group: 2 }], 2)).toContain('groups 0 to 1');
    expect(checkManualAssignments([{ userId: 'a', group: 0 }, { userId: 'a', group: 1 }], 2)).toContain('once');
  });
});

describe('maySeeQuestion', () => {
  const shown = { hidden: false, authorId: 'asker' };
  const hidden = { hidden: true, authorId: 'asker' };

  it('shows a question that is not hidden to everyone, a stranger watching a public network too', () => {
    expect(maySeeQuestion({ userId: 'peer', hosts: false }, shown)).toBe(true);
    expect(maySeeQuestion({ userId: null, hosts: false }, shown)).toBe(true);
  });

  it('keeps a hidden question for its asker and the hosts only', () => {
    expect(maySeeQuestion({ userId: 'asker', hosts: false }, hidden)).toBe(true);
    expect(maySeeQuestion({ userId: 'coach', hosts: true }, hidden)).toBe(true);
    expect(maySeeQuestion({ userId: 'peer', hosts: false }, hidden)).toBe(false);
    expect(maySeeQuestion({ userId: null, hosts: false }, hidden)).toBe(false);
  });

  it('shows a hidden question whose asker was deleted to nobody but the hosts', () => {
    expect(maySeeQuestion({ userId: 'peer', hosts: false }, { hidden: true, authorId: null })).toBe(false);
  });
});

describe('timerStillApplies', () => {
  it('ends the round it was set for while it runs', () => {
    expect(timerStillApplies({ breakoutRunning: true, breakoutRound: 2 }, 2)).toBe(true);
  });

  it('does nothing once the coach ended it, or for an earlier round than the one running', () => {
    expect(timerStillApplies({ breakoutRunning: false, breakoutRound: 2 }, 2)).toBe(false);
    expect(timerStillApplies({ breakoutRunning: true, breakoutRound: 3 }, 2)).toBe(false);
  });
});
