import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as Y from 'yjs';
import { CollabHub } from '../collab/collab-hub';
import { CollabRepository } from '../collab/collab.repository';
import type { Caller } from '../common/request-context';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { readableByEveryone } from '../networks/network.rules';
import { NetworksRepository } from '../networks/networks.repository';
import { AppError } from '../platform/app-error';
import { ChangePackageWriter, projectChangePackage, readSnapshot, readText, upgradeChangePackage } from '../shared/change-package.document';
import { diffContent } from './change-package.diff';
import { changePackageAbilities, toChangePackageDto, type ChangePackageDto } from './change-packages.dto';
import { ChangePackageErrors } from './change-packages.errors';
import { ChangePackagesRepository } from './change-packages.repository';
import { ChangePackagesService } from './change-packages.service';
import type { AdaptedIdeaDto, LineageDto, LineageLinkDto, PullResultDto } from './history.dto';

const projectionOf = (state: Uint8Array | null) => {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return projectChangePackage(doc);
};

/**
 * Adapting a change package (or one change idea) into another network, keeping its lineage.
 * An adapted package starts from the source's own Yjs state, so the two share history: pulling
 * upstream later is a CRDT merge of what the source gained since, and the adaptation's own
 * edits survive it.
 */
@Injectable()
export class AdaptationsService {
  constructor(
    private readonly packages: ChangePackagesService,
    private readonly repository: ChangePackagesRepository,
    private readonly networks: NetworksRepository,
    private readonly policy: NetworkAccessPolicy,
    private readonly hub: CollabHub,
    private readonly collab: CollabRepository,
  ) {}

