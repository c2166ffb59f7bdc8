import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import { networkAllowsSql } from '../networks/network-access.sql';
import { ChangePackageEntity } from './change-package.entity';

const documentNameOf = (id: string) => `change-package:${id}`;

const PACKAGE_COLUMNS = `p.id, p.network_id AS "networkId", p.title, p.document_name AS "documentName", p.created_by AS "createdBy",
  p.created_at AS "createdAt", p.source_id AS "sourceId", p.source_version_id AS "sourceVersionId"`;

/** The only class that queries the change_packages table. */
@Injectable()
export class ChangePackagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private packages(manager?: EntityManager): Repository<ChangePackageEntity> {
    return (manager ?? this.dataSource.manager).getRepository(ChangePackageEntity);
  }

  findById(id: string): Promise<ChangePackageEntity | null> {
    return this.packages().findOneBy({ id });
  }

  findByNetwork(networkId: string): Promise<ChangePackageEntity[]> {
    return this.packages().find({ where: { networkId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findByIds(ids: string[], manager?: EntityManager): Promise<ChangePackageEntity[]> {
    return this.packages(manager).findBy({ id: In(ids) });
  }

  /** Package ids after `after`, in id order (for a full search reindex). */
  async idsAfter(after: string | null, limit: number, manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id FROM change_packages WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => row.id);
  }

  findByDocumentName(documentName: string): Promise<ChangePackageEntity | null> {
    return this.packages().findOneBy({ documentName });
  }

  /**
   * A network's packages, each with whether `userId` may see its source (when it has one), so that
   * a list costs one query however many packages are adaptations.
   */
  async listForNetwork(networkId: string, userId: string): Promise<(ChangePackageEntity & { sourceVisible: boolean })[]> {
    return this.dataSource.query(
      `SELECT ${PACKAGE_COLUMNS},
              coalesce(${networkAllowsSql('read', { visibility: 'sn.visibility', role: 'sm.role' })}, false) AS "sourceVisible"
         FROM change_packages p
         LEFT JOIN change_packages s ON s.id = p.source_id
         LEFT JOIN networks sn ON sn.id = s.network_id
         LEFT JOIN memberships sm ON sm.network_id = sn.id AND sm.user_id = $2
        WHERE p.network_id = $1 ORDER BY p.created_at, p.id`,
      [networkId, userId],
    );
  }

  /** Packages in the networks where the user may contribute, for "copy into another change package", in one query. */
  listEditableBy(userId: string): Promise<{ id: string; title: string; networkId: string; networkName: string }[]> {
    return this.dataSource.query(
      `SELECT p.id, p.title, p.network_id AS "networkId", n.name AS "networkName"
         FROM change_packages p
         JOIN networks n ON n.id = p.network_id
         JOIN memberships m ON m.network_id = p.network_id AND m.user_id = $1
        WHERE ${networkAllowsSql('contribute', { visibility: 'n.visibility', role: 'm.role' })}
        ORDER BY lower(n.name), lower(p.title), p.id`,
      [userId],
    );
  }

  /** Where a package has been adapted, in the networks `userId` may see. */
  listAdaptationsVisibleTo(sourceId: string, userId: string): Promise<{ id: string; title: string; networkId: string; networkName: string }[]> {
    return this.dataSource.query(
      `SELECT p.id, p.title, p.network_id AS "networkId", n.name AS "networkName"
         FROM change_packages p
         JOIN networks n ON n.id = p.network_id
         LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $2
        WHERE p.source_id = $1 AND ${networkAllowsSql('read', { visibility: 'n.visibility', role: 'm.role' })}
        ORDER BY p.created_at, p.id`,
      [sourceId, userId],
    );
  }

  insert(
    values: Pick<ChangePackageEntity, 'networkId' | 'title' | 'createdBy'> &
      Partial<Pick<ChangePackageEntity, 'sourceId' | 'sourceVersionId' | 'sourceState'>>,
    manager?: EntityManager,
  ): Promise<ChangePackageEntity> {
    const id = randomUUID();
    return this.packages(manager).save(this.packages(manager).create({ ...values, id, documentName: documentNameOf(id) }));
  }

  /**
   * Waits for a package's first content to be written; if that fails, the new row goes too, so
   * that no half-made package is left behind. The error is passed on.
   */
  async removeUnless(id: string, firstWrite: Promise<void>): Promise<void> {
    try {
      await firstWrite;
    } catch (error) {
      await this.packages().delete({ id }).catch(() => undefined);
      throw error;
    }
  }

  async update(id: string, changes: Partial<Pick<ChangePackageEntity, 'title' | 'sourceState' | 'sourceVersionId'>>): Promise<void> {
    await this.packages().update({ id }, changes);
  }
}
