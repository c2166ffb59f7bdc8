import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type Repository } from 'typeorm';
import { InvitationEntity } from './invitation.entity';

/** The only class that queries the invitations table. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private invitations(manager?: EntityManager): Repository<InvitationEntity> {
    return (manager ?? this.dataSource.manager).getRepository(InvitationEntity);
  }

  insertInvitation(
    invitation: Pick<InvitationEntity, 'networkId' | 'tokenHash' | 'role' | 'email' | 'createdBy' | 'expiresAt'>,
    manager?: EntityManager,
  ): Promise<InvitationEntity> {
    return this.invitations(manager).save(this.invitations(manager).create(invitation));
  }

  findInvitationByTokenHash(tokenHash: string, manager?: EntityManager, lock = false): Promise<InvitationEntity | null> {
    return this.invitations(manager).findOne({
      where: { tokenHash },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  listInvitations(networkId: string): Promise<InvitationEntity[]> {
    return this.invitations().find({ where: { networkId }, order: { createdAt: 'DESC' } });
  }

  async revokeInvitation(networkId: string, invitationId: string): Promise<boolean> {
    const result = await this.invitations().update({ id: invitationId, networkId }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async countInvitationAcceptance(id: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE invitations SET accepted_count = accepted_count + 1 WHERE id = $1`, [id]);
  }
}
