/**
 * The pure rules of the barrier register: where a systemic barrier shows, who may answer it and
 * what its status is. No I/O, so that every case has a unit test; the repository's SQL mirrors
 * `reachesRegister` and an integration test checks both against each other.
 */
import { networkAllows, readableByEveryone, type NetworkRole, type NetworkVisibility } from '../networks/network.rules';

export const BARRIER_RESPONSE_STATUSES = ['acknowledged', 'being_addressed', 'addressed', 'out_of_scope'] as const;
export type BarrierResponseStatus = (typeof BARRIER_RESPONSE_STATUSES)[number];

/** A barrier nobody above has answered yet is open; otherwise its status is the latest answer's. */
export const BARRIER_STATUSES = ['open', ...BARRIER_RESPONSE_STATUSES] as const;
export type BarrierStatus = (typeof BARRIER_STATUSES)[number];

export const BARRIER_LIMITS = { reply: 2000, pageSize: 20, maxPageSize: 50, linkAtOnce: 20 } as const;

/**
 * Whether a barrier raised in a network with `originVisibility` shows in the register of the
 * network `distance` steps up its chain of parents (0: the network itself). The register of a
 * network is read by whoever may read that network, so a barrier may go up only when all of them
 * may read its lesson: that is always true in its own network, and higher up only when the
 * lesson's network is readable by everyone (a private network's lessons stay inside it).
 */
export function reachesRegister(distance: number, originVisibility: NetworkVisibility): boolean {
  return distance === 0 || (distance > 0 && readableByEveryone(originVisibility));
}

/**
 * Whether a caller with `role` in a network `distance` steps above the barrier's network may
 * answer it there: coaches and admins of a higher network whose register holds it.
 */
export function mayRespond(distance: number, originVisibility: NetworkVisibility, responder: { visibility: NetworkVisibility; role: NetworkRole | null }): boolean {
  return distance > 0 && reachesRegister(distance, originVisibility) && networkAllows(responder.visibility, responder.role, 'moderate');
}

/** The latest response's status (responses in the order they were given), or open. */
export function currentStatus(responses: readonly { status: BarrierResponseStatus }[]): BarrierStatus {
  return responses.at(-1)?.status ?? 'open';
}

/** How many places hit a barrier: the distinct networks that raised it or a barrier linked to it. */
export function placesHit(originNetworkIds: readonly string[]): number {
  return Math.max(1, new Set(originNetworkIds).size);
}
