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

/** For notifications. `authorUserId` is for filtering only (never shown): show `authorLabel`, already anonymised. */
export interface PostCreated {
  networkId: string;
  threadId: string;
  postId: string;
  seq: number;
  authorUserId: string;
  anonymous: boolean;
  parentAuthorUserId: string | null;
  mentionedUserIds: string[];
  threadTitle: string;
  excerpt: string;
  authorLabel: string;
}

export interface PostModerated {
  networkId: string;
  threadId: string;
  postId: string;
  authorUserId: string;
  action: 'hidden' | 'removed' | 'unhidden';
  reason: string | null;
}

type Listener<T> = (event: T) => void;

/**
 * What happened in discussions, emitted after commit, for the live door (socket.io) and for
 * notifications. One process-local emitter, like NetworkEvents; a listener's failure is its own
 * to catch (EventEmitter would throw it back into the writer otherwise).
 */
@Injectable()
export class DiscussionEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per gateway and per notification wiring; more would be a leak worth hearing about.
    this.emitter.setMaxListeners(20);
  }

  threadChanged(event: ThreadChanged): void {
    this.emitter.emit('thread', event);
  }
  threadMoved(event: ThreadMoved): void {
    this.emitter.emit('moved', event);
  }
  postCreated(event: PostCreated): void {
    this.emitter.emit('post-created', event);
  }
  postModerated(event: PostModerated): void {
    this.emitter.emit('post-moderated', event);
  }

  onThreadChanged(listener: Listener<ThreadChanged>): () => void {
    return this.on('thread', listener);
  }
  onThreadMoved(listener: Listener<ThreadMoved>): () => void {
    return this.on('moved', listener);
  }
  onPostCreated(listener: Listener<PostCreated>): () => void {
    return this.on('post-created', listener);
  }
  onPostModerated(listener: Listener<PostModerated>): () => void {
    return this.on('post-moderated', listener);
  }

  private on<T>(name: string, listener: Listener<T>): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
