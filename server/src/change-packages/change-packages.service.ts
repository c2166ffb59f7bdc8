import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { CollabDirectory, type DocumentOwner } from '../collab/collab-directory';
import { CollabHub } from '../collab/collab-hub';
import { KeyedQueue } from '../common/keyed-queue';
import type { Caller } from '../common/request-context';
import { NetworkAccessPolicy, type NetworkAccess } from '../networks/network-access.policy';
import type { NetworkAction } from '../networks/network.rules';
import {
  ChangePackageWriter,
  projectChangePackage,
  upgradeChangePackage,
  writeChangePackage,
  type ChangePackageContent,
  type ChangePackageProjection,
} from '../shared/change-package.document';
import type { ChangePackageEntity } from './change-package.entity';
import { changePackageAbilities, toChangePackageDto, type ChangePackageCanDto, type ChangePackageDto, type ChangePackageWithContentDto, type EditableChangePackageDto } from './change-packages.dto';
import { ChangePackageErrors } from './change-packages.errors';
import { ChangePackagesRepository } from './change-packages.repository';
import { ChangePackagesSearchSource } from './change-packages.search-source';

@Injectable()
export class ChangePackagesService implements DocumentOwner, OnModuleInit {
  /** Server-side edits of one package's document, one at a time (see `editDocument`). */
  private readonly edits = new KeyedQueue();

  constructor(
    private readonly packages: ChangePackagesRepository,
    private readonly hub: CollabHub,
    private readonly policy: NetworkAccessPolicy,
    private readonly directory: CollabDirectory,
    private readonly searchSource: ChangePackagesSearchSource,
  ) {}

  onModuleInit(): void {
    this.directory.register('change-package:', this);
  }

  /** For /collab: the network a document belongs to, so the access policy can decide. */
  async networkOf(documentName: string): Promise<string | null> {
    return (await this.packages.findByDocumentName(documentName))?.networkId ?? null;
  }

  /** For /collab: every stored change of a package's document reaches the search outbox in the same transaction. */
  documentsChanged(documentNames: string[], manager: EntityManager): Promise<void> {
    return this.searchSource.documentsChanged(documentNames, manager);
  }

  /** For /collab: brings a document written under an older schema up to the current one (Y.Text fields). */
  upgrade(doc: Y.Doc): void {
    upgradeChangePackage(doc);
  }

  /** The package, if the caller may do `action` in its network; a hidden one is "not found". */
  async require(caller: Caller, id: string, action: NetworkAction): Promise<ChangePackageEntity> {
    return (await this.requireWithAccess(caller, id, action)).found;
  }

  /** As `require`, with the caller's access to the package's network (for what they may do with it). */
  async requireWithAccess(caller: Caller, id: string, action: NetworkAction): Promise<{ found: ChangePackageEntity; access: NetworkAccess }> {
    const found = await this.packages.findById(id);
    if (!found) throw ChangePackageErrors.notFound();
    try {
      return { found, access: await this.policy.require(caller.userId, found.networkId, action) };
    } catch (error) {
      // A package in a network the caller cannot see does not exist for them either.
      if ((error as { kind?: string }).kind === 'not-found') throw ChangePackageErrors.notFound();
      throw error;
    }
  }

  async create(caller: Caller, access: NetworkAccess, content: ChangePackageContent): Promise<ChangePackageDto> {
    const created = await this.packages.insert({ networkId: access.network.id, title: content.title, createdBy: caller.userId });
    const doc = new Y.Doc();
    writeChangePackage(doc, content);
    await this.packages.removeUnless(created.id, this.hub.writeUpdate(created.documentName, Y.encodeStateAsUpdate(doc), caller.userId));
    return toChangePackageDto(created, changePackageAbilities(access));
  }

