import { AppError, fieldError } from '../platform/app-error';

/*
 * Codes are `session_notes.*`: the contract's `sessionNotes.` prefix would not pass the error
 * shape every test checks (codes are lower-case words with underscores, separated by dots).
 */
export const SessionNotesErrors = {
  actionItemNotFound: () => new AppError('not-found', 'session_notes.action_item_not_found', 'There is no such action item, or you cannot see it.'),
  teamNotInNetwork: () =>
    fieldError('bad-request', 'session_notes.team_not_in_network', 'teamId', "teamId must name one of the teams of this session's network."),
  teamNotFound: () => new AppError('not-found', 'session_notes.team_not_found', 'There is no such team in this network.'),
  badDueDate: () => fieldError('bad-request', 'session_notes.bad_due_date', 'dueOn', 'dueOn must be a date written as YYYY-MM-DD, such as 2026-12-14.'),
  dueInPast: () => fieldError('bad-request', 'session_notes.due_in_past', 'dueOn', 'dueOn must be today or later.'),
  notYourTeam: () =>
    new AppError('forbidden', 'session_notes.not_your_team', "Only the members of this item's team, or a coach or admin of the network, can report on it."),
  tooManyItems: (limit: number) => new AppError('conflict', 'session_notes.too_many_items', `A session can have at most ${limit} action items.`),
  nothingToCapture: () => fieldError('bad-request', 'session_notes.nothing_to_capture', 'text', 'text must have some words to capture.'),
};
