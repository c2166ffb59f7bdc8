import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PlatformErrors } from './platform.errors';
import { toErrorBody } from './error-response';

/** The paths whose upgrades have an owner: socket.io's and /collab's. */
const UPGRADE_PATHS = /^\/(socket\.io|collab)\//;

/**
 * The first listener on the HTTP server's 'upgrade' event. Once Node hands a socket to 'upgrade'
 * listeners it stops watching its errors, so a client that resets the connection while a listener
 * is still deciding (signing in, asking the access policy) would raise an error nobody catches and
 * stop the whole server: every upgrade socket gets an error listener here, first. An upgrade to a
 * path nobody serves is answered with a 404 at once, instead of being left open for ever (which
 * also kept the server from stopping).
 */
export function guardUpgrades(server: Server): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '/').split('?')[0];
    if (!UPGRADE_PATHS.test(path)) answerUpgrade(socket, PlatformErrors.routeNotFound());
  });
}

/** Answers an upgrade with a plain HTTP error in the one error shape, before any WebSocket exists. */
export function answerUpgrade(socket: Duplex, exception: unknown): void {
  if (socket.destroyed) return;
  const { body } = toErrorBody(exception);
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.statusCode} ${body.error}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  );
}
