import type { Invitation, NetworkLevel, NetworkRole } from '$lib/api/client';
import { withArticle } from '$lib/format';

/** Levels from the top of a hierarchy down; a parent must sit higher than its child. */
export const LEVELS: NetworkLevel[] = ['global', 'national', 'subnational', 'organisation'];

/** Short names, for badges. */
export const LEVEL_NAMES: Record<NetworkLevel, string> = {
  global: 'Global',
  national: 'National',
  subnational: 'Regional',
  organisation: 'Organisation',
};

/** Longer names, for choosing a level. */
export const LEVEL_CHOICES: Record<NetworkLevel, string> = {
  global: 'Global',
  national: 'National',
  subnational: 'Regional (subnational)',
  organisation: 'Organisation',
};

export const ROLES: NetworkRole[] = ['member', 'coach', 'admin'];

export const ROLE_NAMES: Record<NetworkRole, string> = {
  member: 'Member',
  coach: 'Coach',
  admin: 'Admin',
};

/** A role inside a sentence: "You are an admin here". */
export function roleWithArticle(role: NetworkRole): string {
  return withArticle(ROLE_NAMES[role].toLowerCase());
}

export const ROLE_HINTS: Record<NetworkRole, string> = {
  member: 'takes part and shares what they learn',
  coach: 'also guides teams and looks after discussions',
  admin: 'also manages settings, people and invitations',
};

export const INVITATION_STATUS_NAMES: Record<Invitation['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Withdrawn',
  used: 'Used',
};

/** Whether `parent` may hold `child`: only a strictly higher level can. */
export function isHigherLevel(parent: NetworkLevel, child: NetworkLevel): boolean {
  return LEVELS.indexOf(parent) < LEVELS.indexOf(child);
}
