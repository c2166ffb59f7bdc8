import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { hashToken, newToken } from '../auth/tokens';
import type { Caller } from '../common/request-context';
import { CONFIG, type Config } from '../platform/config';
import type { NetworkAccess } from './network-access.policy';
import { NetworkEvents } from './network-events';
import {
  decideNetworkAccess,
  isValidParentLevel,
  leavesNoAdmin,
  levelRank,
  roleAtLeast,
  wouldCreateCycle,
  type NetworkLevel,
} from './network.rules';
import {
  invitationStatus,
  toInvitationDto,
  toMemberDto,
  toNetworkDto,
  toNetworkLink,
  type CreateInvitationBody,
  type CreateNetworkBody,
  type CreatedInvitationDto,
  type InvitationPreviewDto,
  type ListNetworksQuery,
  type MemberDto,
  type NetworkDto,
  type NetworkPageDto,
  type NetworkTreeDto,
  type NetworkTreeNodeDto,
  type TeamDto,
  type UpdateMemberBody,
  type UpdateNetworkBody,
} from './networks.dto';
import { NetworkErrors } from './networks.errors';
import { NetworksRepository } from './networks.repository';

const DAY_MS = 24 * 3600 * 1000;

@Injectable()
export class NetworksService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly networks: NetworksRepository,
    private readonly events: NetworkEvents,
  ) {}

  // ---- networks -------------------------------------------------------------------------

  async create(caller: Caller, body: CreateNetworkBody): Promise<NetworkDto> {
    const id = await this.networks.transaction(async (manager) => {
      if (body.parentId) await this.checkParent(caller, body.level, body.parentId, null, manager);
      const network = await this.networks.insertNetwork(
        {
          name: body.name,
          description: body.description?.trim() ?? '',
          level: body.level,
          visibility: body.visibility,
          parentId: body.parentId ?? null,
          createdBy: caller.userId,
        },
        manager,
      );
      await this.networks.insertMembership({ networkId: network.id, userId: caller.userId, role: 'admin' }, manager);
      return network.id;
    });
    return this.get(caller, id);
  }

  async list(caller: Caller, query: ListNetworksQuery): Promise<NetworkPageDto> {
    const { rows, total } = await this.networks.listVisible(caller.userId, {
      level: query.level,
      search: query.q || undefined,
      onlyMine: query.mine ?? false,
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
    await this.networks.transaction(async (manager) => {
      const level = body.level ?? network.level;
      if (body.level && body.level !== network.level) {
        const highestChild = await this.networks.highestChildLevel(network.id);
        if (highestChild && levelRank(highestChild) >= levelRank(body.level)) throw NetworkErrors.childLevel(body.level, highestChild);
      }
      const parentId = body.parentId === undefined ? network.parentId : body.parentId;
      if (parentId && (parentId !== network.parentId || level !== network.level)) {
        await this.checkParent(caller, level, parentId, network.id, manager);
      }
      await this.networks.updateNetwork(
        network.id,
        {
          ...(body.name !== undefined && { name: body.name }),
          ...(body.description !== undefined && { description: body.description.trim() }),
          ...(body.level !== undefined && { level: body.level }),
          ...(body.visibility !== undefined && { visibility: body.visibility }),
          ...(body.parentId !== undefined && { parentId: body.parentId }),
        },
        manager,
      );
    });
    this.events.networkChanged(network.id, body.visibility !== undefined && body.visibility !== network.visibility);
    return this.get(caller, network.id);
  }

  /**
   * The hierarchy around a network as the caller may see it. Walking up stops at the first
   * network the caller cannot see; walking down skips a hidden network and everything below it,
   * so that a private network's place in the tree does not leak.
   */
  async tree(caller: Caller, networkId: string): Promise<NetworkTreeDto> {
    const network = await this.get(caller, networkId);
    const visible = (row: { visibility: 'public' | 'private'; myRole: NetworkDto['myRole'] }) =>
      decideNetworkAccess(row.visibility, row.myRole, 'read') === 'allow';

    const ancestors = [];
    for (const row of await this.networks.ancestorsOf(networkId, caller.userId)) {
      if (!visible(row)) break;
      ancestors.unshift(toNetworkLink(row));
    }

    const nodes = new Map<string, NetworkTreeNodeDto>();
    const roots: NetworkTreeNodeDto[] = [];
    for (const row of await this.networks.descendantsOf(networkId, caller.userId)) {
      if (!visible(row)) continue;
      const parent = row.parentId === networkId ? null : nodes.get(row.parentId ?? '');
      // A row whose parent was hidden (or skipped) is hidden with it.
      if (row.parentId !== networkId && !parent) continue;
      const node: NetworkTreeNodeDto = { ...toNetworkLink(row), children: [] };
      nodes.set(row.id, node);
      (parent ? parent.children : roots).push(node);
    }
    return { network, ancestors, children: roots };
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
    const membership = parent ? await this.networks.findMembership(parentId, caller.userId, manager) : null;
    if (!parent || decideNetworkAccess(parent.visibility, membership?.role ?? null, 'read') !== 'allow') {
      throw NetworkErrors.parentNotFound();
    }
    if (networkId) {
      const ancestors = await this.networks.ancestorsOf(parentId, caller.userId, manager);
      if (wouldCreateCycle(networkId, parentId, ancestors.map((row) => row.id))) throw NetworkErrors.cycle();
    }
    if (!isValidParentLevel(level, parent.level)) throw NetworkErrors.parentLevel(level, parent.level);
    if (!roleAtLeast(membership?.role ?? null, 'admin')) throw NetworkErrors.parentNotAdmin();
  }

  // ---- membership -----------------------------------------------------------------------

  async join(caller: Caller, access: NetworkAccess): Promise<NetworkDto> {
    const { network } = access;
    if (access.role !== null) throw NetworkErrors.alreadyMember();
    // Private networks are joined by invitation only (and are invisible to non-members anyway).
    if (network.visibility !== 'public') throw NetworkErrors.notFound();
    const added = await this.networks.insertMembership({ networkId: network.id, userId: caller.userId, role: 'member' });
    if (!added) throw NetworkErrors.alreadyMember();
    this.events.membersChanged(network.id, [caller.userId]);
    return this.get(caller, network.id);
  }

  async leave(caller: Caller, networkId: string): Promise<void> {
    await this.removeMember(networkId, caller.userId);
  }

  async listMembers(access: NetworkAccess): Promise<MemberDto[]> {
    const showEmail = roleAtLeast(access.role, 'admin');
    return (await this.networks.listMembers(access.network.id)).map((row) => toMemberDto(row, showEmail));
  }

  /** Admins change anything; a member may change only their own team and partner flag. */
  async updateMember(caller: Caller, access: NetworkAccess, userId: string, body: UpdateMemberBody): Promise<MemberDto> {
    const networkId = access.network.id;
    const isAdmin = roleAtLeast(access.role, 'admin');
    if (!isAdmin && (userId !== caller.userId || body.role !== undefined)) throw NetworkErrors.selfOnly();
    if (body.teamId && !(await this.networks.findTeam(networkId, body.teamId))) throw NetworkErrors.teamIdNotFound();

    await this.networks.transaction(async (manager) => {
      const membership = await this.networks.findMembership(networkId, userId, manager);
      if (!membership) throw NetworkErrors.notMember();
      if (body.role && body.role !== membership.role) {
        const admins = await this.networks.countAdminsForUpdate(networkId, manager);
        if (leavesNoAdmin(membership.role, body.role, admins)) throw NetworkErrors.lastAdmin();
      }
      await this.networks.updateMembership(
        networkId,
        userId,
        {
          ...(body.role !== undefined && { role: body.role }),
          ...(body.isPatientPartner !== undefined && { isPatientPartner: body.isPatientPartner }),
          ...(body.teamId !== undefined && { teamId: body.teamId }),
        },
        manager,
      );
    });
    this.events.membersChanged(networkId, body.role ? [userId] : []);
    const [member] = await this.networks.listMembers(networkId, userId);
    if (!member) throw NetworkErrors.notMember();
    return toMemberDto(member, isAdmin);
  }

  async removeMember(networkId: string, userId: string): Promise<void> {
    await this.networks.transaction(async (manager) => {
      const membership = await this.networks.findMembership(networkId, userId, manager);
      if (!membership) throw NetworkErrors.notMember();
      const admins = membership.role === 'admin' ? await this.networks.countAdminsForUpdate(networkId, manager) : 0;
      if (leavesNoAdmin(membership.role, null, admins)) throw NetworkErrors.lastAdmin();
      await this.networks.deleteMembership(networkId, userId, manager);
    });
    this.events.membersChanged(networkId, [userId]);
  }

  // ---- teams ----------------------------------------------------------------------------

  async listTeams(networkId: string): Promise<TeamDto[]> {
    return (await this.networks.listTeams(networkId)).map((team) => ({
      id: team.id,
      name: team.name,
      memberCount: team.memberCount,
      createdAt: new Date(team.createdAt).toISOString(),
    }));
  }

  async createTeam(networkId: string, name: string): Promise<TeamDto> {
    const team = await this.networks.insertTeam(networkId, name);
    if (!team) throw NetworkErrors.teamNameTaken();
    this.events.membersChanged(networkId);
    return { id: team.id, name: team.name, memberCount: 0, createdAt: team.createdAt.toISOString() };
  }

  async renameTeam(networkId: string, teamId: string, name: string): Promise<TeamDto> {
    if (!(await this.networks.findTeam(networkId, teamId))) throw NetworkErrors.teamNotFound();
    if (!(await this.networks.renameTeam(teamId, name))) throw NetworkErrors.teamNameTaken();
    this.events.membersChanged(networkId);
    const team = (await this.listTeams(networkId)).find((row) => row.id === teamId);
    if (!team) throw NetworkErrors.teamNotFound();
    return team;
  }

  /** Members of a deleted team stay in the network, without a team. */
  async deleteTeam(networkId: string, teamId: string): Promise<void> {
    if (!(await this.networks.findTeam(networkId, teamId))) throw NetworkErrors.teamNotFound();
    await this.networks.deleteTeam(teamId);
    this.events.membersChanged(networkId);
  }

  // ---- invitations ----------------------------------------------------------------------

  async createInvitation(caller: Caller, networkId: string, body: CreateInvitationBody): Promise<CreatedInvitationDto> {
    const token = newToken();
    const invitation = await this.networks.insertInvitation({
      networkId,
      tokenHash: hashToken(token, this.config.sessionSecret),
      role: body.role,
      email: body.email ?? null,
      createdBy: caller.userId,
      expiresAt: new Date(Date.now() + (body.expiresInDays ?? 7) * DAY_MS),
    });
    const url = new URL(`/invitations/${token}`, this.config.publicUrl).toString();
    return { ...toInvitationDto(invitation), token, url };
  }

  async listInvitations(networkId: string) {
    return (await this.networks.listInvitations(networkId)).map(toInvitationDto);
  }

  async revokeInvitation(networkId: string, invitationId: string): Promise<void> {
    if (!(await this.networks.revokeInvitation(networkId, invitationId))) throw NetworkErrors.invitationNotFound();
  }

  /** What an invitation is for, so that the invitee can decide before signing up or in. */
  async previewInvitation(token: string): Promise<InvitationPreviewDto> {
    const invitation = await this.networks.findInvitationByTokenHash(hashToken(token, this.config.sessionSecret));
    if (!invitation) throw NetworkErrors.invitationNotFound();
    if (invitationStatus(invitation) !== 'active') throw NetworkErrors.invitationExpired();
    const network = await this.networks.findNetwork(invitation.networkId);
    if (!network) throw NetworkErrors.invitationNotFound();
    return {
      networkId: network.id,
      networkName: network.name,
      networkLevel: network.level,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      forOnePerson: invitation.email !== null,
    };
  }

  /**
   * Joins the network with the invited role. Someone who is already a member keeps the higher
   * of their role and the invited one.
   */
  async acceptInvitation(caller: Caller, token: string): Promise<NetworkDto> {
    const networkId = await this.networks.transaction(async (manager) => {
      const invitation = await this.networks.findInvitationByTokenHash(hashToken(token, this.config.sessionSecret), manager, true);
      if (!invitation) throw NetworkErrors.invitationNotFound();
      const status = invitationStatus(invitation);
      if (status === 'used') throw NetworkErrors.invitationUsed();
      if (status !== 'active') throw NetworkErrors.invitationExpired();
      if (invitation.email && invitation.email !== caller.email) throw NetworkErrors.invitationForSomeoneElse();

      const existing = await this.networks.findMembership(invitation.networkId, caller.userId, manager);
      if (!existing) {
        await this.networks.insertMembership({ networkId: invitation.networkId, userId: caller.userId, role: invitation.role }, manager);
      } else if (!roleAtLeast(existing.role, invitation.role)) {
        await this.networks.updateMembership(invitation.networkId, caller.userId, { role: invitation.role }, manager);
      }
      await this.networks.countInvitationAcceptance(invitation.id, manager);
      return invitation.networkId;
    });
    this.events.membersChanged(networkId, [caller.userId]);
    return this.get(caller, networkId);
  }
}
