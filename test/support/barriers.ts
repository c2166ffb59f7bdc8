import type { TestUser } from './api';
import { sql } from './jobs';

export interface LessonBarrier {
  description: string;
  kind: 'local' | 'systemic';
}

export interface LessonOptions {
  status?: 'draft' | 'published';
  anonymous?: boolean;
  title?: string;
}

/**
 * Writes a lesson with its barriers into the database as the lessons feature stores it: the
 * barrier register only reads what lessons store, and this keeps its tests independent of the
 * lesson editor's rules (drafts, prompts, autosave).
 */
export async function writeLessonWithBarriers(
  databaseUrl: string,
  author: TestUser,
  networkId: string,
  barriers: LessonBarrier[],
  options: LessonOptions = {},
): Promise<{ id: string; anonymous: boolean }> {
  const status = options.status ?? 'published';
  const [lesson] = await sql<{ id: string; anonymous: boolean }>(
    databaseUrl,
    `INSERT INTO lessons (network_id, author_id, anonymous, anonymous_label, title, setting, tried, happened, outcome, why, tags, status, published_at)
     VALUES ($1, $2, $3, CASE WHEN $3 THEN 'a member' END, $4, 'general practice', 'Calling every patient within 7 days of a positive screen.',
             'Half of the calls went unanswered.', 'did_not_work', 'Patients did not pick up calls from withheld numbers.', '{follow-up}', $5,
             CASE WHEN $5 = 'published' THEN clock_timestamp() END)
     RETURNING id, anonymous`,
    [networkId, author.id, options.anonymous === true, options.title ?? `Phone follow-up ${Math.random().toString(36).slice(2, 7)}`, status],
  );
  for (const [position, barrier] of barriers.entries()) {
    await sql(databaseUrl, `INSERT INTO lesson_barriers (lesson_id, network_id, description, kind, position) VALUES ($1, $2, $3, $4, $5)`, [
      lesson.id,
      networkId,
      barrier.description,
      barrier.kind,
      position,
    ]);
  }
  return lesson;
}
