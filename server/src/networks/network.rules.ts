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

/** The yes-or-no form of decideNetworkAccess, for code that only needs to know whether it may. */
export function networkAllows(visibility: NetworkVisibility, role: NetworkRole | null, action: NetworkAction): boolean {
  return decideNetworkAccess(visibility, role, action) === 'allow';
}

/** Whether everyone signed in may read the network, whoever they are (a member or not). */
export function readableByEveryone(visibility: NetworkVisibility): boolean {
  return networkAllows(visibility, null, 'read');
}

export type JoinDecision = 'allow' | 'already-member' | 'invitation-only';

/** Anyone may join a public network on their own; a private one is joined by invitation only. */
export function decideJoin(visibility: NetworkVisibility, role: NetworkRole | null): JoinDecision {
  if (role !== null) return 'already-member';
  return visibility === 'public' ? 'allow' : 'invitation-only';
}

/** Why a member may not leave (or lose their admin role): today only that they are the last admin. */
export type LeaveBlockedBy = 'last-admin';

/** What the caller may do with a network, computed from the rules above and sent with it. */
export interface NetworkAbilities {
  contribute: boolean;
  moderate: boolean;
  administer: boolean;
  join: boolean;
  leave: boolean;
  /** Set when the caller is a member who may not leave. */
  leaveBlockedBy: LeaveBlockedBy | null;
}

export function networkAbilities(visibility: NetworkVisibility, role: NetworkRole | null, adminCount: number): NetworkAbilities {
  const member = role !== null;
  const lastAdmin = member && leavesNoAdmin(role, null, adminCount);
  return {
    contribute: networkAllows(visibility, role, 'contribute'),
    moderate: networkAllows(visibility, role, 'moderate'),
    administer: networkAllows(visibility, role, 'administer'),
    join: decideJoin(visibility, role) === 'allow',
    // Leaving is open to whoever belongs (the route asks for "contribute", which every member has).
    leave: networkAllows(visibility, role, 'contribute') && !lastAdmin,
    leaveBlockedBy: lastAdmin ? 'last-admin' : null,
  };
}

/** The person looking at a network's members: who they are and their role there. */
export interface Viewer {
  userId: string;
  role: NetworkRole | null;
  visibility: NetworkVisibility;
}

/**
 * Admins change anyone's role and details (team, partner flag); every other member changes only
 * their own details.
 */
export function mayChangeMember(viewer: Viewer, memberUserId: string, what: 'role' | 'details'): boolean {
  if (networkAllows(viewer.visibility, viewer.role, 'administer')) return true;
  return what === 'details' && viewer.userId === memberUserId && networkAllows(viewer.visibility, viewer.role, 'contribute');
}

/** What the viewer may do to one member, sent with the member. */
export interface MemberAbilities {
  changeRole: boolean;
  changeTeam: boolean;
  changePartnerFlag: boolean;
  remove: boolean;
}

export function memberAbilities(viewer: Viewer, member: { userId: string; role: NetworkRole }, adminCount: number): MemberAbilities {
  const lastAdmin = leavesNoAdmin(member.role, null, adminCount);
  const details = mayChangeMember(viewer, member.userId, 'details');
  return {
    changeRole: mayChangeMember(viewer, member.userId, 'role') && !lastAdmin,
    changeTeam: details,
    changePartnerFlag: details,
    remove: networkAllows(viewer.visibility, viewer.role, 'administer') && !lastAdmin,
  };
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
