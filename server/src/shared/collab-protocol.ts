/**
 * The /collab protocol's constants, shared by the server, the web app and the tests (imported
 * by the web app as `$shared/collab-protocol`). Nothing here may import Node-only modules.
 */

/** The y-websocket message types (what the stock WebsocketProvider speaks). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Knotwork's one extension: "saved". Sent only to clients that asked for it with ?ack=1, since the
 * stock provider logs an error on a type it does not know. It carries the server's state vector
 * after an update from that connection was committed to PostgreSQL and applied: a client's edits
 * are saved once the vector's entry for its clientID reaches its own.
 */
export const MESSAGE_SAVED = 100;

/** Close codes: the standard ones where they fit, 44xx (like HTTP) for ours. */
export const CLOSE = {
  malformed: { code: 4400, reason: 'malformed message' },
  forbidden: { code: 4403, reason: 'access withdrawn' },
  sessionEnded: { code: 4401, reason: 'session ended' },
  documentTooLarge: { code: 4413, reason: 'document too large' },
  tooManyMessages: { code: 4429, reason: 'too many messages' },
  messageTooLarge: { code: 1009, reason: 'message too large' },
  serverError: { code: 1011, reason: 'server error' },
  shuttingDown: { code: 1001, reason: 'server shutting down' },
} as const;
