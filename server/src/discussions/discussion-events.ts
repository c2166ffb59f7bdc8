import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { DiscussionEventKind } from './discussion.rules';

/** A change in a thread, after its transaction committed: `eventId` is its number in the thread's event log. */
export interface ThreadChanged {
  networkId: string;
  threadId: string;
  eventId: number;
  kind: DiscussionEventKind;
  postId: string | null;
}

export interface ThreadMoved {
  threadId: string;
  fromNetworkId: string;
  toNetworkId: string;
}

type Listener<T> = (event: T) => void;

/**
 * What happened in discussions, emitted after commit, for the live door (socket.io). One
 * process-local emitter, like NetworkEvents; a listener's failure is its own to catch
 * (EventEmitter would throw it back into the writer otherwise). Notifications do not listen here:
 * they must survive a crash between the commit and the emit, so writers queue a job in the
 * change's own transaction instead (DiscussionNotifications).
 */
@Injectable()
export class DiscussionEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per gateway; more would be a leak worth hearing about.
    this.emitter.setMaxListeners(20);
  }

  threadChanged(event: ThreadChanged): void {
    this.emitter.emit('thread', event);
  }
  threadMoved(event: ThreadMoved): void {
    this.emitter.emit('moved', event);
  }

  onThreadChanged(listener: Listener<ThreadChanged>): () => void {
    return this.on('thread', listener);
  }
  onThreadMoved(listener: Listener<ThreadMoved>): () => void {
    return this.on('moved', listener);
  }

  private on<T>(name: string, listener: Listener<T>): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
