import { AppError, fieldError } from '../platform/app-error';

export const SessionSummaryErrors = {
  notFound: () => new AppError('not-found', 'learning_sessions.summary_not_found', 'This session has no published summary yet.'),
  hostsOnly: (what: string) => new AppError('forbidden', 'learning_sessions.summary_hosts_only', `Only the session's coaches and the network's admins may ${what}.`),
  notEnded: () =>
    new AppError('conflict', 'learning_sessions.summary_not_ended', 'The summary is kept once the session has ended; until then it can be exported but not edited or published.'),
  alreadyPublished: () => new AppError('conflict', 'learning_sessions.summary_already_published', 'This summary is already published.'),
  unknownQuestion: () => fieldError('bad-request', 'learning_sessions.summary_unknown_question', 'answers', 'answers names a question that is not in this summary.'),
  threadBusy: () => new AppError('conflict', 'learning_sessions.summary_thread_busy', 'The follow-up thread is being started right now: try again in a moment.'),
  cancelled: () => new AppError('conflict', 'learning_sessions.summary_cancelled', 'This session was cancelled: there is nothing to follow up.'),
};
