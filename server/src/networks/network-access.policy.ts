import { Injectable } from '@nestjs/common';
import type { MembershipEntity } from './membership.entity';
import type { NetworkEntity } from './network.entity';
import { NETWORK_ACTIONS, decideNetworkAccess, type AccessDecision, type NetworkAction, type NetworkRole } from './network.rules';
import { NetworksRepository, type FoundNetworkAccess } from './networks.repository';
import { NetworkErrors } from './networks.errors';

export interface NetworkAccess {
  network: NetworkEntity;
  membership: MembershipEntity | null;
  role: NetworkRole | null;
}

/**
 * The one answer to "may this user do X in this network". REST (through NetworkAccessGuard),
 * socket.io, /collab and search all ask here. A private network answers 404 to non-members.
 */
@Injectable()
export class NetworkAccessPolicy {
  constructor(private readonly networks: NetworksRepository) {}

  /** The network and the caller's membership, or a 404/403 AppError. */
  async require(userId: string, networkId: string, action: NetworkAction): Promise<NetworkAccess> {
    return this.decide(await this.networks.findNetworkWithMembership(networkId, userId), action);
  }

  /**
   * The same answer as require, from a network and membership the caller read itself in its own
   * query (networkAccessColumns), so that a door reached by another id (a thread's) needs one
   * round trip, not two. null (no such network) is "not found".
   */
  decide(found: FoundNetworkAccess | null, action: NetworkAction): NetworkAccess {
    const access = found ? { ...found, role: found.membership?.role ?? null } : null;
    if (!access) throw NetworkErrors.notFound();
    const decision = decideNetworkAccess(access.network.visibility, access.role, action);
    if (decision === 'not-found') throw NetworkErrors.notFound();
    if (decision === 'forbidden') throw NetworkErrors.forbidden(action);
    return access;
  }

  /** Whether the caller may do it, without throwing (for filters and live channels). */
  async allows(userId: string, networkId: string, action: NetworkAction): Promise<boolean> {
    const access = await this.lookup(userId, networkId);
    return access !== null && decideNetworkAccess(access.network.visibility, access.role, action) === 'allow';
  }

  /** Every action's decision from one lookup (for doors that need several answers at once, like /collab). */
  async decideAll(userId: string, networkId: string): Promise<Record<NetworkAction, AccessDecision> | null> {
    const access = await this.lookup(userId, networkId);
    if (!access) return null;
    return Object.fromEntries(
      NETWORK_ACTIONS.map((action) => [action, decideNetworkAccess(access.network.visibility, access.role, action)]),
    ) as Record<NetworkAction, AccessDecision>;
  }

  private async lookup(userId: string, networkId: string): Promise<NetworkAccess | null> {
    const found = await this.networks.findNetworkWithMembership(networkId, userId);
    return found ? { ...found, role: found.membership?.role ?? null } : null;
  }
}
