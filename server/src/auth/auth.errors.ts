import { AppError, fieldError } from '../platform/app-error';
import { waitOf } from '../shared/words';

export const AuthErrors = {
  notSignedIn: () => new AppError('unauthorized', 'auth.not_signed_in', 'Please sign in to continue.'),
  badCredentials: () =>
    new AppError('unauthorized', 'auth.bad_credentials', 'That email and password do not match an account.'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new AppError('too-many-requests', 'auth.rate_limited', `Too many attempts. Please wait ${waitOf(retryAfterSeconds)} and try again.`, retryAfterSeconds),
  tooManyPasswordChanges: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'auth.password_change_rate_limited',
      `Too many wrong current passwords. Please wait ${waitOf(retryAfterSeconds)} and try again.`,
      retryAfterSeconds,
    ),
  sessionNotFound: () => new AppError('not-found', 'auth.session_not_found', 'That session does not exist or has ended.'),
  wrongPassword: () => fieldError('bad-request', 'auth.wrong_password', 'currentPassword', 'currentPassword is not your current password.'),
};
