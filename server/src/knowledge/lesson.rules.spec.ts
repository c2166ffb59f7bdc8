import type { Viewer } from '../discussions/discussion.rules';
import { lessonAbilities, mayChooseTeam, mayReadLesson, teamWouldUnmaskWriter, type LessonFacts } from './lesson.rules';

const AUTHOR = 'author-id';
const viewer = (userId: string | null, role: Viewer['role'], visibility: Viewer['visibility'] = 'public'): Viewer => ({ userId, role, visibility });
const lesson = (facts: Partial<LessonFacts> = {}): LessonFacts => ({ authorId: AUTHOR, anonymous: false, status: 'published', ...facts });

describe('mayReadLesson', () => {
  it('shows a draft to its writer only, whatever the role of anyone else', () => {
    const draft = lesson({ status: 'draft' });
    expect(mayReadLesson(viewer(AUTHOR, 'member'), draft)).toBe(true);
    for (const role of ['member', 'coach', 'admin', null] as const) expect(mayReadLesson(viewer('someone', role), draft)).toBe(false);
  });

  it('shows a published lesson to whoever reached it through the network policy', () => {
    expect(mayReadLesson(viewer('someone', null), lesson())).toBe(true);
  });
});

describe('lessonAbilities', () => {
  it.each([
    ['the writer', AUTHOR, 'member', { edit: true, delete: true, reveal: false, discuss: true }],
    ['another member', 'other', 'member', { edit: false, delete: false, reveal: false, discuss: true }],
    ['a coach', 'other', 'coach', { edit: true, delete: true, reveal: false, discuss: true }],
    ['an admin', 'other', 'admin', { edit: true, delete: true, reveal: false, discuss: true }],
    ['a reader from outside', 'other', null, { edit: false, delete: false, reveal: false, discuss: false }],
  ] as const)('gives %s of a published lesson what they may do', (_who, userId, role, expected) => {
    expect(lessonAbilities(viewer(userId, role), lesson())).toEqual(expected);
  });

  it('lets only admins reveal, and only an anonymous published lesson', () => {
    expect(lessonAbilities(viewer('other', 'admin'), lesson({ anonymous: true })).reveal).toBe(true);
    expect(lessonAbilities(viewer('other', 'coach'), lesson({ anonymous: true })).reveal).toBe(false);
    expect(lessonAbilities(viewer('other', 'admin'), lesson({ anonymous: true, status: 'draft' })).reveal).toBe(false);
  });

  it("leaves a draft to its writer: coaches and admins cannot change someone else's", () => {
    expect(lessonAbilities(viewer('other', 'admin'), lesson({ status: 'draft' }))).toEqual({ edit: false, delete: false, reveal: false, discuss: false });
  });

  it('takes writing away from a writer who is no longer a member', () => {
    expect(lessonAbilities(viewer(AUTHOR, null), lesson())).toEqual({ edit: false, delete: false, reveal: false, discuss: false });
  });

  it('lets nobody discuss a draft, not even its writer', () => {
    expect(lessonAbilities(viewer(AUTHOR, 'member'), lesson({ status: 'draft' })).discuss).toBe(false);
  });
});

describe('mayChooseTeam', () => {
  it('lets a member file a lesson under their own team or none, never another team', () => {
    const member = viewer(AUTHOR, 'member');
    expect(mayChooseTeam(member, 'own-team', 'own-team')).toBe(true);
    expect(mayChooseTeam(member, 'own-team', null)).toBe(true);
    expect(mayChooseTeam(member, 'own-team', 'other-team')).toBe(false);
    expect(mayChooseTeam(member, null, 'other-team')).toBe(false);
  });

  it('lets coaches and admins file under any team', () => {
    for (const role of ['coach', 'admin'] as const) expect(mayChooseTeam(viewer(AUTHOR, role), null, 'other-team')).toBe(true);
  });

  it('lets a reader from outside choose no team only', () => {
    expect(mayChooseTeam(viewer(AUTHOR, null), 'own-team', 'own-team')).toBe(false);
    expect(mayChooseTeam(viewer(AUTHOR, null), null, null)).toBe(true);
  });
});

describe('teamWouldUnmaskWriter', () => {
  it('refuses a team only on a lesson shown as just "a member"', () => {
    expect(teamWouldUnmaskWriter(true, 'member', 'team')).toBe(true);
    expect(teamWouldUnmaskWriter(true, 'member', null)).toBe(false);
    expect(teamWouldUnmaskWriter(true, 'team', 'team')).toBe(false);
    expect(teamWouldUnmaskWriter(false, 'member', 'team')).toBe(false);
  });
});
