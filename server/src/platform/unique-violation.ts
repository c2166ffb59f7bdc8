/**
 * Whether a query failed because it would break a unique index (PostgreSQL's 23505), optionally
 * a given one. Repositories turn it into an answer ("that name is taken") so that the index, not a
 * check before the write, decides between two requests that race.
 */
export function isUniqueViolation(error: unknown, indexName?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (indexName === undefined || constraint === indexName);
}
