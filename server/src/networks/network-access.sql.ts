import type { NetworkAction } from './network.rules';

/**
 * The access rule of network.rules.ts as SQL conditions, for list queries that must filter many
 * rows at once instead of asking the policy row by row. Every list filter uses these, never its
 * own copy; a test runs them against PostgreSQL for every visibility × role and checks that they
 * agree with decideNetworkAccess.
 *
 * `visibility` and `role` are SQL expressions: the network's visibility column and the caller's
 * membership role (NULL when the caller is not a member).
 */
export function networkAllowsSql(action: NetworkAction, { visibility, role }: { visibility: string; role: string }): string {
  switch (action) {
    case 'read':
      return `(${visibility} = 'public' OR ${role} IS NOT NULL)`;
    case 'contribute':
      return `(${role} IN ('member', 'coach', 'admin'))`;
    case 'moderate':
      return `(${role} IN ('coach', 'admin'))`;
    case 'administer':
      return `(${role} = 'admin')`;
  }
}
