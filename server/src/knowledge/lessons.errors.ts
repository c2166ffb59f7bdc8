import { AppError, fieldError, type FieldProblem } from '../platform/app-error';
import { waitOf } from '../shared/words';

export const LessonErrors = {
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'lessons.rate_limited',
      `You have started a lot of lessons in a short time. Please wait ${waitOf(retryAfterSeconds)} before starting another.`,
      retryAfterSeconds,
    ),
  notFound: () => new AppError('not-found', 'lessons.not_found', 'There is no such lesson, or you cannot see it.'),
  mayNotEdit: () => new AppError('forbidden', 'lessons.may_not_edit', 'Only the person who wrote this lesson, or a coach or admin of its network, can change it.'),
  mayNotDelete: () => new AppError('forbidden', 'lessons.may_not_delete', 'Only the person who wrote this lesson, or a coach or admin of its network, can delete it.'),
  anonymousNotAllowed: () =>
    fieldError('forbidden', 'lessons.anonymous_not_allowed', 'anonymous', "anonymous is not allowed here: this network's admins have not turned on anonymous posting."),
  /** Publishing needs every part of the story; a draft may be missing any of them. */
  incomplete: (fields: FieldProblem[]) =>
    new AppError('bad-request', 'lessons.incomplete', `A lesson needs ${fields.map((problem) => problem.field).join(', ')} before it is published.`, undefined, fields),
  cannotUnpublish: () =>
    fieldError('conflict', 'lessons.cannot_unpublish', 'status', 'status cannot go back to draft: a published lesson has been read by others. Edit it or delete it instead.'),
  ideaNotFound: (field: string) => fieldError('bad-request', 'lessons.idea_not_found', field, `${field} does not name a change idea in this network's change packages.`),
  teamNotFound: () => fieldError('bad-request', 'lessons.team_not_found', 'teamId', "teamId does not name a team of this network."),
  teamNotYours: () =>
    fieldError('forbidden', 'lessons.team_not_yours', 'teamId', 'teamId must be your own team: only coaches and admins can file a lesson under another team.'),
  teamUnmasksWriter: () =>
    fieldError('bad-request', 'lessons.team_unmasks_writer', 'teamId', 'teamId must be empty when the lesson is shown as just "a member": a team would point at who wrote it.'),
  anonymityFixed: () =>
    fieldError('conflict', 'lessons.anonymity_fixed', 'anonymous', 'anonymous can only be changed while the lesson is a draft: others may already have read it.'),
  notAnonymous: () => new AppError('conflict', 'lessons.not_anonymous', 'This lesson was not written anonymously: its author is already shown.'),
  badCursor: () => fieldError('bad-request', 'lessons.bad_cursor', 'cursor', 'cursor is not one this list gave out.'),
};
