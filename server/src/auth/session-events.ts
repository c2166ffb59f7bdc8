import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

export type SessionsEnded = { userId: string; sessionId: string } | { userId: string; allSessions: true; exceptSessionId?: string };

/** Sessions that ended, so that live connections opened with them are closed too. */
@Injectable()
export class SessionEvents {
  private readonly emitter = new EventEmitter();

  ended(event: SessionsEnded): void {
    this.emitter.emit('ended', event);
  }

  onEnded(listener: (event: SessionsEnded) => void): () => void {
    this.emitter.on('ended', listener);
    return () => this.emitter.off('ended', listener);
  }
}
