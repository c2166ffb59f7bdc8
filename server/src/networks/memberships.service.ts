import { Injectable } from '@nestjs/common';
import type { Caller } from '../common/request-context';
import { Transactions } from '../platform/transactions';
import { SearchOutbox } from '../search/search-outbox';
import { toMemberDto, type MemberDto, type UpdateMemberBody } from './memberships.dto';
import { MembershipsRepository } from './memberships.repository';
import type { NetworkAccess } from './network-access.policy';
import { NetworkEvents } from './network-events';
import { decideJoin, leavesNoAdmin, mayChangeMember, type Viewer } from './network.rules';
import type { NetworkDto } from './networks.dto';
import { NetworkErrors } from './networks.errors';
import { NetworksService } from './networks.service';
import { TeamsRepository } from './teams.repository';

/** Who belongs to a network, with which role, team and partner flag; joining and leaving. */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly teams: TeamsRepository,
    private readonly networks: NetworksService,
    private readonly transactions: Transactions,
    private readonly events: NetworkEvents,
    private readonly outbox: SearchOutbox,
  ) {}

  async join(caller: Caller, access: NetworkAccess): Promise<NetworkDto> {
    const { network } = access;
    const decision = decideJoin(network.visibility, access.role);
    if (decision === 'already-member') throw NetworkErrors.alreadyMember();
    // Private networks are joined by invitation only (and are invisible to non-members anyway).
    if (decision === 'invitation-only') throw NetworkErrors.notFound();
    const added = await this.memberships.insertMembership({ networkId: network.id, userId: caller.userId, role: 'member' });
    if (!added) throw NetworkErrors.alreadyMember();
    this.events.membersChanged(network.id, [caller.userId]);
    return this.networks.get(caller, network.id);
  }

  async leave(caller: Caller, networkId: string): Promise<void> {
    await this.removeMembership(networkId, caller.userId, false);
  }

  /** An admin removes someone: an invitation link made before now no longer lets them back in. */
  async removeMember(caller: Caller, networkId: string, userId: string): Promise<void> {
    await this.removeMembership(networkId, userId, userId !== caller.userId);
  }

  async listMembers(caller: Caller, access: NetworkAccess): Promise<MemberDto[]> {
    const viewer = viewerOf(caller, access);
    return (await this.memberships.listMembers(access.network.id)).map((row) => toMemberDto(row, viewer));
  }

  /** Admins change anything; a member may change only their own team and partner flag. */
  async updateMember(caller: Caller, access: NetworkAccess, userId: string, body: UpdateMemberBody): Promise<MemberDto> {
    const networkId = access.network.id;
    const viewer = viewerOf(caller, access);
    if (!mayChangeMember(viewer, userId, 'details') || (body.role !== undefined && !mayChangeMember(viewer, userId, 'role'))) {
      throw NetworkErrors.selfOnly();
    }
    if (body.teamId && !(await this.teams.findTeam(networkId, body.teamId))) throw NetworkErrors.teamIdNotFound();

    await this.transactions.run(async (manager) => {
      const membership = await this.memberships.findMembership(networkId, userId, manager);
      if (!membership) throw NetworkErrors.notMember();
      if (body.role && body.role !== membership.role) {
        const admins = await this.memberships.countAdminsForUpdate(networkId, manager);
        if (leavesNoAdmin(membership.role, body.role, admins)) throw NetworkErrors.lastAdmin();
      }
      await this.memberships.updateMembership(
        networkId,
        userId,
        {
          ...(body.role !== undefined && { role: body.role }),
          ...(body.isPatientPartner !== undefined && { isPatientPartner: body.isPatientPartner }),
          ...(body.teamId !== undefined && { teamId: body.teamId }),
        },
        manager,
      );
      // A thread or reply found in search shows its writer's team: a move to another team reaches the index in this commit.
      if (body.teamId !== undefined && body.teamId !== membership.teamId) await this.outbox.nameChanged(manager, { kind: 'user', userId });
    });
    this.events.membersChanged(networkId, body.role ? [userId] : []);
    const [member] = await this.memberships.listMembers(networkId, userId);
    if (!member) throw NetworkErrors.notMember();
    // Someone who just changed their own role sees their member row with what the new role allows.
    return toMemberDto(member, userId === caller.userId ? { ...viewer, role: member.role } : viewer);
  }

  private async removeMembership(networkId: string, userId: string, byAnAdmin: boolean): Promise<void> {
    await this.transactions.run(async (manager) => {
      const membership = await this.memberships.findMembership(networkId, userId, manager);
      if (!membership) throw NetworkErrors.notMember();
      if (leavesNoAdmin(membership.role, null, await this.memberships.countAdminsForUpdate(networkId, manager))) throw NetworkErrors.lastAdmin();
      await this.memberships.deleteMembership(networkId, userId, manager);
      // Their threads and replies stay, no longer under a team of the network: search stops showing it too.
      if (membership.teamId) await this.outbox.nameChanged(manager, { kind: 'user', userId });
      if (byAnAdmin) await this.memberships.recordRemoval(networkId, userId, manager);
    });
    this.events.membersChanged(networkId, [userId]);
  }
}

function viewerOf(caller: Caller, access: NetworkAccess): Viewer {
  return { userId: caller.userId, role: access.role, visibility: access.network.visibility };
}
