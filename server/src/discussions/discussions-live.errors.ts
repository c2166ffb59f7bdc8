import { AppError } from '../platform/app-error';
import { waitOf } from '../shared/words';

/** Failures of the live door that REST has no equivalent of. */
export const DiscussionsLiveErrors = {
  joinsRateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'discussions.live.joins_rate_limited',
      `You have opened discussions very often in a short time. Please wait ${waitOf(retryAfterSeconds)} before opening another.`,
      retryAfterSeconds,
    ),
  notJoined: () => new AppError('conflict', 'discussions.live.not_joined', 'Join the thread (thread:join) before saying you are typing in it.'),
};
