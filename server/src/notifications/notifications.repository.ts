import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { networkAllowsSql } from '../networks/network-access.sql';
import type { EmailChoice, MailedNotification, NotificationKind, NotificationLevel } from './notification.rules';

export interface NotificationRow extends MailedNotification {
  postId: string | null;
  readAt: Date | null;
}

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  networkId: string;
  threadId: string | null;
  postId: string | null;
  postSeq: number | null;
  title: string;
  excerpt: string;
  actorLabel: string;
  url: string;
  reason: string | null;
  dedupeKey: string | null;
  /** Mailed by the caller itself (an invitation's own mail): no notification mail repeats it. */
  mailed: boolean;
}

export interface PageCursor {
  createdAt: Date;
  id: string;
}

/** Whether the owner of a notification may still see it: invitations always, the rest while they can read the network. */
const STILL_READABLE = `(n.kind = 'invitation' OR ${networkAllowsSql('read', { visibility: 'nw.visibility', role: 'm.role' })})`;
const WITH_ACCESS = `
  FROM notifications n
  JOIN networks nw ON nw.id = n.network_id
  LEFT JOIN memberships m ON m.network_id = n.network_id AND m.user_id = n.user_id`;
const ROW_COLUMNS = `
  n.id, n.kind, n.network_id AS "networkId", nw.name AS "networkName", n.thread_id AS "threadId", n.post_id AS "postId",
  n.title, n.excerpt, n.actor_label AS "actorLabel", n.url, n.created_at AS "createdAt", n.read_at AS "readAt"`;
/** Mail reports what is at most this old: a choice changed from "never" does not unearth last year. */
const MAIL_WINDOW = `interval '7 days'`;

