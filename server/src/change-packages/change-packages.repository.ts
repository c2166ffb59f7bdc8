import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { ChangePackageEntity } from './change-package.entity';

const documentNameOf = (id: string) => `change-package:${id}`;

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

  findByDocumentName(documentName: string): Promise<ChangePackageEntity | null> {
    return this.packages().findOneBy({ documentName });
  }

  listForNetwork(networkId: string): Promise<ChangePackageEntity[]> {
    return this.packages().find({ where: { networkId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Packages in the networks where the user has a role (every role may contribute), for "copy
   * into another change package": one query instead of one per network.
   */
  listEditableBy(userId: string): Promise<{ id: string; title: string; networkId: string; networkName: string }[]> {
    return this.dataSource.query(
      `SELECT p.id, p.title, p.network_id AS "networkId", n.name AS "networkName"
         FROM change_packages p
         JOIN memberships m ON m.network_id = p.network_id AND m.user_id = $1
         JOIN networks n ON n.id = p.network_id
        ORDER BY lower(n.name), lower(p.title), p.id`,
      [userId],
    );
  }

  /** Where a package has been adapted, with the adapting networks' visibility for the access filter. */
  listAdaptationsOf(sourceId: string): Promise<(ChangePackageEntity & { networkName: string; networkVisibility: string })[]> {
    return this.dataSource.query(
      `SELECT p.id, p.network_id AS "networkId", p.title, p.document_name AS "documentName", p.created_by AS "createdBy",
              p.created_at AS "createdAt", p.source_id AS "sourceId", p.source_version_id AS "sourceVersionId",
              n.name AS "networkName", n.visibility AS "networkVisibility"
         FROM change_packages p JOIN networks n ON n.id = p.network_id
        WHERE p.source_id = $1 ORDER BY p.created_at`,
      [sourceId],
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
