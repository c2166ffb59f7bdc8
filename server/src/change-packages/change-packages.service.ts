import { Injectable, type OnModuleInit } from '@nestjs/common';
import * as Y from 'yjs';
import { CollabDirectory, type DocumentOwner } from '../collab/collab-directory';
import { CollabHub } from '../collab/collab-hub';
import type { Caller } from '../common/request-context';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import type { NetworkAction } from '../networks/network.rules';
import { projectChangePackage, writeChangePackage, type ChangePackageContent } from './change-package.document';
import type { ChangePackageEntity } from './change-package.entity';
import { toChangePackageDto, type ChangePackageDto, type ChangePackageWithContentDto, type EditableChangePackageDto } from './change-packages.dto';
import { ChangePackageErrors } from './change-packages.errors';
import { ChangePackagesRepository } from './change-packages.repository';

@Injectable()
export class ChangePackagesService implements DocumentOwner, OnModuleInit {
  constructor(
    private readonly packages: ChangePackagesRepository,
    private readonly hub: CollabHub,
    private readonly policy: NetworkAccessPolicy,
    private readonly directory: CollabDirectory,
  ) {}

  onModuleInit(): void {
    this.directory.register('change-package:', this);
  }

  /** For /collab: the network a document belongs to, so the access policy can decide. */
  async networkOf(documentName: string): Promise<string | null> {
    return (await this.packages.findByDocumentName(documentName))?.networkId ?? null;
  }

  /** The package, if the caller may do `action` in its network; a hidden one is "not found". */
  async require(caller: Caller, id: string, action: NetworkAction): Promise<ChangePackageEntity> {
    const found = await this.packages.findById(id);
    if (!found) throw ChangePackageErrors.notFound();
    try {
      await this.policy.require(caller.userId, found.networkId, action);
    } catch (error) {
      // A package in a network the caller cannot see does not exist for them either.
      if ((error as { kind?: string }).kind === 'not-found') throw ChangePackageErrors.notFound();
      throw error;
    }
    return found;
  }

  async create(caller: Caller, networkId: string, content: ChangePackageContent): Promise<ChangePackageDto> {
    const created = await this.packages.insert({ networkId, title: content.title, createdBy: caller.userId });
    const doc = new Y.Doc();
    writeChangePackage(doc, content);
    await this.packages.removeUnless(created.id, this.hub.writeUpdate(created.documentName, Y.encodeStateAsUpdate(doc), caller.userId));
    return toChangePackageDto(created);
  }

  async list(caller: Caller, networkId: string): Promise<ChangePackageDto[]> {
    return (await this.packages.listForNetwork(networkId, caller.userId)).map((found) => withVisibleSource(found, found.sourceVisible));
  }

  /** The packages the caller may edit, across their networks (every role contributes). */
  editable(caller: Caller): Promise<EditableChangePackageDto[]> {
    return this.packages.listEditableBy(caller.userId);
  }

  async get(caller: Caller, id: string): Promise<ChangePackageWithContentDto> {
    const found = await this.require(caller, id, 'read');
    const doc = await this.hub.currentState(found.documentName);
    return { ...(await this.toDto(caller, found)), content: projectChangePackage(doc) };
  }

  /** The package as the caller sees it: its source is named only if the caller may see that too. */
  async toDto(caller: Caller, found: ChangePackageEntity): Promise<ChangePackageDto> {
    if (!found.sourceId) return toChangePackageDto(found);
    const source = await this.packages.findById(found.sourceId);
    return withVisibleSource(found, source !== null && (await this.policy.allows(caller.userId, source.networkId, 'read')));
  }

  /** Renames the package: the list's title and the document's own, as one change everyone sees. */
  async rename(caller: Caller, id: string, title: string): Promise<ChangePackageDto> {
    const found = await this.require(caller, id, 'contribute');
    const current = await this.hub.currentState(found.documentName);
    const before = Y.encodeStateVector(current);
    current.getMap('meta').set('title', title);
    await this.hub.writeUpdate(found.documentName, Y.encodeStateAsUpdate(current, before), caller.userId);
    await this.packages.update(id, { title });
    return this.toDto(caller, { ...found, title });
  }
}

/** The DTO, with the source (its id and version) left out when the caller may not see it. */
function withVisibleSource(found: ChangePackageEntity, sourceVisible: boolean): ChangePackageDto {
  const dto = toChangePackageDto(found);
  return sourceVisible ? dto : { ...dto, source: null };
}
