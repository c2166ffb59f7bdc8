import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SessionEvents, type SessionsEnded } from '../auth/session-events';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { NetworkEvents, type MembersChanged } from '../networks/network-events';
import { inBackground } from '../platform/background';
import { CollabConnections, type CollabConnection } from './collab-connection';
import { CLOSE } from './collab-protocol';

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

  /** Null when the user may not read the network; otherwise whether they may edit. */
  async decide(userId: string, networkId: string): Promise<boolean | null> {
    const decisions = await this.policy.decideAll(userId, networkId);
    if (decisions?.read !== 'allow') return null;
    return decisions.contribute === 'allow';
  }

  /** Applies the current decision to one connection: closes it when it may no longer read, sets whether it may write. */
  async confirm(connection: CollabConnection): Promise<void> {
    const canWrite = await this.decide(connection.userId, connection.networkId);
    if (canWrite === null) connection.close(CLOSE.forbidden);
    else connection.canWrite = canWrite;
  }

  /**
   * Someone's role changed, they were removed or joined, or the network's visibility changed:
   * close what may no longer be seen, and set what may be edited. One decision per person.
   */
  private async recheck({ networkId, affectedUserIds, everyone }: MembersChanged): Promise<void> {
    const affected = new Set(affectedUserIds);
    const concerned = this.connections.all().filter((c) => c.networkId === networkId && (everyone || affected.has(c.userId)));
    const decisions = new Map<string, Promise<boolean | null>>();
    for (const connection of concerned) {
      if (!decisions.has(connection.userId)) decisions.set(connection.userId, this.decide(connection.userId, networkId));
    }
    for (const connection of concerned) {
      const canWrite = await decisions.get(connection.userId)!;
      if (canWrite === null) connection.close(CLOSE.forbidden);
      else connection.canWrite = canWrite;
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
