import { AppError, fieldError } from '../platform/app-error';

export const LearningSessionErrors = {
  notFound: () => new AppError('not-found', 'learning_sessions.not_found', 'There is no such learning session, or you cannot see it.'),
  endsBeforeStart: () => fieldError('bad-request', 'learning_sessions.ends_before_start', 'endsAt', 'endsAt must be after startsAt.'),
  tooLong: (hours: number) => fieldError('bad-request', 'learning_sessions.too_long', 'endsAt', `endsAt must be at most ${hours} hours after startsAt.`),
  tooFarAhead: (years: number) =>
    fieldError('bad-request', 'learning_sessions.too_far_ahead', 'startsAt', `startsAt must be within ${years} years from now.`),
  startsInPast: () => fieldError('bad-request', 'learning_sessions.starts_in_past', 'startsAt', 'startsAt must be in the future for a new session.'),
  notEditable: () =>
    new AppError('conflict', 'learning_sessions.not_editable', 'This session has already ended or was cancelled, so it can no longer be changed.'),
  underWay: () =>
    new AppError('conflict', 'learning_sessions.under_way', 'This session is under way, so it can no longer be changed or cancelled: end it from its room when you are done.'),
  alreadyCancelled: () => new AppError('conflict', 'learning_sessions.already_cancelled', 'This session was already cancelled.'),
  capacityBelowGoing: (going: number) =>
    fieldError('bad-request', 'learning_sessions.capacity_below_going', 'capacity', `capacity must be at least ${going}: that many people are already going.`),
  full: () => new AppError('conflict', 'learning_sessions.full', 'This session is full: every place is taken. You can still say you are not going.'),
  closedForRsvps: () => new AppError('conflict', 'learning_sessions.closed_for_rsvps', 'This session is over or cancelled, so answers can no longer change.'),
  unknownTimeZone: () =>
    fieldError('bad-request', 'learning_sessions.unknown_time_zone', 'timeZone', 'timeZone is not a zone calendars know: choose a place name such as Europe/London.'),
  badCursor: () => fieldError('bad-request', 'learning_sessions.bad_cursor', 'cursor', 'cursor is not one this list gave out.'),
  feedNotFound: () => new AppError('not-found', 'learning_sessions.feed_not_found', 'There is no such calendar feed. It may have been turned off or replaced.'),
};
