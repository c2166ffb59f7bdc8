import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../common/request-context';
import { CONFIG, type Config } from '../platform/config';
import { RateLimiter, type RateLimitHit, type RateLimitRule } from '../platform/rate-limiter';
import { Transactions } from '../platform/transactions';
import { MembershipsRepository } from './memberships.repository';
import type { NetworkAccess } from './network-access.policy';
import { NetworkEvents } from './network-events';
import { isValidParentLevel, levelRank, networkAllows, wouldCreateCycle, type NetworkLevel } from './network.rules';
import {
  toNetworkDto,
  toNetworkLink,
  type CreateNetworkBody,
  type ListNetworksQuery,
  type NetworkDto,
  type NetworkLinkDto,
  type NetworkPageDto,
  type NetworkTreeDto,
  type NetworkTreeNodeDto,
  type UpdateNetworkBody,
} from './networks.dto';
import { NetworkErrors } from './networks.errors';
import { NetworksRepository } from './networks.repository';

/** Networks themselves: creating, finding, editing and placing them in the hierarchy. */
@Injectable()
export class NetworksService {
  /** Networks one account may create in an hour (NETWORKS_PER_HOUR), so that nobody can fill the directory. */
  private readonly creationsPerAccount: RateLimitRule;

  constructor(
    private readonly networks: NetworksRepository,
    private readonly memberships: MembershipsRepository,
    private readonly transactions: Transactions,
    private readonly events: NetworkEvents,
    private readonly rateLimiter: RateLimiter,
    @Inject(CONFIG) config: Config,
  ) {
    this.creationsPerAccount = { name: 'networks-created:account', limit: config.networksPerHour, windowSeconds: 60 * 60 };
  }

  async create(caller: Caller, body: CreateNetworkBody): Promise<NetworkDto> {
    // Taken before the network is made, so that parallel requests cannot all slip under the limit;
    // a creation that is refused (a name taken, a parent out of reach) gives its hit back.
    const creation: RateLimitHit = { rule: this.creationsPerAccount, subject: caller.userId };
    const verdict = await this.rateLimiter.take(creation);
    if (!verdict.allowed) throw NetworkErrors.tooManyCreated(verdict.retryAfterSeconds);
    const id = await this.insertWithAdmin(caller, body).catch(async (error: unknown) => {
      await this.rateLimiter.giveBack(creation);
      throw error;
    });
    return this.get(caller, id);
  }

  /** The network, and its creator as its first admin, in one transaction; its id. */
  private insertWithAdmin(caller: Caller, body: CreateNetworkBody): Promise<string> {
    return this.transactions.run(async (manager) => {
      if (body.parentId) await this.checkParent(caller, body.level, body.parentId, null, manager);
      const parentId = body.parentId ?? null;
      const networkId = await this.networks.insertNetwork(
        {
          name: body.name,
          description: body.description?.trim() ?? '',
          level: body.level,
          visibility: body.visibility,
          parentId,
          createdBy: caller.userId,
        },
        manager,
      );
      if (!networkId) throw NetworkErrors.nameTaken(parentId !== null);
      await this.memberships.insertMembership({ networkId, userId: caller.userId, role: 'admin' }, manager);
      return networkId;
    });
  }

