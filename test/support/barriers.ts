import type { TestUser } from './api';

export interface LessonBarrier {
  description: string;
  kind: 'local' | 'systemic';
}

export interface LessonOptions {
  status?: 'draft' | 'published';
  anonymous?: boolean;
  title?: string;
}

/** Writes a lesson with these barriers through the lessons API, as `author`, and returns it. */
export async function writeLessonWithBarriers(author: TestUser, networkId: string, barriers: LessonBarrier[], options: LessonOptions = {}): Promise<any> {
  const response = await author.client.post(`/api/networks/${networkId}/lessons`, {
    title: options.title ?? `Phone follow-up ${Math.random().toString(36).slice(2, 7)}`,
    context: { setting: 'General practice' },
    tried: 'Calling every patient within 7 days of a positive screen.',
    happened: 'Half of the calls went unanswered.',
    outcome: 'did_not_work',
    why: 'Patients did not pick up calls from withheld numbers.',
    barriers,
    tags: ['follow-up'],
    status: options.status ?? 'published',
    ...(options.anonymous !== undefined && { anonymous: options.anonymous }),
  });
  if (response.status !== 201) throw new Error(`writing a lesson failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
