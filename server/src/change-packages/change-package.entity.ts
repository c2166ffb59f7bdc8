import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A network's change package; its content lives in the Yjs document named `documentName`. */
@Entity('change_packages')
export class ChangePackageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'network_id' })
  networkId: string;

  @Column('text')
  title: string;

  @Column('text', { name: 'document_name' })
  documentName: string;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('uuid', { name: 'source_id', nullable: true })
  sourceId: string | null;

  @Column('uuid', { name: 'source_version_id', nullable: true })
  sourceVersionId: string | null;

  @Column('bytea', { name: 'source_state', nullable: true })
  sourceState: Buffer | null;
}
