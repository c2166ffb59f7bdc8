import { Client } from 'pg';

/** Polls `check` until it returns something truthy: for work the job queue does in the background. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/** One query on the server's database, on a connection of its own. */
export async function sql<T>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Waits until the job queue has nothing left to do (nothing due, nothing running). */
export async function queueIdle(databaseUrl: string): Promise<void> {
  const pending = () =>
    sql<{ task: string; attempts: number; lockedAt: string | null; lastError: string | null }>(
      databaseUrl,
      `SELECT task_identifier AS task, attempts, locked_at AS "lockedAt", last_error AS "lastError"
         FROM graphile_worker.jobs WHERE run_at <= now() + interval '1 second' AND attempts < max_attempts`,
    );
  try {
    await eventually(async () => (await pending()).length === 0, 'an idle job queue');
  } catch (error) {
    // Say what is still there: a job locked by a stopped worker and one failing over and over need different fixes.
    throw new Error(`${(error as Error).message}; still due: ${JSON.stringify(await pending())}`);
  }
}