  async list(caller: Caller, query: ListNetworksQuery): Promise<NetworkPageDto> {
    const { rows, total } = await this.networks.listVisible(caller.userId, {
      level: query.level,
      search: query.q || undefined,
      mine: query.mine,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
    return { items: rows.map(toNetworkDto), total };
  }

  /** Called after the access guard, so the network is known to be visible. */
  async get(caller: Caller, networkId: string): Promise<NetworkDto> {
    const row = await this.networks.findNetworkFor(networkId, caller.userId);
    if (!row) throw NetworkErrors.notFound();
    return toNetworkDto(row);
  }

  async update(caller: Caller, access: NetworkAccess, body: UpdateNetworkBody): Promise<NetworkDto> {
    const { network } = access;
    await this.transactions.run(async (manager) => {
      const level = body.level ?? network.level;
      if (body.level && body.level !== network.level) {
        const highestChild = await this.networks.highestChildLevel(network.id);
        if (highestChild && levelRank(highestChild) >= levelRank(body.level)) throw NetworkErrors.childLevel(body.level, highestChild);
      }
      const parentId = body.parentId === undefined ? network.parentId : body.parentId;
      if (parentId && (parentId !== network.parentId || level !== network.level)) {
        await this.checkParent(caller, level, parentId, network.id, manager);
      }
      const updated = await this.networks.updateNetwork(
        network.id,
        {
          ...(body.name !== undefined && { name: body.name }),
          ...(body.description !== undefined && { description: body.description.trim() }),
          ...(body.level !== undefined && { level: body.level }),
          ...(body.visibility !== undefined && { visibility: body.visibility }),
          ...(body.parentId !== undefined && { parentId: body.parentId }),
          ...(body.allowAnonymousPosts !== undefined && { allowAnonymousPosts: body.allowAnonymousPosts }),
        },
        manager,
      );
      if (!updated) throw NetworkErrors.nameTaken(parentId !== null);
    });
    this.events.networkChanged(network.id, body.visibility !== undefined && body.visibility !== network.visibility);
    return this.get(caller, network.id);
  }

  /**
   * The hierarchy around a network as the caller may see it: the repository leaves out, by the
   * access rule, every network above the first one the caller may not read, and every hidden
   * network below together with what is under it, so that a private network's place does not leak.
   */
  async tree(caller: Caller, networkId: string): Promise<NetworkTreeDto> {
    const network = await this.get(caller, networkId);
    const ancestors = (await this.networks.visibleAncestorsOf(networkId, caller.userId)).map(toNetworkLink).reverse();

    const nodes = new Map<string, NetworkTreeNodeDto>();
    const roots: NetworkTreeNodeDto[] = [];
    // Breadth first, so that a node's parent is always placed before it.
    for (const row of await this.networks.visibleDescendantsOf(networkId, caller.userId)) {
      const node: NetworkTreeNodeDto = { ...toNetworkLink(row), children: [] };
      nodes.set(row.id, node);
      const parent = row.parentId === networkId ? null : nodes.get(row.parentId ?? '');
      (parent ? parent.children : roots).push(node);
    }
    return { network, ancestors, children: roots };
  }

  /**
   * The networks this one could be placed under, for its settings: those the caller administers,
   * never the network itself or one of its own sub-networks (which would make a loop), and its
   * current parent even when the caller does not administer it, so that keeping it stays a choice.
   * The form offers those above the level chosen there.
   */
  async parentChoices(caller: Caller, access: NetworkAccess): Promise<NetworkLinkDto[]> {
    const { network } = access;
    const choices = await this.networks.administeredOutside(network.id, caller.userId);
    if (network.parentId && !choices.some((choice) => choice.id === network.parentId)) {
      const [parent] = await this.networks.visibleAncestorsOf(network.id, caller.userId);
      if (parent?.id === network.parentId) choices.push(parent);
    }
    return choices.map(toNetworkLink);
  }

  /**
   * A parent must exist and be visible, sit at a strictly higher level, not be the network
   * itself or below it, and be administered by the caller: placing a network under another
   * is a decision of the parent's admins.
   */
  private async checkParent(
    caller: Caller,
    level: NetworkLevel,
    parentId: string,
    networkId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    const parent = await this.networks.findNetwork(parentId, manager);
    const role = parent ? ((await this.memberships.findMembership(parentId, caller.userId, manager))?.role ?? null) : null;
    if (!parent || !networkAllows(parent.visibility, role, 'read')) throw NetworkErrors.parentNotFound();
    if (networkId && wouldCreateCycle(networkId, parentId, await this.networks.ancestorIdsOf(parentId, manager))) throw NetworkErrors.cycle();
    if (!isValidParentLevel(level, parent.level)) throw NetworkErrors.parentLevel(level, parent.level);
    if (!networkAllows(parent.visibility, role, 'administer')) throw NetworkErrors.parentNotAdmin();
  }
}
