import { AppError, fieldError } from '../platform/app-error';
import { waitOf, withArticle } from '../shared/words';
import type { NetworkAction } from './network.rules';

/** A refusal per action, each with its own code, so that a client can tell which right was missing. */
const FORBIDDEN: Record<NetworkAction, () => AppError> = {
  read: () => new AppError('forbidden', 'networks.members_only', 'Only members can see this network.'),
  contribute: () => new AppError('forbidden', 'networks.contributors_only', 'Only members of this network can do this. Join the network first.'),
  moderate: () => new AppError('forbidden', 'networks.moderators_only', 'Only coaches and admins of this network can do this.'),
  administer: () => new AppError('forbidden', 'networks.admins_only', 'Only admins of this network can do this.'),
};

export const NetworkErrors = {
  notFound: () => new AppError('not-found', 'networks.not_found', 'There is no such network, or you cannot see it.'),
  forbidden: (action: NetworkAction) => FORBIDDEN[action](),
  parentNotFound: () => fieldError('bad-request', 'networks.parent_not_found', 'parentId', 'parentId does not name a network you can see.'),
  parentNotAdmin: () =>
    fieldError(
      'forbidden',
      'networks.parent_not_admin',
      'parentId',
      'parentId names a network you do not administer. Only its admins can place a network under it.',
    ),
  parentLevel: (childLevel: string, parentLevel: string) =>
    fieldError(
      'bad-request',
      'networks.parent_level',
      'parentId',
      `parentId must be a network at a higher level: ${withArticle(childLevel)} network cannot sit under ${withArticle(parentLevel)} network.`,
    ),
  childLevel: (level: string, childLevel: string) =>
    fieldError('bad-request', 'networks.child_level', 'level', `level cannot become ${level}: this network has ${withArticle(childLevel)} network under it.`),
  // Worded as the network form shows it: a level, and a larger network the network is "part of".
  nameTaken: (hasParent: boolean) =>
    fieldError(
      'conflict',
      'networks.name_taken',
      'name',
      `name is already used by another network at this level ${hasParent ? 'within the same larger network' : 'that is not part of a larger network'}. Choose a different name.`,
    ),
  tooManyCreated: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'networks.create_rate_limited',
      `You have created many networks in the last hour. Please wait ${waitOf(retryAfterSeconds)} before creating another.`,
      retryAfterSeconds,
    ),
  cycle: () => fieldError('bad-request', 'networks.cycle', 'parentId', 'parentId cannot be the network itself or one of its own sub-networks.'),
  alreadyMember: () => new AppError('conflict', 'networks.already_member', 'You are already a member of this network.'),
  notMember: () => new AppError('not-found', 'networks.member_not_found', 'That person is not a member of this network.'),
  lastAdmin: () =>
    new AppError(
      'conflict',
      'networks.last_admin',
      'A network needs at least one admin. Make someone else an admin first.',
    ),
  teamNotFound: () => new AppError('not-found', 'networks.team_not_found', 'There is no such team in this network.'),
  teamIdNotFound: () => fieldError('bad-request', 'networks.team_id_unknown', 'teamId', 'teamId does not name a team in this network.'),
  teamNameTaken: () => fieldError('conflict', 'networks.team_name_taken', 'name', 'name is already used by another team in this network.'),
  selfOnly: () =>
    new AppError('forbidden', 'networks.self_only', 'You can change your own team and partner flag; only admins can change roles or other members.'),
  invitationNotFound: () =>
    new AppError('not-found', 'networks.invitation_not_found', 'This invitation link is not valid. Ask the person who invited you for a new one.'),
  invitationExpired: () =>
    new AppError('not-found', 'networks.invitation_expired', 'This invitation has expired or was withdrawn. Ask the person who invited you for a new one.'),
  invitationForSomeoneElse: () =>
    new AppError(
      'forbidden',
      'networks.invitation_other_email',
      'This invitation was sent to a different email address. Sign in with that address to accept it.',
    ),
  invitationBeforeRemoval: () =>
    new AppError(
      'forbidden',
      'networks.invitation_before_removal',
      'An admin of this network removed you after this link was made, so it no longer lets you in. Ask an admin for a new invitation.',
    ),
  invitationUsed: () =>
    new AppError('conflict', 'networks.invitation_used', 'This invitation has already been used. Ask the person who invited you for a new one.'),
  // Only said to someone who is in the network, so naming it reveals nothing.
  invitationAlreadyMember: (networkName: string) =>
    new AppError('conflict', 'networks.invitation_already_member', `You are already a member of ${networkName}. This invitation no longer works, and you do not need it.`),
};
