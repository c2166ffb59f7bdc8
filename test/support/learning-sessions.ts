import type { ApiResponse, TestUser } from './api';

/** A time `minutes` from now, whole minutes, as the API takes it. */
export function minutesFromNow(minutes: number): string {
  const at = new Date(Date.now() + minutes * 60_000);
  at.setUTCSeconds(0, 0);
  return at.toISOString();
}

export interface SessionInput {
  title?: string;
  description?: string | null;
  startsAt?: string;
  endsAt?: string;
  timeZone?: string;
  meetingUrl?: string | null;
  capacity?: number | null;
  agenda?: { title: string; minutes: number; presenter?: string }[];
}

/** A valid body for scheduling a session (tomorrow, an hour long, in London), with `input` over it. */
export function sessionBody(input: SessionInput = {}): Record<string, unknown> {
  return {
    title: 'Spring learning session',
    startsAt: minutesFromNow(24 * 60),
    endsAt: minutesFromNow(25 * 60),
    timeZone: 'Europe/London',
    agenda: [
      { title: 'Welcome', minutes: 10, presenter: 'Dr Ada' },
      { title: 'Team stories', minutes: 40 },
    ],
    ...input,
  };
}

/** Schedules a session as `coach` (who must be a coach or admin of the network) and returns its DTO. */
export async function scheduleSession(coach: TestUser, networkId: string, input: SessionInput = {}): Promise<any> {
  const response: ApiResponse = await coach.client.post(`/api/networks/${networkId}/learning-sessions`, sessionBody(input));
  if (response.status !== 201) throw new Error(`schedule failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
