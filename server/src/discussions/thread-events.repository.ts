import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DiscussionEventKind } from './discussion.rules';

/** One row of a thread's event log: what changed, in the order it was committed. */
export interface ThreadEventRow {
  seq: number;
  kind: DiscussionEventKind;
  postId: string | null;
}

/** Who is typing, as the live door needs to say it: their name and their team in the thread's network. */
export interface TypistFacts {
  name: string;
  teamName: string | null;
}

/**
 * Reads for the live door: the event log that DiscussionsService writes (catch-up and ordered
 * delivery read it here; nothing here writes it), and the little a typing indicator shows.
 */
@Injectable()
export class ThreadEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The thread's last event, or null when there is no such thread. */
  async lastSeq(threadId: string): Promise<number | null> {
    const rows: { seq: number }[] = await this.dataSource.query(`SELECT last_event_seq AS seq FROM discussion_threads WHERE id = $1`, [threadId]);
    return rows[0]?.seq ?? null;
  }

  /**
   * Events after `afterSeq`, at most `upToSeq` when given, oldest first, at most `limit` of them:
   * one index range on the log's primary key (thread_id, seq).
   */
  eventsAfter(threadId: string, afterSeq: number, limit: number, upToSeq?: number): Promise<ThreadEventRow[]> {
    return this.dataSource.query(
      `SELECT seq, kind, post_id AS "postId" FROM discussion_events
        WHERE thread_id = $1 AND seq > $2 AND ($4::int IS NULL OR seq <= $4)
        ORDER BY seq LIMIT $3`,
      [threadId, afterSeq, limit, upToSeq ?? null],
    );
  }

  async typist(userId: string, networkId: string): Promise<TypistFacts | null> {
    const rows: TypistFacts[] = await this.dataSource.query(
      `SELECT u.display_name AS name, t.name AS "teamName"
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id AND m.network_id = $2
         LEFT JOIN teams t ON t.id = m.team_id
        WHERE u.id = $1`,
      [userId, networkId],
    );
    return rows[0] ?? null;
  }
}
