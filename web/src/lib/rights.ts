import type { Network } from '$lib/api/client';

/**
 * What the signed-in person may do in a network, read from the role the API sent with it. The
 * pages ask here rather than comparing roles themselves, so that there is one place to change
 * when the API says what the caller may do outright.
 */

/** Take part: start and edit change packages, choose a team. Any member, coach or admin. */
export function canContribute(network: Pick<Network, 'myRole'>): boolean {
  return network.myRole !== null;
}

/** Manage the network: its settings, people, teams and invitations. Admins only. */
export function canAdminister(network: Pick<Network, 'myRole'>): boolean {
  return network.myRole === 'admin';
}
