import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

export interface MembersChanged {
  networkId: string;
  /** People whose access may have changed (joined, removed, role changed): live channels re-check them. */
  affectedUserIds: string[];
  /** Everyone's access may have changed (the network's visibility changed). */
  everyone?: boolean;
}

/**
 * What happened in networks, for live channels to pass on. One process-local emitter; the
 * scale-out issue relays these between instances.
 */
@Injectable()
export class NetworkEvents {
  private readonly emitter = new EventEmitter();

  membersChanged(networkId: string, affectedUserIds: string[] = []): void {
    this.emitter.emit('members', { networkId, affectedUserIds } satisfies MembersChanged);
  }

  networkChanged(networkId: string, visibilityChanged = false): void {
    this.emitter.emit('network', networkId);
    if (visibilityChanged) this.emitter.emit('members', { networkId, affectedUserIds: [], everyone: true } satisfies MembersChanged);
  }

  onMembersChanged(listener: (event: MembersChanged) => void): () => void {
    this.emitter.on('members', listener);
    return () => this.emitter.off('members', listener);
  }

  onNetworkChanged(listener: (networkId: string) => void): () => void {
    this.emitter.on('network', listener);
    return () => this.emitter.off('network', listener);
  }
}
