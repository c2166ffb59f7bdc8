import { AppError } from '../platform/app-error';

export const ChangePackageErrors = {
  notFound: () => new AppError('not-found', 'change_packages.not_found', 'There is no such change package, or you cannot see it.'),
};
