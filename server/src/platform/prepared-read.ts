import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** The statement name of each text (a digest of it: one text, one name, whoever runs it). */
const statementNames = new Map<string, string>();

function statementNameOf(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `kw_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A read outside any transaction, run as a named prepared statement: each pooled connection
 * parses and plans the text once and keeps the plan, where DataSource.query parses and plans it
 * again on every call. For the reads on the busiest paths (a page of a thread is read far more
 * often than it is written), whose joins cost PostgreSQL more to plan than to run.
 */
export async function preparedRead<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  // TypeORM's PostgreSQL driver keeps its pg Pool as `master` (there is no replica here).
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const result = await pool.query({ name: statementNameOf(text), text, values });
  return result.rows as T[];
}
