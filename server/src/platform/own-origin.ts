import type { AddressInfo } from 'node:net';

// A server listening on every interface is also listening on loopback.
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/**
 * The origin at which this process reaches its own HTTP server without leaving the machine:
 * loopback when it listens on every interface, otherwise the one address it listens on.
 */
export function ownOrigin(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') {
    throw new Error('The HTTP server is not listening on a TCP port, so the web app cannot reach /api.');
  }
  const host = WILDCARD_ADDRESSES.has(address.address) ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}
