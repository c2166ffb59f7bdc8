import { io, type Socket } from 'socket.io-client';
import { browser } from '$app/environment';

/**
 * The tab's one socket.io connection (threads, notifications, later the live room), made on first
 * use in the browser and shared by every live part of the page. The server signs it in from the
 * session cookie; socket.io reconnects on its own, and each feature re-joins its rooms on
 * `connect` (see `onConnected`).
 */
let shared: Socket | null = null;

export function socket(): Socket {
  if (!browser) throw new Error('socket() is for the browser only');
  shared ??= io({ path: '/socket.io', transports: ['websocket'], withCredentials: true });
  // The server ends the connection when its session ends (signing out); signing in again in the
  // same tab needs a new one, made with the new session's cookie.
  if (!shared.active) shared.connect();
  return shared;
}

/**
 * Runs `join` now when connected and again after every reconnection (rooms do not survive a
 * reconnect); returns a function that stops it.
 */
export function onConnected(join: (live: Socket) => void): () => void {
  const live = socket();
  const run = () => join(live);
  if (live.connected) run();
  live.on('connect', run);
  return () => live.off('connect', run);
}
