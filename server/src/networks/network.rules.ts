/**
 * The pure rules of learning networks: levels, roles and who may do what. No I/O here, so that
 * every case can be checked by a unit test and every door (REST, socket.io, /collab, search)
 * reaches the same answer through NetworkAccessPolicy.
 */

export const NETWORK_LEVELS = ['organisation', 'subnational', 'national', 'global'] as const;
export type NetworkLevel = (typeof NETWORK_LEVELS)[number];

export const NETWORK_VISIBILITIES = ['public', 'private'] as const;
export type NetworkVisibility = (typeof NETWORK_VISIBILITIES)[number];

export const NETWORK_ROLES = ['member', 'coach', 'admin'] as const;
export type NetworkRole = (typeof NETWORK_ROLES)[number];

/**
 * What a caller wants to do in a network:
 * - read: see the network and what is in it;
 * - contribute: add or edit content (members and up);
 * - moderate: curate and moderate (coaches and admins);
 * - administer: settings, invitations, roles, membership (admins).
 */
export const NETWORK_ACTIONS = ['read', 'contribute', 'moderate', 'administer'] as const;
export type NetworkAction = (typeof NETWORK_ACTIONS)[number];

export type AccessDecision = 'allow' | 'forbidden' | 'not-found';

const ROLE_RANK: Record<NetworkRole, number> = { member: 1, coach: 2, admin: 3 };
const ACTION_NEEDS: Record<Exclude<NetworkAction, 'read'>, NetworkRole> = {
  contribute: 'member',
  moderate: 'coach',
  administer: 'admin',
};

export function roleAtLeast(role: NetworkRole | null, needed: NetworkRole): boolean {
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[needed];
}

/**
 * A private network is invisible to anyone who is not a member: every action answers
 * "not found", so that its existence does not leak. A public network can be read by any
 * signed-in person; doing more needs a role.
 */
export function decideNetworkAccess(
  visibility: NetworkVisibility,
  role: NetworkRole | null,
  action: NetworkAction,
): AccessDecision {
  if (role === null && visibility === 'private') return 'not-found';
  if (action === 'read') return 'allow';
  return roleAtLeast(role, ACTION_NEEDS[action]) ? 'allow' : 'forbidden';
}

export function levelRank(level: NetworkLevel): number {
  return NETWORK_LEVELS.indexOf(level);
}

/** A parent must sit at a strictly higher level than its child (organisation < subnational < national < global). */
export function isValidParentLevel(childLevel: NetworkLevel, parentLevel: NetworkLevel): boolean {
  return levelRank(parentLevel) > levelRank(childLevel);
}

/**
 * Whether making `parentId` the parent of `networkId` would close a loop. `ancestorsOfParent`
 * lists the parent's own ancestors (nearest first). With strictly rising levels a loop cannot
 * form, but the check stays so that the rule does not depend on another rule holding.
 */
export function wouldCreateCycle(networkId: string, parentId: string, ancestorsOfParent: string[]): boolean {
  return parentId === networkId || ancestorsOfParent.includes(networkId);
}

/** Demoting or removing the last admin would leave a network nobody can manage. */
export function leavesNoAdmin(currentRole: NetworkRole, nextRole: NetworkRole | null, adminCount: number): boolean {
  return currentRole === 'admin' && nextRole !== 'admin' && adminCount <= 1;
}