/** The only class that queries the notification tables. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Each user's own level in the network and in the thread (null where none was chosen). */
  async levelsOf(
    userIds: string[],
    networkId: string,
    threadId: string | null,
    manager?: EntityManager,
  ): Promise<Map<string, { network: NotificationLevel | null; thread: NotificationLevel | null }>> {
    const rows: { userId: string; network: NotificationLevel | null; thread: NotificationLevel | null }[] = await this.db(manager).query(
      `SELECT u.id AS "userId", nl.level AS network, tl.level AS thread
       FROM unnest($1::uuid[]) AS u(id)
       LEFT JOIN network_notification_levels nl ON nl.user_id = u.id AND nl.network_id = $2
       LEFT JOIN thread_notification_levels tl ON tl.user_id = u.id AND tl.thread_id = $3`,
      [userIds, networkId, threadId],
    );
    return new Map(rows.map((row) => [row.userId, { network: row.network, thread: row.thread }]));
  }

  /** The user's own level in the network and on each of `threadIds` (null where none was chosen), in one query. */
  async threadLevelsOf(
    userId: string,
    networkId: string,
    threadIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, { network: NotificationLevel | null; thread: NotificationLevel | null }>> {
    if (threadIds.length === 0) return new Map();
    const rows: { threadId: string; network: NotificationLevel | null; thread: NotificationLevel | null }[] = await this.db(manager).query(
      `SELECT t.id AS "threadId", nl.level AS network, tl.level AS thread
       FROM unnest($3::uuid[]) AS t(id)
       LEFT JOIN network_notification_levels nl ON nl.user_id = $1 AND nl.network_id = $2
       LEFT JOIN thread_notification_levels tl ON tl.user_id = $1 AND tl.thread_id = t.id`,
      [userId, networkId, threadIds],
    );
    return new Map(rows.map((row) => [row.threadId, { network: row.network, thread: row.thread }]));
  }

  /** Those of `userIds` who may read the network now (the access rule as SQL, for many users at once). */
  async readersAmong(userIds: string[], networkId: string, manager?: EntityManager): Promise<Set<string>> {
    const rows: { userId: string }[] = await this.db(manager).query(
      `SELECT u.id AS "userId"
       FROM unnest($1::uuid[]) AS u(id)
       JOIN networks nw ON nw.id = $2
       LEFT JOIN memberships m ON m.network_id = nw.id AND m.user_id = u.id
       WHERE ${networkAllowsSql('read', { visibility: 'nw.visibility', role: 'm.role' })}`,
      [userIds, networkId],
    );
    return new Set(rows.map((row) => row.userId));
  }

  /** Inserts; a row whose (user, dedupe key) exists is skipped. Returns what was inserted. */
  async insert(rows: NewNotification[], manager?: EntityManager): Promise<{ id: string; userId: string; createdAt: Date }[]> {
    if (rows.length === 0) return [];
    const column = <K extends keyof NewNotification>(key: K) => rows.map((row) => row[key]);
    return this.db(manager).query(
      `INSERT INTO notifications (user_id, kind, network_id, thread_id, post_id, title, excerpt, actor_label, url, reason, dedupe_key, mailed_at, post_seq)
       SELECT u, k, nw, t, p, ti, e, a, url, r, d, CASE WHEN mailed THEN now() END, ps
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::boolean[], $13::int[])
         AS x(u, k, nw, t, p, ti, e, a, url, r, d, mailed, ps)
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id, user_id AS "userId", created_at AS "createdAt"`,
      [
        column('userId'),
        column('kind'),
        column('networkId'),
        column('threadId'),
        column('postId'),
        column('title'),
        column('excerpt'),
        column('actorLabel'),
        column('url'),
        column('reason'),
        column('dedupeKey'),
        column('mailed'),
        column('postSeq'),
      ],
    );
  }

  async findViews(ids: string[], manager?: EntityManager): Promise<(NotificationRow & { userId: string })[]> {
    return this.db(manager).query(`SELECT ${ROW_COLUMNS}, n.user_id AS "userId" ${WITH_ACCESS} WHERE n.id = ANY($1::uuid[])`, [ids]);
  }

  /** One page, newest first, of what the user may still see. */
  async page(userId: string, options: { after: PageCursor | null; unreadOnly: boolean; limit: number }): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT ${ROW_COLUMNS} ${WITH_ACCESS}
       WHERE n.user_id = $1 AND ${STILL_READABLE}
         AND ($2::boolean IS FALSE OR n.read_at IS NULL)
         AND ($3::timestamptz IS NULL OR (n.created_at, n.id) < ($3::timestamptz, $4::uuid))
       ORDER BY n.created_at DESC, n.id DESC
       LIMIT $5`,
      [userId, options.unreadOnly, options.after?.createdAt ?? null, options.after?.id ?? null, options.limit],
    );
  }

  async unreadCount(userId: string, manager?: EntityManager): Promise<number> {
    const [row]: { count: number }[] = await this.db(manager).query(
      `SELECT count(*)::int AS count ${WITH_ACCESS} WHERE n.user_id = $1 AND n.read_at IS NULL AND ${STILL_READABLE}`,
      [userId],
    );
    return row.count;
  }

  async markRead(userId: string, ids: string[] | 'all'): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
      [userId, ids === 'all' ? null : ids],
    );
    return result[1];
  }

  /** Marks read the thread's notifications, or with `upToSeq` those of its posts up to that one (and those not about a numbered post). */
  async markThreadRead(userId: string, threadId: string, upToSeq: number | null, manager?: EntityManager): Promise<number> {
    const result: [unknown[], number] = await this.db(manager).query(
      `UPDATE notifications SET read_at = now()
       WHERE user_id = $1 AND thread_id = $2 AND read_at IS NULL AND ($3::int IS NULL OR post_seq IS NULL OR post_seq <= $3::int)`,
      [userId, threadId, upToSeq],
    );
    return result[1];
  }

  async emailChoicesOf(userIds: string[], manager?: EntityManager): Promise<Map<string, EmailChoice>> {
    const rows: { userId: string; email: EmailChoice }[] = await this.db(manager).query(
      `SELECT user_id AS "userId", email FROM notification_settings WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.userId, row.email]));
  }

  async setEmailChoice(userId: string, email: EmailChoice, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(
      `INSERT INTO notification_settings (user_id, email) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
      [userId, email],
    );
  }

  /** The networks the user belongs to, by name, with the level they chose there (null: not chosen). */
  async memberNetworkLevels(userId: string): Promise<{ networkId: string; name: string; level: NotificationLevel | null }[]> {
    return this.dataSource.query(
      `SELECT nw.id AS "networkId", nw.name, nl.level
       FROM memberships m
       JOIN networks nw ON nw.id = m.network_id
       LEFT JOIN network_notification_levels nl ON nl.user_id = m.user_id AND nl.network_id = m.network_id
       WHERE m.user_id = $1
       ORDER BY lower(nw.name), nw.id`,
      [userId],
    );
  }

  async setNetworkLevel(userId: string, networkId: string, level: NotificationLevel, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(
      `INSERT INTO network_notification_levels (user_id, network_id, level) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, network_id) DO UPDATE SET level = EXCLUDED.level`,
      [userId, networkId, level],
    );
  }

  async setThreadLevel(userId: string, threadId: string, networkId: string, level: NotificationLevel, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(
      `INSERT INTO thread_notification_levels (user_id, thread_id, network_id, level) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, thread_id) DO UPDATE SET level = EXCLUDED.level, network_id = EXCLUDED.network_id`,
      [userId, threadId, networkId, level],
    );
  }

  /** The thread now belongs to `networkId`: its levels follow it (and no longer go with the old network's deletion). */
  async moveThreadLevels(threadId: string, networkId: string, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(`UPDATE thread_notification_levels SET network_id = $2 WHERE thread_id = $1 AND network_id <> $2`, [threadId, networkId]);
  }

  /** Users watching the thread: by their own choice on it, or by watching the network and choosing nothing on the thread. */
  async watchersOf(networkId: string, threadId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { userId: string }[] = await this.db(manager).query(
      `SELECT user_id AS "userId" FROM thread_notification_levels WHERE thread_id = $2 AND level = 'watching'
       UNION
       SELECT nl.user_id FROM network_notification_levels nl
       WHERE nl.network_id = $1 AND nl.level = 'watching'
         AND NOT EXISTS (SELECT 1 FROM thread_notification_levels tl WHERE tl.user_id = nl.user_id AND tl.thread_id = $2)`,
      [networkId, threadId],
    );
    return rows.map((row) => row.userId);
  }

  /**
   * Takes, for one mail, what the user has not read and was not mailed, that they may still see:
   * marks it mailed in the caller's transaction and returns it. Rows another run holds are
   * skipped, so two runs never take the same notification, and a run that commits leaves nothing
   * for a repeat of itself.
   */
  async claimForMail(userId: string, manager: EntityManager): Promise<NotificationRow[]> {
    const rows: NotificationRow[] = await manager.query(
      `SELECT ${ROW_COLUMNS} ${WITH_ACCESS}
       WHERE n.user_id = $1 AND n.read_at IS NULL AND n.mailed_at IS NULL AND n.created_at > now() - ${MAIL_WINDOW}
         AND ${STILL_READABLE}
       ORDER BY n.created_at, n.id
       FOR UPDATE OF n SKIP LOCKED`,
      [userId],
    );
    if (rows.length > 0) await manager.query(`UPDATE notifications SET mailed_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.id)]);
    return rows;
  }

  /** Users on the daily digest who have something to be told. */
  async digestRecipients(): Promise<string[]> {
    const rows: { userId: string }[] = await this.dataSource.query(
      `SELECT DISTINCT n.user_id AS "userId"
       FROM notifications n JOIN notification_settings s ON s.user_id = n.user_id AND s.email = 'daily'
       WHERE n.read_at IS NULL AND n.mailed_at IS NULL AND n.created_at > now() - ${MAIL_WINDOW}`,
    );
    return rows.map((row) => row.userId);
  }

  async person(userId: string, manager?: EntityManager): Promise<{ email: string; displayName: string } | null> {
    const rows: { email: string; displayName: string }[] = await this.db(manager).query(
      `SELECT email, display_name AS "displayName" FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async userIdByEmail(email: string, manager?: EntityManager): Promise<string | null> {
    const rows: { id: string }[] = await this.db(manager).query(`SELECT id FROM users WHERE email = $1`, [email]);
    return rows[0]?.id ?? null;
  }

  async networkName(networkId: string, manager?: EntityManager): Promise<string | null> {
    const rows: { name: string }[] = await this.db(manager).query(`SELECT name FROM networks WHERE id = $1`, [networkId]);
    return rows[0]?.name ?? null;
  }
}
