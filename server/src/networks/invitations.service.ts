import { Inject, Injectable } from '@nestjs/common';
import { hashToken, newToken } from '../auth/tokens';
import type { Caller } from '../common/request-context';
import { CONFIG, type Config } from '../platform/config';
import { JobQueue } from '../platform/jobs/job-queue';
import { Transactions } from '../platform/transactions';
import {
  invitationStatus,
  toInvitationDto,
  type CreateInvitationBody,
  type CreatedInvitationDto,
  type InvitationDto,
  type InvitationPreviewDto,
} from './invitations.dto';
import { INVITATION_CREATED_JOB, type InvitationCreatedJob } from './invitation-jobs';
import { InvitationsRepository } from './invitations.repository';
import { MembershipsRepository } from './memberships.repository';
import { NetworkEvents } from './network-events';
import { roleAtLeast } from './network.rules';
import type { NetworkDto } from './networks.dto';
import { NetworkErrors } from './networks.errors';
import { NetworksRepository } from './networks.repository';
import { NetworksService } from './networks.service';

const DAY_MS = 24 * 3600 * 1000;

/** Invitation links: made by admins, previewed by anyone holding one, accepted to join. */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly invitations: InvitationsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly networkRows: NetworksRepository,
    private readonly networks: NetworksService,
    private readonly transactions: Transactions,
    private readonly events: NetworkEvents,
    private readonly jobs: JobQueue,
  ) {}

  /** An invitation link; one for an e-mail address is also mailed (through the job queue, queued in the same transaction). */
  async createInvitation(caller: Caller, networkId: string, body: CreateInvitationBody): Promise<CreatedInvitationDto> {
    const token = newToken();
    const url = new URL(`/invitations/${token}`, this.config.publicUrl).toString();
    const invitation = await this.transactions.run(async (manager) => {
      const created = await this.invitations.insertInvitation(
        {
          networkId,
          tokenHash: hashToken(token, this.config.sessionSecret),
          role: body.role,
          email: body.email ?? null,
          createdBy: caller.userId,
          expiresAt: new Date(Date.now() + (body.expiresInDays ?? 7) * DAY_MS),
        },
        manager,
      );
      if (created.email) {
        const job: InvitationCreatedJob = {
          invitationId: created.id,
          networkId,
          email: created.email,
          role: created.role,
          invitedBy: caller.userId,
          url,
          expiresAt: created.expiresAt.toISOString(),
        };
        await this.jobs.add(INVITATION_CREATED_JOB, job, { manager, key: `invitation:${created.id}` });
      }
      return created;
    });
    return { ...toInvitationDto(invitation), token, url };
  }

  async listInvitations(networkId: string): Promise<InvitationDto[]> {
    return (await this.invitations.listInvitations(networkId)).map(toInvitationDto);
  }

  async revokeInvitation(networkId: string, invitationId: string): Promise<void> {
    if (!(await this.invitations.revokeInvitation(networkId, invitationId))) throw NetworkErrors.invitationNotFound();
  }

  /**
   * What an invitation is for, so that the invitee can decide before signing up or in. Someone
   * already in the network is told so, even when the link no longer works (it may be the one they
   * joined with): that names nothing they cannot already see.
   */
  async previewInvitation(caller: Caller | null, token: string): Promise<InvitationPreviewDto> {
    const invitation = await this.invitations.findInvitationByTokenHash(hashToken(token, this.config.sessionSecret));
    if (!invitation) throw NetworkErrors.invitationNotFound();
    const network = await this.networkRows.findNetwork(invitation.networkId);
    if (!network) throw NetworkErrors.invitationNotFound();
    const yourRole = caller ? ((await this.memberships.findMembership(network.id, caller.userId))?.role ?? null) : null;
    const status = invitationStatus(invitation);
    if (status !== 'active' && yourRole === null) throw status === 'used' ? NetworkErrors.invitationUsed() : NetworkErrors.invitationExpired();
    return {
      networkId: network.id,
      networkName: network.name,
      networkLevel: network.level,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      forOnePerson: invitation.email !== null,
      status,
      yourRole,
      promotesYou: status === 'active' && yourRole !== null && !roleAtLeast(yourRole, invitation.role),
    };
  }

  /**
   * Joins the network with the invited role. Someone who is already a member keeps the higher
   * of their role and the invited one.
   */
  async acceptInvitation(caller: Caller, token: string): Promise<NetworkDto> {
    const networkId = await this.transactions.run(async (manager) => {
      const invitation = await this.invitations.findInvitationByTokenHash(hashToken(token, this.config.sessionSecret), manager, true);
      if (!invitation) throw NetworkErrors.invitationNotFound();
      const status = invitationStatus(invitation);
      const existing = await this.memberships.findMembership(invitation.networkId, caller.userId, manager);
      if (status !== 'active' && existing) {
        const network = await this.networkRows.findNetwork(invitation.networkId, manager);
        throw NetworkErrors.invitationAlreadyMember(network?.name ?? 'this network');
      }
      if (status === 'used') throw NetworkErrors.invitationUsed();
      if (status !== 'active') throw NetworkErrors.invitationExpired();
      if (invitation.email && invitation.email !== caller.email) throw NetworkErrors.invitationForSomeoneElse();
      const removedAt = existing ? null : await this.memberships.removedAt(invitation.networkId, caller.userId, manager);
      if (removedAt && removedAt >= invitation.createdAt) throw NetworkErrors.invitationBeforeRemoval();

      if (!existing) {
        await this.memberships.insertMembership({ networkId: invitation.networkId, userId: caller.userId, role: invitation.role }, manager);
      } else if (!roleAtLeast(existing.role, invitation.role)) {
        await this.memberships.updateMembership(invitation.networkId, caller.userId, { role: invitation.role }, manager);
      }
      await this.invitations.countInvitationAcceptance(invitation.id, manager);
      return invitation.networkId;
    });
    this.events.membersChanged(networkId, [caller.userId]);
    return this.networks.get(caller, networkId);
  }
}
