import { AppError } from '../platform/app-error';

export const CollabErrors = {
  // The same answer for a document that does not exist and one the caller may not see.
  documentNotFound: () => new AppError('not-found', 'collab.document_not_found', 'There is no such document, or you cannot see it.'),
  tooManyConnections: () =>
    new AppError('too-many-requests', 'collab.too_many_connections', 'You have too many change packages open at once. Close a few tabs and try again.', 60),
};
