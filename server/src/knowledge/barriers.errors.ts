import { AppError, fieldError } from '../platform/app-error';

export const BarrierErrors = {
  notFound: () => new AppError('not-found', 'barriers.not_found', 'There is no such systemic barrier, or you cannot see it.'),
  badCursor: () => fieldError('bad-request', 'barriers.bad_cursor', 'cursor', 'cursor is not one this list gave out.'),
  responderNetworkNotFound: () =>
    fieldError('bad-request', 'barriers.responder_network_not_found', 'networkId', 'networkId does not name a network you can see.'),
  notAbove: () =>
    fieldError(
      'bad-request',
      'barriers.not_above',
      'networkId',
      "networkId names a network whose register does not hold this barrier: answer from a network above the one that raised it.",
    ),
  respondersOnly: () =>
    fieldError('forbidden', 'barriers.responders_only', 'networkId', 'networkId names a network where you are not a coach or admin.'),
  noHigherRole: () =>
    new AppError('forbidden', 'barriers.no_higher_role', 'Only coaches and admins of a network above the one that raised this barrier can answer it.'),
  notInRegister: () =>
    fieldError('bad-request', 'barriers.not_in_register', 'barrierIds', "barrierIds names a barrier that is not in this network's register."),
  notLinked: () => new AppError('conflict', 'barriers.not_linked', 'This barrier is not linked to any other.'),
  linkedAbove: () =>
    new AppError(
      'forbidden',
      'barriers.linked_above',
      "This barrier is linked to barriers outside this network's register: coaches and admins of a network above them all can unlink it.",
    ),
};
