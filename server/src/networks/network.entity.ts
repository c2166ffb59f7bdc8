import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { NetworkLevel, NetworkVisibility } from './network.rules';

@Entity('networks')
export class NetworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @Column('text')
  level: NetworkLevel;

  @Column('text')
  visibility: NetworkVisibility;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  /** Whether members may post in its discussions so that peers do not see who wrote it (admins decide). */
  @Column('boolean', { name: 'allow_anonymous_posts', default: false })
  allowAnonymousPosts: boolean;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
