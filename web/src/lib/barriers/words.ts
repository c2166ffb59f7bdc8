import type { components } from '$lib/api/schema';

export type Barrier = components['schemas']['BarrierDto'];
export type BarrierPage = components['schemas']['BarrierPageDto'];
export type BarrierStatus = Barrier['status'];
export type BarrierResponseStatus = components['schemas']['RespondToBarrierBody']['status'];

/** How many barriers the register shows at a time. */
export const PAGE_SIZE = 20;

/** The statuses in plain words, as the register shows them. */
export const STATUS_NAMES: Record<BarrierStatus, string> = {
  open: 'Waiting for an answer',
  acknowledged: 'Acknowledged',
  being_addressed: 'Being addressed',
  addressed: 'Addressed',
  out_of_scope: 'Out of scope',
};

/** The statuses in the order the register's filter offers them: waiting first, as that is what needs someone. */
export const STATUS_ORDER: BarrierStatus[] = ['open', 'acknowledged', 'being_addressed', 'addressed', 'out_of_scope'];

/** What each answer means, for the respond form's hint. */
export const RESPONSE_CHOICES: { value: BarrierResponseStatus; label: string }[] = [
  { value: 'acknowledged', label: 'Acknowledged: we have seen it' },
  { value: 'being_addressed', label: 'Being addressed: we are working on it' },
  { value: 'addressed', label: 'Addressed: it has been removed' },
  { value: 'out_of_scope', label: 'Out of scope: we cannot act on it' },
];

/** "Hit in 3 places". */
export function placesWords(places: number): string {
  return places === 1 ? 'Hit in 1 place' : `Hit in ${places} places`;
}
