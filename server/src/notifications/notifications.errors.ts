import { AppError, fieldError } from '../platform/app-error';

export const NotificationErrors = {
  badUnsubscribeToken: () =>
    fieldError('bad-request', 'notifications.unsubscribe_token_invalid', 'token', 'token is not a valid unsubscribe link. Open the link from the e-mail again, or change your choices in your profile.'),
  badCursor: () => fieldError('bad-request', 'notifications.cursor_invalid', 'cursor', 'cursor is not one this list gave out.'),
  notYourNetwork: (index: number) =>
    fieldError('not-found', 'notifications.network_not_yours', `networks.${index}.networkId`, `networks.${index}.networkId is not a network you belong to.`),
  unsubscribeUserGone: () => new AppError('not-found', 'notifications.unsubscribe_user_gone', 'This account no longer exists, so it receives no e-mail.'),
};

export const MarkReadErrors = {
  nothingNamed: () => fieldError('bad-request', 'notifications.read_names_nothing', 'ids', 'ids must name notifications, or all must be true.'),
  both: () => fieldError('bad-request', 'notifications.read_both', 'all', 'all cannot be given together with ids.'),
};
