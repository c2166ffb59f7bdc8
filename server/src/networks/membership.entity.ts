import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { NetworkRole } from './network.rules';

@Entity('memberships')
export class MembershipEntity {
  @PrimaryColumn('uuid', { name: 'network_id' })
  networkId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  role: NetworkRole;

  /** A patient or family partner: same voice as staff, flagged so coaches can make room for them. */
  @Column('boolean', { name: 'is_patient_partner', default: false })
  isPatientPartner: boolean;

  @Column('uuid', { name: 'team_id', nullable: true })
  teamId: string | null;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;
}
