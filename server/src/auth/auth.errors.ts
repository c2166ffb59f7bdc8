import { AppError, fieldError } from '../platform/app-error';
import { count } from '../shared/words';

export const AuthErrors = {
  notSignedIn: () => new AppError('unauthorized', 'auth.not_signed_in', 'Please sign in to continue.'),
  badCredentials: () =>
    new AppError('unauthorized', 'auth.bad_credentials', 'That email and password do not match an account.'),
  emailTaken: () => fieldError('conflict', 'auth.email_taken', 'email', 'email is already used by an account. Try signing in instead.'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'auth.rate_limited',
      `Too many attempts. Please wait ${count(Math.max(1, Math.ceil(retryAfterSeconds / 60)), 'minute')} and try again.`,
      retryAfterSeconds,
    ),
  sessionNotFound: () => new AppError('not-found', 'auth.session_not_found', 'That session does not exist or has ended.'),
  wrongPassword: () => fieldError('bad-request', 'auth.wrong_password', 'currentPassword', 'currentPassword is not your current password.'),
};
