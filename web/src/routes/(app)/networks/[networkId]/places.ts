import type { Network } from '$lib/api/client';

/**
 * The places of a network's workspace, in the order its navigation lists them. A capability
 * (discussions, lessons, learning sessions…) arrives as one more entry here and its route folder
 * beside this file, `<path>/+page.svelte`.
 */
export interface Place {
  /** The folder under /networks/[networkId]; '' is the overview. */
  path: string;
  label: string;
  /** Who sees the place in the navigation; everyone when absent. */
  shownTo?: (network: Network) => boolean;
}

export const PLACES: Place[] = [
  { path: '', label: 'Overview' },
  { path: 'change-packages', label: 'Change package' },
  { path: 'discussions', label: 'Discussions' },
  { path: 'lessons', label: 'Lessons' },
  { path: 'barriers', label: 'Barriers' },
  { path: 'learning-sessions', label: 'Learning sessions' },
  { path: 'people', label: 'People' },
  { path: 'settings', label: 'Settings', shownTo: (network) => network.can.administer },
];

export function placeHref(networkId: string, place: Place): string {
  return place.path ? `/networks/${networkId}/${place.path}` : `/networks/${networkId}`;
}

/** The place a path is in (the overview for the network's own address), or null. */
export function placeOf(pathname: string, networkId: string): Place | null {
  const rest = pathname.slice(`/networks/${networkId}`.length).replace(/^\//, '');
  return PLACES.find((place) => (place.path ? rest === place.path || rest.startsWith(`${place.path}/`) : rest === '')) ?? null;
}
