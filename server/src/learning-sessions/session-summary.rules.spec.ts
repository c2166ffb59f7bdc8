import { answerOf, attendanceByTeam, spreadsheetSafe, summaryMarkdown, summarySearchText, type AssembledSummary, type SummaryEdits } from './session-summary.rules';

const summary: AssembledSummary = {
  agenda: [
    { title: 'Welcome', minutes: 10, presenter: 'Dr Ada' },
    { title: 'Stories *from* teams', minutes: 40 },
  ],
  notes: 'We heard **three** stories.',
  breakouts: [{ groupId: 'g1', name: 'Group 1', notes: '' }],
  questions: [
    { id: 'q1', text: 'Who calls?', askedBy: 'Rosa', anonymous: false, votes: 1, answeredInRoom: true },
    { id: 'q2', text: 'What if nobody answers?', askedBy: 'a member of Blue Team', anonymous: true, votes: 0, answeredInRoom: false },
  ],
  polls: [
    { id: 'p1', question: 'Which first?', options: ['Calls', 'Texts'], multiple: false, anonymous: true, counts: [2, 1], voters: 3 },
    { id: 'p2', question: 'Never known', options: ['A'], multiple: false, anonymous: true, counts: null, voters: 0 },
  ],
  attendance: { total: 2, minutes: 90, byTeam: [{ teamName: 'Red Team', people: 1, minutes: 45 }, { teamName: null, people: 1, minutes: 45 }] },
};
const edits: SummaryEdits = { introduction: 'Opening words.', keyPoints: ['Call early'], answers: { q2: 'Write a letter.\nThen call.' }, hiddenSections: [] };

describe('summaryMarkdown', () => {
  const markdown = summaryMarkdown({ title: 'Spring # session', when: '1 March 2026 at 10:00 (Europe/London)' }, summary, edits);

  it('puts the coach’s words first, then every section in order, escaping what was typed as plain text', () => {
    expect(markdown.startsWith('# Spring \\# session\n\n_1 March 2026 at 10:00 (Europe/London)_\n\nOpening words.\n\n## Key points\n\n- Call early\n\n## Agenda')).toBe(true);
    expect(markdown).toContain('2. Stories \\*from\\* teams (40 min)');
    expect(markdown).toContain('1. Welcome (10 min, Dr Ada)');
    expect(markdown.indexOf('## Agenda')).toBeLessThan(markdown.indexOf('## Notes'));
    expect(markdown.indexOf('## Polls')).toBeLessThan(markdown.indexOf('## Attendance'));
  });

  it('keeps the notes’ own Markdown, says when a group took none, and quotes an answer line by line', () => {
    expect(markdown).toContain('## Notes\n\nWe heard **three** stories.');
    expect(markdown).toContain('### Group 1\n\n_This group took no notes._');
    expect(markdown).toContain('**What if nobody answers?**  \n_Asked by a member of Blue Team; 0 votes_\n\n> Write a letter.\n> Then call.');
    expect(markdown).toContain('_Asked by Rosa; 1 vote; answered in the session_');
  });

  it('gives counts and voters for polls, and says so when results were never known', () => {
    expect(markdown).toContain('**Which first?**  \n_3 people voted; anonymous_\n\n- Calls: 2\n- Texts: 1');
    expect(markdown).toContain('- Results were not recorded.');
    expect(markdown).toContain('| Red Team | 1 | 45 |\n| No team | 1 | 45 |');
  });

  it('leaves out hidden sections, and empty ones', () => {
    const shorter = summaryMarkdown({ title: 'T', when: 'W' }, { ...summary, agenda: [], breakouts: [] }, { ...edits, hiddenSections: ['polls', 'attendance'] });
    expect(shorter).not.toMatch(/## (Agenda|Breakout groups|Polls|Attendance)/);
    expect(shorter).toContain('## Questions');
  });
});

describe('summarySearchText', () => {
  it('holds the words a member would look for and no asker', () => {
    const text = summarySearchText(summary, edits);
    expect(text).toContain('Write a letter.');
    expect(text).toContain('Which first?');
    expect(text).not.toContain('Rosa');
    expect(summarySearchText(summary, { ...edits, hiddenSections: ['questions'] })).not.toContain('Write a letter.');
  });
});

describe('spreadsheetSafe', () => {
  it.each([
    ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['Calls', 'Calls'],
  ])('%j becomes %j', (value, safe) => expect(spreadsheetSafe(value)).toBe(safe));

  it('keeps numbers and writes nothing for null', () => {
    expect(spreadsheetSafe(-3)).toBe(-3);
    expect(spreadsheetSafe(null)).toBe('');
  });
});

describe('attendanceByTeam', () => {
  it('sums people and minutes per team, teams by name and people without a team last', () => {
    expect(
      attendanceByTeam([
        { teamName: null, minutesPresent: 5 },
        { teamName: 'Red', minutesPresent: 10 },
        { teamName: 'Blue', minutesPresent: 20 },
        { teamName: 'Red', minutesPresent: 30 },
      ]),
    ).toEqual({
      total: 4,
      minutes: 65,
      byTeam: [
        { teamName: 'Blue', people: 1, minutes: 20 },
        { teamName: 'Red', people: 2, minutes: 40 },
        { teamName: null, people: 1, minutes: 5 },
      ],
    });
  });
});

describe('answerOf', () => {
  it("shows the coach's answer over the room's, the room's when the coach wrote none, and none when the coach emptied it", () => {
    expect(answerOf({ id: 'q1', answer: 'From the room' }, { answers: { q1: ' From the coach ' } })).toBe('From the coach');
    expect(answerOf({ id: 'q1', answer: 'From the room' }, { answers: {} })).toBe('From the room');
    expect(answerOf({ id: 'q1', answer: 'From the room' }, { answers: { q1: '' } })).toBe('');
    // Summaries assembled before answers were kept have no answer field at all.
    expect(answerOf({ id: 'q1' }, { answers: {} })).toBe('');
  });
});
