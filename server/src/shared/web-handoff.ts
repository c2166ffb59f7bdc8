/**
 * How the server tells the web app it mounts where to reach /api without leaving the machine.
 * Server-side page loads must call the API as the signed-in visitor, but the address the visitor
 * used (PUBLIC_URL, a load balancer) may lead off the machine or not resolve from it at all; so the
 * server puts its own loopback origin on each Node request it hands to the web app's handler, and
 * the web app's `handleFetch` sends /api requests there. A property on the request object, unlike a
 * header, cannot be set by the visitor. Shared by the server and the web app (`$shared/web-handoff`).
 */
export const API_ORIGIN: unique symbol = Symbol.for('knotwork.apiOrigin');

/** A Node request as the server hands it to the web app. */
export interface HandedOffRequest {
  [API_ORIGIN]?: string;
}
