import { Injectable, Logger } from '@nestjs/common';

type SessionEndHook = (sessionId: string, endedBy: string) => Promise<void>;

/**
 * What else happens when a coach ends a session (the summary's assembly), kept out of the live
 * room's code: the room calls `ended` once the end is written, and each hook runs in turn. A
 * failing hook is logged, never undoes the end: the summary is assembled again when first asked.
 */
@Injectable()
export class SessionEndHooks {
  private readonly logger = new Logger(SessionEndHooks.name);
  private readonly hooks: SessionEndHook[] = [];

  onEnded(hook: SessionEndHook): void {
    this.hooks.push(hook);
  }

  async ended(sessionId: string, endedBy: string): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook(sessionId, endedBy);
      } catch (error) {
        this.logger.error(`after the end of session ${sessionId}: ${(error as Error).message}`);
      }
    }
  }
}