  async adapt(caller: Caller, sourceId: string, networkId: string, title?: string): Promise<ChangePackageDto> {
    const source = await this.packages.require(caller, sourceId, 'read');
    if (networkId === source.networkId) throw ChangePackageErrors.sameNetwork();
    const access = await this.policy.require(caller.userId, networkId, 'contribute');
    // Lineage is recorded on the adaptation only: a reader of the source writes nothing there
    // (and the source's history never names the network that adapted it).
    const sourceVersionId = await this.collab.latestVersionId(source.documentName);
    // At the current schema, so that the adaptation and its source share their Y.Texts and later pulls merge text by text.
    const sourceState = Y.encodeStateAsUpdate(await this.packages.currentDocument(source.documentName));

    const created = await this.repository.insert({
      networkId,
      title: title ?? source.title,
      createdBy: caller.userId,
      sourceId: source.id,
      sourceVersionId,
      sourceState: Buffer.from(sourceState),
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, sourceState);
    // Who restored what in the source is the source's history, not the copy's (which others may read).
    new ChangePackageWriter(doc).setRestoreNotice(null);
    if (title) new ChangePackageWriter(doc).setTitle(title);
    hideOrigins(doc, networkId, await this.publicOrigins(doc));
    await this.repository.removeUnless(created.id, this.hub.writeUpdate(created.documentName, Y.encodeStateAsUpdate(doc), caller.userId));
    return toChangePackageDto(created, changePackageAbilities(access));
  }

  /** Merges what the source gained since the adaptation (or the last pull). */
  async pullUpstream(caller: Caller, packageId: string): Promise<PullResultDto> {
    const { found: adaptation, access } = await this.packages.requireWithAccess(caller, packageId, 'contribute');
    if (!adaptation.sourceId || !adaptation.sourceState) throw ChangePackageErrors.notAnAdaptation();
    const source = await this.visibleSource(caller, adaptation.sourceId);
    if (!source) throw ChangePackageErrors.sourceGone();

    const upstream = await this.hub.currentState(source.documentName);
    const upstreamNow = Y.encodeStateAsUpdate(upstream);
    const sinceLastPull = Y.diffUpdate(upstreamNow, Y.encodeStateVectorFromUpdate(adaptation.sourceState));
    const publicOrigins = await this.publicOrigins(upstream);
    // Merged by the CRDT, except the title: an adaptation keeps its own name even when the
    // source is renamed upstream.
    await this.packages.editDocument(adaptation.documentName, caller.userId, (merged) => {
      const ownRestore = readSnapshot(merged).lastRestore;
      Y.applyUpdate(merged, sinceLastPull);
      upgradeChangePackage(merged);
      // And it keeps its own restore notice: the source's is the source's history. Replaced before
      // this change is sent, the source's never reaches the adaptation's readers.
      if (JSON.stringify(readSnapshot(merged).lastRestore) !== JSON.stringify(ownRestore)) new ChangePackageWriter(merged).setRestoreNotice(ownRestore);
      new ChangePackageWriter(merged).setTitle(adaptation.title);
      hideOrigins(merged, adaptation.networkId, publicOrigins);
    });
    const sourceVersionId = await this.collab.latestVersionId(source.documentName);
    await this.repository.update(adaptation.id, { sourceState: Buffer.from(upstreamNow), sourceVersionId });
    return {
      pulled: diffContent(projectionOf(adaptation.sourceState), projectionOf(upstreamNow)),
      changePackage: toChangePackageDto({ ...adaptation, sourceVersionId }, changePackageAbilities(access)),
    };
  }

  /** Where a package came from, what it changed, what is new upstream, and where it has been adapted. */
  async lineage(caller: Caller, packageId: string): Promise<LineageDto> {
    const found = await this.packages.require(caller, packageId, 'read');
    const source = found.sourceId ? await this.visibleSource(caller, found.sourceId) : null;
    let changedFromSource = null;
    let upstreamChanges = null;
    if (source && found.sourceState) {
      const mine = projectChangePackage(await this.hub.currentState(found.documentName));
      const upstreamNow = projectChangePackage(await this.hub.currentState(source.documentName));
      const atLastPull = projectionOf(found.sourceState);
      changedFromSource = diffContent(atLastPull, mine);
      upstreamChanges = diffContent(atLastPull, upstreamNow);
    }

    const adaptations: LineageLinkDto[] = await this.repository.listAdaptationsVisibleTo(found.id, caller.userId);
    return {
      source: source ? await this.link(source) : null,
      sourceVersionId: source ? found.sourceVersionId : null,
      changedFromSource,
      upstreamChanges,
      adaptations,
    };
  }

  /** Copies one change idea into another package the caller can edit, remembering where it came from. */
  async adaptIdea(caller: Caller, packageId: string, ideaId: string, targetPackageId: string): Promise<AdaptedIdeaDto> {
    const source = await this.packages.require(caller, packageId, 'read');
    const target = await this.packages.require(caller, targetPackageId, 'contribute');
    const sourceDoc = await this.hub.currentState(source.documentName);
    const idea = sourceDoc.getMap('ideas').get(ideaId);
    if (!(idea instanceof Y.Map)) throw ChangePackageErrors.ideaNotFound();

    // Where the idea came from is kept in the target's document, which every reader of the target
    // network can read over /collab: it names the source only when they may all see it (a public
    // network, or the same one). Otherwise only the idea's title, which was copied anyway, is kept.
    const sourceNetwork = await this.networks.findNetwork(source.networkId);
    const everyoneMaySee = (sourceNetwork !== null && readableByEveryone(sourceNetwork.visibility)) || source.networkId === target.networkId;
    const title = readText(idea, 'title');
    const origin: Record<string, unknown> = everyoneMaySee ? { packageId: source.id, ideaId, networkId: source.networkId, title } : { title };
    const newId = randomUUID();
    await this.packages.editDocument(target.documentName, caller.userId, (targetDoc) => {
      const copy = idea.clone() as Y.Map<unknown>;
      // Drivers and measures belong to the source package; the idea arrives unplaced in the target.
      copy.set('driverIds', new Y.Array<string>());
      copy.set('measureIds', new Y.Array<string>());
      copy.set('order', targetDoc.getMap('ideas').size);
      copy.set('source', new Y.Map(Object.entries(origin)));
      targetDoc.getMap('ideas').set(newId, copy);
      // An idea copied from a document in an older schema arrives with its text as Y.Text.
      upgradeChangePackage(targetDoc);
    });
    return { ideaId: newId, packageId: target.id };
  }

  /** The networks that ideas of `doc` name as their origin and that everyone may see. */
  private publicOrigins(doc: Y.Doc): Promise<Set<string>> {
    const named = [...originMaps(doc)].map((origin) => readText(origin, 'networkId')).filter((id) => id.length > 0);
    return this.networks.publicAmong([...new Set(named)]);
  }

  private async visibleSource(caller: Caller, sourceId: string) {
    try {
      return await this.packages.require(caller, sourceId, 'read');
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  private async link(found: { id: string; title: string; networkId: string }): Promise<LineageLinkDto> {
    const network = await this.networks.findNetwork(found.networkId);
    return { id: found.id, title: found.title, networkId: found.networkId, networkName: network?.name ?? '' };
  }
}

/** The `source` maps of a package's ideas: where each copied idea came from. */
function* originMaps(doc: Y.Doc): Generator<Y.Map<unknown>> {
  for (const idea of doc.getMap('ideas').values()) {
    const origin = idea instanceof Y.Map ? idea.get('source') : null;
    if (origin instanceof Y.Map) yield origin;
  }
}

/**
 * A package adapted into another network brings its ideas' origins with it; an origin in a
 * network that the new readers may not see (private, and not the target itself) keeps only the
 * idea's title there, as when such an idea is copied on its own.
 */
function hideOrigins(doc: Y.Doc, targetNetworkId: string, publicNetworks: Set<string>): void {
  doc.transact(() => {
    for (const origin of originMaps(doc)) {
      const networkId = readText(origin, 'networkId');
      const visible = networkId.length > 0 && (publicNetworks.has(networkId) || networkId === targetNetworkId);
      if (visible || !origin.has('packageId')) continue;
      for (const key of [...origin.keys()]) if (key !== 'title') origin.delete(key);
    }
  });
}
