import { Injectable } from '@nestjs/common';
import * as Y from 'yjs';
import { CollabHub } from '../collab/collab-hub';
import { RateLimiter, type RateLimitRule } from '../platform/rate-limiter';
import { CollabRepository, type VersionRow } from '../collab/collab.repository';
import { restoreTopLevelMaps } from '../collab/yjs-restore';
import type { Caller } from '../common/request-context';
import {
  CHANGE_PACKAGE_SECTIONS,
  ChangePackageWriter,
  projectChangePackage,
  readSnapshot,
  upgradeChangePackage,
  type ChangePackageProjection,
} from '../shared/change-package.document';
import { formatDateTime } from '../shared/dates';
import { diffContent } from './change-package.diff';
import { ChangePackageErrors } from './change-packages.errors';
import { ChangePackagesRepository } from './change-packages.repository';
import { ChangePackagesService } from './change-packages.service';
import type { HistoryIntervalDto, VersionDto, VersionWithContentDto } from './history.dto';

/** How far back "who changed what" looks. */
const HISTORY_VERSIONS = 30;
/** Named versions one person may keep of one package in an hour. */
const NAMED_VERSIONS: RateLimitRule = { name: 'named-versions:user+package', limit: 20, windowSeconds: 3600 };
/** Versions whose projection is kept in memory (the oldest goes first). */
const PROJECTION_CACHE_SIZE = 300;

function toVersionDto(row: VersionRow): VersionDto {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    createdAt: new Date(row.createdAt).toISOString(),
    createdByName: row.kind === 'named' ? row.createdByName : null,
  };
}

/**
 * The name of the version that keeps what was there just before a restore, dated the way the
 * history lists dates: “Before restoring ‘As agreed in March’”, or, for an automatic checkpoint,
 * “Before restoring the checkpoint of 30 Nov 2026, 14:59”.
 */
export function keptBeforeRestoreName(restored: { name: string | null; createdAt: Date | string }): string {
  return restored.name ? `Before restoring ‘${restored.name}’` : `Before restoring the checkpoint of ${formatDateTime(restored.createdAt)}`;
}

function projectState(state: Uint8Array | null): ChangePackageProjection {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return projectChangePackage(doc);
}

@Injectable()
export class ChangePackageHistoryService {
  private readonly projections = new Map<string, ChangePackageProjection>();

