import { notesMarkdown, sessionNotesDocumentName } from '../../server/src/shared/session-notes.document';
import type { TestUser } from './api';
import { connectProvider, destroyProvider, eventually, synced } from './collab';

/**
 * Resolves once the server holds what `check` looks for in a session's notes (or a breakout
 * group's): a stock client, signed in as `user`, waits for it (the server relays only what it saved).
 */
export async function whenServerHasNotes(baseUrl: string, user: TestUser, sessionId: string, check: (markdown: string) => boolean, groupId?: string): Promise<void> {
  const provider = connectProvider(baseUrl, user, sessionNotesDocumentName(sessionId, groupId));
  try {
    await synced(provider);
    await eventually(provider.doc, () => check(notesMarkdown(provider.doc)));
  } finally {
    destroyProvider(provider);
  }
}
