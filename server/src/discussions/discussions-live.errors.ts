import { AppError } from '../platform/app-error';

/** Failures of the live door that REST has no equivalent of. */
export const DiscussionsLiveErrors = {
  notJoined: () => new AppError('conflict', 'discussions.live.not_joined', 'Join the thread (thread:join) before saying you are typing in it.'),
};
