/**
 * What a page says when something failed that no load described: an address that leads nowhere,
 * or a fault of ours. Errors that loads raise on purpose keep their own, more precise, message.
 */
export function plainErrorMessage(status: number): string {
  if (status === 404) return 'There is no page at this address. The link may be mistyped, or the page may have moved.';
  return 'Something went wrong on our side. Please try again in a moment.';
}
