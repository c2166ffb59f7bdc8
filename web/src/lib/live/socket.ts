import type { Socket } from 'socket.io-client';
import { browser } from '$app/environment';

/**
 * The tab's one socket.io connection (threads, notifications, later the live room), made on first
 * use in the browser and shared by every live part of the page. The server signs it in from the
 * session cookie; socket.io reconnects on its own, and each feature re-joins its rooms on
 * `connect` (see `onConnected`).
 *
 * socket.io-client is loaded when something first listens, not with the page: every signed-in page
 * has the notifications bell, and the editor's first load has a budget it must keep.
 */
let shared: Promise<Socket> | null = null;

export function liveSocket(): Promise<Socket> {
  if (!browser) return Promise.reject(new Error('liveSocket() is for the browser only'));
  shared ??= import('socket.io-client').then(
    ({ io }) => io({ path: '/socket.io', transports: ['websocket'], withCredentials: true }),
    (cause: unknown) => {
      // The chunk did not load (offline, or a deploy replaced it): forget the failure so that the
      // next use tries again rather than failing forever.
      shared = null;
      throw cause;
    },
  );
  return shared.then((live) => {
    // The server ends the connection when its session ends (signing out); signing in again in the
    // same tab needs a new one, made with the new session's cookie.
    if (!live.active) live.connect();
    return live;
  });
}

/**
 * Sends one message once the connection exists (socket.io buffers it until connected). For
 * messages that matter only while live (typing, leaving a room): without a connection there is
 * nobody to tell, so a failure to connect is dropped here rather than left unhandled.
 */
export function emit(event: string, payload: unknown): void {
  liveSocket().then(
    (live) => live.emit(event, payload),
    () => {},
  );
}

/** A listener for one message; each feature names the payload type it expects. */
type Handler = (payload: never) => void;
type SocketListener = (...args: unknown[]) => void;

/**
 * Listens to server messages until the returned function is called (which may be before the
 * connection exists). `unavailable` is told when live updates cannot start at all.
 */
export function listen(handlers: Record<string, Handler>, unavailable?: Unavailable): () => void {
  return whenLive((live) => {
    for (const [event, handler] of Object.entries(handlers)) live.on(event, handler as SocketListener);
    return () => {
      for (const [event, handler] of Object.entries(handlers)) live.off(event, handler as SocketListener);
    };
  }, unavailable);
}

/**
 * Runs `join` now when connected and again after every reconnection (rooms do not survive a
 * reconnect); returns a function that stops it.
 */
export function onConnected(join: (live: Socket) => void, unavailable?: Unavailable): () => void {
  return whenLive((live) => {
    const run = () => join(live);
    if (live.connected) run();
    live.on('connect', run);
    return () => live.off('connect', run);
  }, unavailable);
}

/** Told when the live connection cannot be made at all (socket.io-client did not load). */
export type Unavailable = () => void;

/**
 * Starts `start` once the connection exists, unless stopped first; returns what stops it. When
 * the connection cannot be made, `unavailable` is told (once the page is not stopped), so the
 * page can say that it will not update by itself instead of waiting in silence.
 */
function whenLive(start: (live: Socket) => () => void, unavailable: Unavailable = () => {}): () => void {
  let stopped = false;
  let stop = () => {};
  liveSocket().then(
    (live) => {
      if (!stopped) stop = start(live);
    },
    () => {
      if (!stopped) unavailable();
    },
  );
  return () => {
    stopped = true;
    stop();
  };
}
