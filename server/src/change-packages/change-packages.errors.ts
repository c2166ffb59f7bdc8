import { AppError, fieldError } from '../platform/app-error';
import { waitOf } from '../shared/words';

export const ChangePackageErrors = {
  notFound: () => new AppError('not-found', 'change_packages.not_found', 'There is no such change package, or you cannot see it.'),
  versionNotFound: () => new AppError('not-found', 'change_packages.version_not_found', 'There is no such version of this change package.'),
  notAnAdaptation: () =>
    new AppError('bad-request', 'change_packages.not_adaptation', 'This change package was not adapted from another, so there is nothing upstream to pull.'),
  sourceGone: () =>
    new AppError('not-found', 'change_packages.source_gone', 'The package this was adapted from no longer exists, or you can no longer see it.'),
  ideaNotFound: () => new AppError('not-found', 'change_packages.idea_not_found', 'There is no such change idea in this package.'),
  tooManyVersions: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'change_packages.versions_rate_limited',
      `You have named many versions of this change package in the last hour. Please wait ${waitOf(retryAfterSeconds)} and try again.`,
      retryAfterSeconds,
    ),
  sameNetwork: () =>
    fieldError('bad-request', 'change_packages.same_network', 'networkId', 'networkId must be another network than the one the package is in.'),
};
