import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { readSnapshot, type ChangePackageSnapshot } from '../../server/src/shared/change-package.document';
import type { TestUser } from './api';
import { MESSAGE_SAVED } from '../../server/src/shared/collab-protocol';

export { MESSAGE_SAVED };

/** The stock y-websocket provider, signed in with the user's cookie (Node has no browser cookie jar). */
export function connectProvider(
  baseUrl: string,
  user: TestUser | null,
  documentName: string,
  doc = new Y.Doc(),
  options: { ack?: boolean; origin?: string } = {},
): SavingProvider {
  const headers: Record<string, string> = {};
  if (user?.client.cookie) headers.cookie = user.client.cookie;
  if (options.origin) headers.origin = options.origin;
  class SignedInWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/collab', documentName, doc, {
    WebSocketPolyfill: SignedInWebSocket as unknown as typeof globalThis.WebSocket,
    params: options.ack ? { ack: '1' } : {},
    disableBc: true,
    maxBackoffTime: 500,
  }) as SavingProvider;
  provider.savedVectors = [];
  const waiting = new Set<() => void>();
  provider.whenSaved = (timeoutMs = 10_000) => {
    const clock = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
    const covered = () => (provider.savedVectors.at(-1)?.get(doc.clientID) ?? 0) >= clock;
    if (covered()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(check);
        reject(new Error(`edits up to clock ${clock} were not acknowledged as saved in time`));
      }, timeoutMs);
      const check = () => {
        if (!covered()) return;
        clearTimeout(timer);
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
    });
  };
  if (options.ack) {
    // Knotwork's "saved" message: the server's state vector once this client's update is committed.
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      provider.savedVectors.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
      for (const check of [...waiting]) check();
    };
  }
  return provider;
}

export interface SavingProvider extends WebsocketProvider {
  /** The server's state vectors from its "saved" messages (clients connected with `ack`). */
  savedVectors: Map<number, number>[];
  /** Resolves once the server says every edit this client has made so far is saved. */
  whenSaved(timeoutMs?: number): Promise<void>;
}

export function synced(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    provider.once('sync', (isSynced: boolean) => {
      if (isSynced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** Resolves when `check` holds for the doc, re-checking on every update. */
export function eventually(doc: Y.Doc, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      doc.off('update', onUpdate);
      reject(new Error('condition not met in time'));
    }, timeoutMs);
    const onUpdate = () => {
      if (!check()) return;
      clearTimeout(timer);
      doc.off('update', onUpdate);
      resolve();
    };
    doc.on('update', onUpdate);
  });
}

/**
 * Resolves once the server holds what `check` looks for in a change package's document: a stock
 * client, signed in as `user`, waits for it (the server relays an edit only once it is saved).
 * For edits made in a page, whose "Saved" may still show while the last keys are on their way.
 */
export async function whenServerHas(baseUrl: string, user: TestUser, documentName: string, check: (snapshot: ChangePackageSnapshot) => boolean): Promise<void> {
  const provider = connectProvider(baseUrl, user, documentName);
  try {
    await synced(provider);
    await eventually(provider.doc, () => check(readSnapshot(provider.doc)));
  } finally {
    destroyProvider(provider);
  }
}

/** The HTTP status of a refused upgrade, or 101 when it was accepted. */
export function upgradeStatus(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(baseUrl.replace(/^http/, 'ws') + path, { headers });
    socket.on('open', () => {
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('error', () => undefined);
  });
}

/** Waits for a provider's socket to be closed by the server, with the code it used. */
export function closedByServer(provider: WebsocketProvider, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not closed in time')), timeoutMs);
    provider.on('connection-close', (event: { code: number } | null) => {
      clearTimeout(timer);
      resolve(event?.code ?? 0);
    });
  });
}

/** Polls a condition that no event announces (for state kept outside a Y.Doc). */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Destroys a provider with what it made: its awareness keeps an interval running otherwise. */
export function destroyProvider(provider: WebsocketProvider): void {
  provider.destroy();
  provider.awareness.destroy();
  provider.doc.destroy();
}
