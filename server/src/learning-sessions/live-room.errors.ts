import { AppError, fieldError } from '../platform/app-error';
import { waitOf } from '../shared/words';

/** Failures of the live room, on socket acknowledgements and its few REST routes. */
export const LiveRoomErrors = {
  notJoined: () => new AppError('conflict', 'live_room.not_joined', 'Join the room (session:join) before taking part in it.'),
  hostsOnly: (what: string) => new AppError('forbidden', 'live_room.forbidden', `Only the session's coaches and admins can ${what}.`),
  adminsOnly: (what: string) => new AppError('forbidden', 'live_room.admins_only', `Only this network's admins can ${what}; every look is recorded.`),
  membersOnly: (what: string) => new AppError('forbidden', 'live_room.members_only', `Only members of this network can ${what}.`),
  notLive: () => new AppError('conflict', 'live_room.not_live', 'The session is not running: the coach has not started it, or it has ended.'),
  alreadyLive: () => new AppError('conflict', 'live_room.already_live', 'The session is already running.'),
  alreadyEnded: () => new AppError('conflict', 'live_room.already_ended', 'The session has already ended.'),
  over: () => new AppError('conflict', 'live_room.over', 'The session has ended or was cancelled, so it cannot start again.'),
  agendaIndex: (length: number) =>
    fieldError(
      'bad-request',
      'live_room.agenda_index',
      'index',
      length === 0 ? 'index cannot point at an item: this session has no agenda' : `index must be from 0 to ${length - 1}`,
    ),
  pollNotFound: () => fieldError('not-found', 'live_room.poll_not_found', 'pollId', 'pollId does not name a poll of this session.'),
  pollClosed: () => new AppError('conflict', 'live_room.poll_closed', 'This poll is closed: votes can no longer change.'),
  badChoices: (problem: string) => fieldError('bad-request', 'live_room.bad_choices', 'choices', problem),
  anonymousBallotLost: () =>
    new AppError(
      'conflict',
      'live_room.anonymous_vote_unchangeable',
      'Your vote in this anonymous poll is counted, but it can no longer be changed: the server cannot find it without knowing who cast it.',
    ),
  questionNotFound: () => fieldError('not-found', 'live_room.question_not_found', 'questionId', 'questionId does not name a question of this session.'),
  ownQuestion: () => new AppError('forbidden', 'live_room.own_question', 'You cannot upvote or report your own question.'),
  alreadyReported: () => new AppError('conflict', 'live_room.already_reported', 'You have already reported this question; the coaches will look at it.'),
  anonymousNotAllowed: () =>
    fieldError('forbidden', 'live_room.anonymous_not_allowed', 'anonymous', "anonymous is not allowed here: this network's admins have not turned on anonymous posting."),
  handNotRaised: () => fieldError('conflict', 'live_room.hand_not_raised', 'userId', 'userId names someone whose hand is not raised.'),
  handNotNext: () =>
    fieldError('conflict', 'live_room.hand_not_next', 'userId', 'userId is not next: hands are acknowledged in the order they were raised.'),
  chatRateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'live_room.chat_rate_limited',
      `You have sent a lot of messages in a short time. Please wait ${waitOf(retryAfterSeconds)} before sending another.`,
      retryAfterSeconds,
    ),
  questionsRateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'live_room.questions_rate_limited',
      `You have asked a lot of questions in a short time. Please wait ${waitOf(retryAfterSeconds)} before asking another.`,
      retryAfterSeconds,
    ),
  handsRateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'live_room.hands_rate_limited',
      `You have raised your hand a lot in a short time. Please wait ${waitOf(retryAfterSeconds)} before raising it again.`,
      retryAfterSeconds,
    ),
  breakoutsRunning: () => new AppError('conflict', 'live_room.breakouts_running', 'Breakout groups are running: bring everyone back first.'),
  noBreakouts: () => new AppError('conflict', 'live_room.no_breakouts', 'There are no breakout groups: create them first.'),
  breakoutsNotRunning: () => new AppError('conflict', 'live_room.breakouts_not_running', 'Breakout groups are not running.'),
  badAssignments: (problem: string) => fieldError('bad-request', 'live_room.bad_assignments', 'assignments', problem),
  notAnonymous: () => fieldError('conflict', 'live_room.not_anonymous', 'questionId', 'questionId names a question that was not asked anonymously: its asker is shown already.'),
  notHidden: () => fieldError('conflict', 'live_room.question_not_hidden', 'hidden', 'hidden cannot be false: this question is not hidden.'),
  notANetworkMember: () => fieldError('bad-request', 'live_room.not_a_member', 'userId', 'userId must name a member of this network.'),
  groupNotFound: () => fieldError('not-found', 'live_room.group_not_found', 'groupId', 'groupId does not name a breakout group of this session.'),
};
