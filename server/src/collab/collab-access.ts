import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SessionEvents, type SessionsEnded } from '../auth/session-events';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { NetworkEvents, type MembersChanged } from '../networks/network-events';
import { inBackground } from '../platform/background';
import { CollabConnections, type CollabConnection } from './collab-connection';
import { CollabDirectory } from './collab-directory';
import { CLOSE } from './collab-protocol';

type NetworkDecisions = Awaited<ReturnType<NetworkAccessPolicy['decideAll']>>;

/**
 * What a /collab connection may do, from the one network access policy: decided at the upgrade,
 * and decided again whenever membership, roles, visibility or the session change, so that a
 * connection never outlives its access.
 */
@Injectable()
export class CollabAccess implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CollabAccess.name);
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly policy: NetworkAccessPolicy,
    private readonly connections: CollabConnections,
    private readonly networkEvents: NetworkEvents,
    private readonly sessionEvents: SessionEvents,
    private readonly directory: CollabDirectory,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe.push(
      this.networkEvents.onMembersChanged((event) => inBackground(this.logger, `re-checking /collab access in ${event.networkId}`, this.recheck(event))),
      this.sessionEvents.onEnded((event) => this.closeEndedSessions(event)),
    );
  }

  onModuleDestroy(): void {
    for (const stop of this.unsubscribe) stop();
  }

  /**
   * Null when the user may not open the document (may not read its network, or its owner admits
   * only some readers and not them); otherwise whether they may edit.
   */
  async decide(userId: string, networkId: string, documentName: string): Promise<boolean | null> {
    return this.narrow(userId, documentName, await this.policy.decideAll(userId, networkId));
  }

  private async narrow(userId: string, documentName: string, decisions: NetworkDecisions): Promise<boolean | null> {
    if (decisions?.read !== 'allow') return null;
    const owner = this.directory.ownerOf(documentName);
    if (owner?.admits && !(await owner.admits(userId, documentName, { moderates: decisions.moderate === 'allow', contributes: decisions.contribute === 'allow' }))) return null;
    return decisions.contribute === 'allow';
  }

  /** Applies the current decision to one connection: closes it when it may no longer read, sets whether it may write. */
  async confirm(connection: CollabConnection): Promise<void> {
    this.apply(connection, await this.decide(connection.userId, connection.networkId, connection.documentName));
  }

  private apply(connection: CollabConnection, canWrite: boolean | null): void {
    if (canWrite === null) connection.close(CLOSE.forbidden);
    else connection.canWrite = canWrite;
  }

  /**
   * Someone's role changed, they were removed or joined, or the network's visibility changed:
   * close what may no longer be seen, and set what may be edited. One policy decision per person.
   */
  private async recheck({ networkId, affectedUserIds, everyone }: MembersChanged): Promise<void> {
    const affected = new Set(affectedUserIds);
    await this.recheckConnections(this.connections.all().filter((c) => c.networkId === networkId && (everyone || affected.has(c.userId))));
  }

  /**
   * An owner changed who may open some of its documents (a person moved to another breakout
   * group): the connections to the documents `concerns` picks are decided again.
   */
  async recheckDocuments(concerns: (documentName: string) => boolean): Promise<void> {
    await this.recheckConnections(this.connections.all().filter((c) => concerns(c.documentName)));
  }

  private async recheckConnections(concerned: CollabConnection[]): Promise<void> {
    const decisions = new Map<string, Promise<NetworkDecisions>>();
    for (const connection of concerned) {
      const key = `${connection.userId} ${connection.networkId}`;
      if (!decisions.has(key)) decisions.set(key, this.policy.decideAll(connection.userId, connection.networkId));
    }
    for (const connection of concerned) {
      const decided = await decisions.get(`${connection.userId} ${connection.networkId}`)!;
      this.apply(connection, await this.narrow(connection.userId, connection.documentName, decided));
    }
  }

  private closeEndedSessions(event: SessionsEnded): void {
    for (const connection of this.connections.all()) {
      if (connection.userId !== event.userId) continue;
      const ended = 'allSessions' in event ? connection.sessionId !== event.exceptSessionId : connection.sessionId === event.sessionId;
      if (ended) connection.close(CLOSE.sessionEnded);
    }
  }
}