  async list(caller: Caller, access: NetworkAccess): Promise<ChangePackageDto[]> {
    const can = changePackageAbilities(access);
    return (await this.packages.listForNetwork(access.network.id, caller.userId)).map((found) => withVisibleSource(found, found.sourceVisible, can));
  }

  /** The packages the caller may edit, across their networks (every role contributes). */
  editable(caller: Caller): Promise<EditableChangePackageDto[]> {
    return this.packages.listEditableBy(caller.userId);
  }

  async get(caller: Caller, id: string): Promise<ChangePackageWithContentDto> {
    const { found, access } = await this.requireWithAccess(caller, id, 'read');
    const doc = await this.hub.currentState(found.documentName);
    return { ...(await this.toDto(caller, found, access)), content: projectChangePackage(doc) };
  }

  /** The package's current content (for features that point into it, like a discussion about one of its ideas). */
  async content(found: ChangePackageEntity): Promise<ChangePackageProjection> {
    return projectChangePackage(await this.hub.currentState(found.documentName));
  }

  /** Every change idea of a network's packages as their documents hold them now (for features that link to ideas, like lessons). */
  async ideasOfNetwork(networkId: string): Promise<{ packageId: string; packageTitle: string; ideaId: string; title: string }[]> {
    const ideas = [];
    for (const found of await this.packages.findByNetwork(networkId)) {
      for (const idea of (await this.content(found)).ideas) ideas.push({ packageId: found.id, packageTitle: found.title, ideaId: idea.id, title: idea.title });
    }
    return ideas;
  }

  /** The package as the caller sees it: its source is named only if the caller may see that too. */
  async toDto(caller: Caller, found: ChangePackageEntity, access: NetworkAccess): Promise<ChangePackageDto> {
    const can = changePackageAbilities(access);
    if (!found.sourceId) return toChangePackageDto(found, can);
    const source = await this.packages.findById(found.sourceId);
    return withVisibleSource(found, source !== null && (await this.policy.allows(caller.userId, source.networkId, 'read')), can);
  }

  /**
   * Renames the package: the document's title and the list's, as one change everyone sees.
   * Renames of one package run one at a time, each editing the title the one before it wrote, so
   * that the row and the document end with the same (last) title.
   */
  async rename(caller: Caller, id: string, title: string): Promise<ChangePackageDto> {
    const { found, access } = await this.requireWithAccess(caller, id, 'contribute');
    await this.editDocument(found.documentName, caller.userId, (doc) => new ChangePackageWriter(doc).setTitle(title), () => this.packages.update(id, { title }));
    return this.toDto(caller, { ...found, title }, access);
  }

  /**
   * A change the server makes to a package's document (a rename, a restore, a pull, a copied
   * idea), committed as one update that everyone connected receives. Edits of one document run
   * one at a time, each on the state the previous one left, and `after` (say, the row that must
   * agree with the document) runs before the next edit starts.
   */
  async editDocument(documentName: string, authorId: string, edit: (doc: Y.Doc) => void, after?: () => Promise<void>): Promise<void> {
    await this.edits.run(documentName, async () => {
      const current = await this.currentDocument(documentName);
      const before = Y.encodeStateVector(current);
      edit(current);
      await this.hub.writeUpdate(documentName, Y.encodeStateAsUpdate(current, before), authorId);
      await after?.();
    });
  }

  /**
   * A copy of a document's current state, at the current schema: it is read from the live copy,
   * which the /collab hub upgrades when it loads it, so that copies made from it (an adaptation)
   * share their Y.Texts with it and a document is never upgraded twice.
   */
  currentDocument(documentName: string): Promise<Y.Doc> {
    return this.hub.liveCopy(documentName);
  }
}

/** The DTO, with the source (its id and version) left out when the caller may not see it. */
function withVisibleSource(found: ChangePackageEntity, sourceVisible: boolean, can: ChangePackageCanDto): ChangePackageDto {
  const dto = toChangePackageDto(found, can);
  return sourceVisible ? dto : { ...dto, source: null };
}
