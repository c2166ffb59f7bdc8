import { AppError, fieldError } from '../platform/app-error';

export const SearchErrors = {
  unavailable: () =>
    new AppError(
      'unavailable',
      'search_unavailable',
      'Search is not available just now. Everything you write is kept and will be searchable again shortly; please try again in a minute.',
      30,
    ),
  badCursor: () => fieldError('bad-request', 'search.bad_cursor', 'cursor', 'cursor must be a nextCursor this search gave out'),
};
