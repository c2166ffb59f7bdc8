/**
 * What a page says when something failed that no load described: an address that leads nowhere,
 * or a fault of ours. Errors that loads raise on purpose keep their own, more precise, message.
 */
export function plainErrorMessage(status: number): string {
  if (status === 404) return 'There is no page at this address. The link may be mistyped, or the page may have moved.';
  return 'Something went wrong on our side. Please try again in a moment.';
}

/**
 * Whether Knotwork answers at all, asked when something failed while moving to another page: a
 * stopped or restarting server, or a lost connection, makes the page's code and data unreachable,
 * which the browser reports as an ordinary failure. A proxy in front answers 502 to 504 instead.
 */
export async function canReachKnotwork(): Promise<boolean> {
  try {
    const response = await fetch('/api/health', { cache: 'no-store', signal: AbortSignal.timeout(5000) });
    return response.status < 502 || response.status > 504;
  } catch {
    return false;
  }
}

const HEADINGS: Record<number, string> = {
  403: 'You cannot open this page',
  404: 'We could not find that page',
};

/** An error page's heading: Knotwork not answering (503, or found so while navigating) is said as that. */
export function errorHeading(status: number, error: App.Error | null): string {
  if (status === 503 || error?.unreachable) return 'Knotwork cannot be reached';
  return HEADINGS[status] ?? 'Something went wrong';
}
