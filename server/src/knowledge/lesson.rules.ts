/**
 * The pure rules of lessons: the fixed sets, the bounds and who may do what to a lesson. No I/O,
 * so that every case can be checked by a unit test.
 */
import { mayAdminister, mayContribute, mayModerate, type Viewer } from '../discussions/discussion.rules';

export const OUTCOMES = ['worked', 'partly_worked', 'did_not_work', 'abandoned'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const LESSON_STATUSES = ['draft', 'published'] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

export const BARRIER_KINDS = ['local', 'systemic'] as const;
export type BarrierKind = (typeof BARRIER_KINDS)[number];

export const LESSON_LIMITS = {
  title: 200,
  setting: 120,
  population: 300,
  text: 10_000,
  barriers: 20,
  barrier: 1_000,
  tags: 10,
  tag: 40,
  changeIdeas: 20,
  pageSize: 30,
  maxPageSize: 100,
} as const;

export interface LessonFacts {
  authorId: string;
  anonymous: boolean;
  status: LessonStatus;
}

export interface LessonAbilities {
  edit: boolean;
  delete: boolean;
  reveal: boolean;
  /** Start a thread about it: a shared lesson, for those who may write in its network (a draft is not discussed). */
  discuss: boolean;
}

const isAuthor = (viewer: Viewer, authorId: string) => viewer.userId !== null && viewer.userId === authorId;

/** A draft is its writer's alone: nobody else, not even an admin, reads it before it is shared. */
export const mayReadLesson = (viewer: Viewer, lesson: LessonFacts) => lesson.status === 'published' || isAuthor(viewer, lesson.authorId);

export function lessonAbilities(viewer: Viewer, lesson: LessonFacts): LessonAbilities {
  const mine = isAuthor(viewer, lesson.authorId) && mayContribute(viewer);
  return {
    // A coach curates the knowledge base (edits a published lesson); a draft stays its writer's.
    edit: mine || (lesson.status === 'published' && mayModerate(viewer)),
    delete: mine || (lesson.status === 'published' && mayModerate(viewer)),
    reveal: lesson.anonymous && lesson.status === 'published' && mayAdminister(viewer),
    discuss: lesson.status === 'published' && mayContribute(viewer),
  };
}

/**
 * Which team a lesson may be filed under: a member files only under their own team (a lesson
 * speaks for a team, so nobody speaks for a team they are not in); coaches and admins curate
 * the knowledge base and may file under any team of the network. No team is always allowed.
 */
export const mayChooseTeam = (viewer: Viewer, ownTeamId: string | null, teamId: string | null) =>
  teamId === null || mayModerate(viewer) || (mayContribute(viewer) && ownTeamId !== null && teamId === ownTeamId);

/**
 * An anonymous lesson shown as just "a member" names no team: its team would point at its writer.
 * Shown as "a member of <team>", the team is the lesson's own.
 */
export const teamWouldUnmaskWriter = (anonymous: boolean, anonymousAs: 'team' | 'member', teamId: string | null) =>
  anonymous && anonymousAs === 'member' && teamId !== null;