  constructor(
    private readonly packages: ChangePackagesService,
    private readonly rows: ChangePackagesRepository,
    private readonly hub: CollabHub,
    private readonly collab: CollabRepository,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async list(caller: Caller, packageId: string): Promise<VersionDto[]> {
    const found = await this.packages.require(caller, packageId, 'read');
    return (await this.collab.listVersions(found.documentName, 200)).map(toVersionDto);
  }

  async name(caller: Caller, packageId: string, name: string): Promise<VersionDto> {
    const found = await this.packages.require(caller, packageId, 'contribute');
    // Each version keeps a whole copy of the package: plenty for people, not a way to fill the disk.
    const verdict = await this.rateLimiter.take({ rule: NAMED_VERSIONS, subject: `${caller.userId} on ${found.id}` });
    if (!verdict.allowed) throw ChangePackageErrors.tooManyVersions(verdict.retryAfterSeconds);
    const id = await this.hub.keepVersion(found.documentName, 'named', name, caller.userId);
    return toVersionDto((await this.collab.findVersion(found.documentName, id))!);
  }

  /** A version's content, read-only. */
  async view(caller: Caller, packageId: string, versionId: string): Promise<VersionWithContentDto> {
    const found = await this.packages.require(caller, packageId, 'read');
    const version = await this.collab.findVersion(found.documentName, versionId);
    if (!version) throw ChangePackageErrors.versionNotFound();
    return { ...toVersionDto(version), content: projectState(version.state) };
  }

  /**
   * Restores a version as a new change, so that everyone connected receives it and stays in
   * sync. The state just before is kept as a named version, so a restore can itself be undone,
   * and the change says who restored what and where the state before is kept
   * (`meta.lastRestore`), so that the editor can tell everyone whose content just changed. The
   * package's title comes back too, in the list as in the document.
   */
  async restore(caller: Caller, packageId: string, versionId: string): Promise<VersionDto> {
    const found = await this.packages.require(caller, packageId, 'contribute');
    const version = await this.collab.findVersion(found.documentName, versionId);
    if (!version) throw ChangePackageErrors.versionNotFound();
    const keptName = keptBeforeRestoreName(version);
    const keptId = await this.hub.keepVersion(found.documentName, 'named', keptName, caller.userId);

    const target = new Y.Doc();
    Y.applyUpdate(target, version.state);
    let title = found.title;
    await this.packages.editDocument(
      found.documentName,
      caller.userId,
      (current) => {
        restoreTopLevelMaps(current, target, CHANGE_PACKAGE_SECTIONS);
        // A version kept under an older schema comes back with its text as Y.Text.
        upgradeChangePackage(current);
        new ChangePackageWriter(current).setRestoreNotice({
          byUserId: caller.userId,
          byName: caller.displayName,
          at: new Date().toISOString(),
          restoredName: version.name,
          restoredAt: new Date(version.createdAt).toISOString(),
          keptVersionId: keptId,
          keptName,
        });
        title = readSnapshot(current).title || found.title;
      },
      // In the edit queue, like a rename: the list ends with the title the document has.
      () => this.rows.update(found.id, { title }),
    );
    return toVersionDto((await this.collab.findVersion(found.documentName, keptId))!);
  }

  /**
   * Who changed what between consecutive versions (newest first), and since the last version.
   * Authors come from the update log; "what" from comparing the versions' content. A constant
   * number of queries whatever the number of versions, and a version's content is projected once
   * (versions never change).
   */
  async changes(caller: Caller, packageId: string): Promise<HistoryIntervalDto[]> {
    const found = await this.packages.require(caller, packageId, 'read');
    const versions = (await this.collab.listVersions(found.documentName, HISTORY_VERSIONS)).reverse();
    const [states, latestUpdate, current] = await Promise.all([
      this.collab.versionStates(found.documentName, versions.filter((v) => !this.projections.has(v.id)).map((v) => v.id)),
      this.collab.latestUpdateId(found.documentName),
      this.hub.currentState(found.documentName),
    ]);

    const points: { version: VersionRow | null; upTo: string; content: () => ChangePackageProjection }[] = [];
    // The history starts from nothing unless older versions fell outside the window.
    if (versions.length < HISTORY_VERSIONS) points.push({ version: null, upTo: '0', content: () => projectState(null) });
    for (const version of versions) points.push({ version, upTo: version.upTo, content: () => this.projectionOf(version.id, states.get(version.id) ?? null) });
    if (BigInt(latestUpdate) > BigInt(points[points.length - 1].upTo)) points.push({ version: null, upTo: latestUpdate, content: () => projectChangePackage(current) });

    const spans: { from: (typeof points)[number]; to: (typeof points)[number] }[] = [];
    for (let index = 1; index < points.length; index++) {
      if (BigInt(points[index].upTo) > BigInt(points[index - 1].upTo)) spans.push({ from: points[index - 1], to: points[index] });
    }
    const authors = await this.collab.authorsByInterval(
      found.documentName,
      spans.map(({ from, to }) => ({ afterId: from.upTo, upToId: to.upTo })),
    );
    return (
      spans
        .map(({ from, to }, index) => ({
          from: from.version ? toVersionDto(from.version) : null,
          to: to.version ? toVersionDto(to.version) : null,
          // Updates without an author are the server's own (a document brought up to a new schema): nobody's change.
          authors: authors.filter((row) => row.interval === index && row.userId !== null).map(({ userId, displayName, updates }) => ({ userId, displayName, updates })),
          changes: diffContent(from.content(), to.content()),
        }))
        // An interval of nothing but such updates changed nothing anyone wrote: it is not history.
        .filter((interval) => interval.authors.length > 0 || !interval.changes.same)
        .reverse()
    );
  }

  /** A version's projection, from the cache (versions are immutable) or from its state. */
  private projectionOf(versionId: string, state: Uint8Array | null): ChangePackageProjection {
    let projection = this.projections.get(versionId);
    if (!projection) {
      projection = projectState(state);
      if (this.projections.size >= PROJECTION_CACHE_SIZE) this.projections.delete(this.projections.keys().next().value!);
      this.projections.set(versionId, projection);
    }
    return projection;
  }
}
