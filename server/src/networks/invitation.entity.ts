import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NetworkRole } from './network.rules';

/**
 * A link that lets someone join a network with a given role until it expires. With an email it
 * is for that person only and is used once; without one it can be shared (say, in a meeting).
 */
@Entity('invitations')
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'network_id' })
  networkId: string;

  @Column('text', { name: 'token_hash' })
  tokenHash: string;

  @Column('text')
  role: NetworkRole;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('integer', { name: 'accepted_count', default: 0 })
  acceptedCount: number;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
