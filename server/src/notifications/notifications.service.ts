import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../common/request-context';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { CONFIG, type Config } from '../platform/config';
import { JobQueue } from '../platform/jobs/job-queue';
import { Transactions } from '../platform/transactions';
import {
  DEFAULT_EMAIL_CHOICE,
  DEFAULT_LEVEL,
  effectiveLevel,
  immediateMailAt,
  levelAllows,
  needsReadAccess,
  type NotificationKind,
  type NotificationLevel,
} from './notification.rules';
import { MarkReadErrors, NotificationErrors } from './notifications.errors';
import {
  toNotificationDto,
  type ListNotificationsQuery,
  type MarkNotificationsReadBody,
  type NotificationPageDto,
  type NotificationPreferencesDto,
  type UpdatePreferencesBody,
} from './notifications.dto';
import { NotificationsGateway } from './notifications.gateway';
import { NotificationsRepository, type PageCursor } from './notifications.repository';

/** What happened, for whom. */
export interface NotifyInput {
  kind: NotificationKind;
  networkId: string;
  threadId?: string | null;
  postId?: string | null;
  /** The post's number in its thread, so that reading the thread up to it marks this read. */
  postSeq?: number | null;
  /** Candidates; those who may not get it (muted, not watching, cannot read the network) are left out. */
  recipients: string[];
  /** The thread's title, or what the notification is about. */
  title: string;
  /** Plain text, already shortened by the caller; never an anonymous author's name. */
  excerpt: string;
  /** Who did it, as the recipient may know them: already anonymised by the caller ("a member of Ward 4"). */
  actorLabel: string;
  /** A path in the web app (made absolute with PUBLIC_URL in mail). */
  url: string;
  reason?: string | null;
  /**
   * What makes this notification the same one again, so that a retried caller does not notify
   * twice: at most one notification per recipient and key. Defaults to `<kind>:<postId>` when
   * there is a post; without either, every call notifies.
   */
  key?: string | null;
  /** The caller mails this itself (an invitation has its own mail): no notification mail repeats it. */
  mailed?: boolean;
  /**
   * Worth nothing late (a reminder that a session starts in 15 minutes): the recipient's
   * "immediately" mail goes now, taking along whatever else was waiting in their batch, instead
   * of after the batch delay.
   */
  timely?: boolean;
}

/** The job that mails a user's "immediately" batch. */
export const BATCH_MAIL_JOB = 'notifications:mail-batch';
const PAGE_SIZE = 20;

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${new Date(row.createdAt).toISOString()}|${row.id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A cursor is only ever one this list gave out, but it comes back from the client: a forged one
 * must be a 400, so it is held to what PostgreSQL can read (a UUID, a time within years 1 to 9999;
 * JavaScript's dates reach far beyond), never left for the query to fail on.
 */
function decodeCursor(cursor: string): PageCursor {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  const year = createdAt.getUTCFullYear();
  if (rest.length > 0 || Number.isNaN(createdAt.getTime()) || year < 1 || year > 9999 || !UUID.test(id ?? '')) throw NotificationErrors.badCursor();
  return { createdAt, id };
}

/**
 * Notifications: who gets what (levels per network and thread, access), the notification centre,
 * and preferences. Other features call `notify`; the mail side is NotificationMailer.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly repository: NotificationsRepository,
    private readonly policy: NetworkAccessPolicy,
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly gateway: NotificationsGateway,
  ) {}

  /**
   * Notifies those of `input.recipients` whom it may reach: their level for the thread (or the
   * network) lets this kind through (muted drops everything; new posts reach only watchers), and
   * they can read the network now (invitations excepted: that is what they are invited to). Rows
   * are written in `manager`'s transaction when given (so they exist only if the caller's write
   * commits), each recipient's "immediately" mail is scheduled in the same transaction, and
   * `notification:new` goes to each recipient's sockets after the commit. Returns the ids of the
   * users who were notified.
   */
  async notify(input: NotifyInput, manager?: EntityManager): Promise<string[]> {
    const write = async (db: EntityManager) => {
      const threadId = input.threadId ?? null;
      let recipients = [...new Set(input.recipients)];
      if (recipients.length === 0) return [];
      const levels = await this.repository.levelsOf(recipients, input.networkId, threadId, db);
      recipients = recipients.filter((userId) => {
        const own = levels.get(userId);
        return levelAllows(input.kind, effectiveLevel(own?.network ?? null, own?.thread ?? null));
      });
      if (needsReadAccess(input.kind) && recipients.length > 0) {
        const readers = await this.repository.readersAmong(recipients, input.networkId, db);
        recipients = recipients.filter((userId) => readers.has(userId));
      }
      const key = input.key ?? (input.postId ? `${input.kind}:${input.postId}` : null);
      const inserted = await this.repository.insert(
        recipients.map((userId) => ({
          userId,
          kind: input.kind,
          networkId: input.networkId,
          threadId,
          postId: input.postId ?? null,
          postSeq: input.postSeq ?? null,
          title: input.title,
          excerpt: input.excerpt,
          actorLabel: input.actorLabel,
          url: input.url,
          reason: input.reason ?? null,
          dedupeKey: key,
          mailed: input.mailed === true,
        })),
        db,
      );
      if (inserted.length === 0) return [];
      const choices = await this.repository.emailChoicesOf(
        inserted.map((row) => row.userId),
        db,
      );
      for (const row of input.mailed ? [] : inserted) {
        if ((choices.get(row.userId) ?? DEFAULT_EMAIL_CHOICE) !== 'immediately') continue;
        // One pending batch per user; its time is set by the first notification of the batch, so a
        // steady trickle cannot postpone the mail for ever.
        await this.jobs.add(
          BATCH_MAIL_JOB,
          { userId: row.userId },
          input.timely
            ? { key: `notifications:mail-batch:${row.userId}`, keyMode: 'replace', runAt: new Date(row.createdAt), manager: db }
            : { key: `notifications:mail-batch:${row.userId}`, keyMode: 'preserve_run_at', runAt: immediateMailAt(new Date(row.createdAt), this.config.mailBatchDelayMs), manager: db },
        );
      }
      this.transactions.afterCommit(db, () => this.announce(inserted.map((row) => row.id)));
      return inserted.map((row) => row.userId);
    };
    return manager ? write(manager) : this.transactions.run(write);
  }

  /** Users watching the thread (by their own choice on it, or on its network with none on the thread); access is re-checked by notify. */
  watchersOf(networkId: string, threadId: string, manager?: EntityManager): Promise<string[]> {
    return this.repository.watchersOf(networkId, threadId, manager);
  }

  /** The level that applies to the user: the thread's own when they chose one, else the network's, else normal. */
  async levelFor(userId: string, where: { networkId: string; threadId?: string | null }, manager?: EntityManager): Promise<NotificationLevel> {
    const own = (await this.repository.levelsOf([userId], where.networkId, where.threadId ?? null, manager)).get(userId);
    return effectiveLevel(own?.network ?? null, own?.thread ?? null);
  }

  /** The level that applies to the user on each of a network's threads: one query for a whole page of them. */
  async levelsForThreads(userId: string, networkId: string, threadIds: string[], manager?: EntityManager): Promise<Map<string, NotificationLevel>> {
    const own = await this.repository.threadLevelsOf(userId, networkId, threadIds, manager);
    return new Map(threadIds.map((threadId) => [threadId, effectiveLevel(own.get(threadId)?.network ?? null, own.get(threadId)?.thread ?? null)]));
  }

  /** The user's own level for one thread (the caller has checked that they may read it). */
  setThreadLevel(userId: string, threadId: string, networkId: string, level: NotificationLevel, manager?: EntityManager): Promise<void> {
    return this.repository.setThreadLevel(userId, threadId, networkId, level, manager);
  }

  /** A thread moved to another network: everyone's own level on it moves along, in the caller's transaction. */
  threadMoved(threadId: string, networkId: string, manager?: EntityManager): Promise<void> {
    return this.repository.moveThreadLevels(threadId, networkId, manager);
  }

  /**
   * The user has read the thread (up to post number `upToSeq` when given: notifications of later
   * posts stay unread): its notifications become read, so a pending mail leaves them out (the mail
   * job takes only unread ones). Open tabs get the new count after the commit.
   */
  async markThreadRead(userId: string, threadId: string, upToSeq: number | null = null, manager?: EntityManager): Promise<void> {
    const changed = await this.repository.markThreadRead(userId, threadId, upToSeq, manager);
    if (changed > 0) this.transactions.afterCommit(manager, () => this.announceCount(userId));
  }

  async list(caller: Caller, query: ListNotificationsQuery): Promise<NotificationPageDto> {
    const limit = query.limit ?? PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.repository.page(caller.userId, { after, unreadOnly: query.unread === true, limit: limit + 1 });
    const items = rows.slice(0, limit);
    return {
      items: items.map(toNotificationDto),
      nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null,
      unreadCount: await this.repository.unreadCount(caller.userId),
    };
  }

  unreadCount(caller: Caller): Promise<number> {
    return this.repository.unreadCount(caller.userId);
  }

  async markRead(caller: Caller, body: MarkNotificationsReadBody): Promise<number> {
    if (body.all && body.ids) throw MarkReadErrors.both();
    if (!body.all && !body.ids) throw MarkReadErrors.nothingNamed();
    const changed = await this.repository.markRead(caller.userId, body.all ? 'all' : (body.ids ?? []));
    const unreadCount = await this.repository.unreadCount(caller.userId);
    if (changed > 0) this.gateway.unreadCountChanged(caller.userId, unreadCount);
    return unreadCount;
  }

  async preferences(caller: Caller): Promise<NotificationPreferencesDto> {
    const choices = await this.repository.emailChoicesOf([caller.userId]);
    const networks = await this.repository.memberNetworkLevels(caller.userId);
    return {
      email: choices.get(caller.userId) ?? DEFAULT_EMAIL_CHOICE,
      networks: networks.map((network) => ({ networkId: network.networkId, name: network.name, level: network.level ?? DEFAULT_LEVEL })),
    };
  }

  /** Changes the e-mail choice and network levels; a network the caller does not belong to is refused like one that does not exist. */
  async updatePreferences(caller: Caller, body: UpdatePreferencesBody): Promise<NotificationPreferencesDto> {
    const mine = new Set((await this.repository.memberNetworkLevels(caller.userId)).map((network) => network.networkId));
    const changes = body.networks ?? [];
    changes.forEach((change, index) => {
      if (!mine.has(change.networkId.toLowerCase())) throw NotificationErrors.notYourNetwork(index);
    });
    await this.transactions.run(async (manager) => {
      if (body.email) await this.repository.setEmailChoice(caller.userId, body.email, manager);
      for (const change of changes) await this.repository.setNetworkLevel(caller.userId, change.networkId.toLowerCase(), change.level, manager);
    });
    return this.preferences(caller);
  }

  /** The caller's level in one network they may read (the guard checked). */
  async setNetworkLevel(caller: Caller, networkId: string, level: NotificationLevel): Promise<NotificationLevel> {
    await this.policy.require(caller.userId, networkId, 'read');
    await this.repository.setNetworkLevel(caller.userId, networkId, level);
    return level;
  }

  private async announce(ids: string[]): Promise<void> {
    const rows = await this.repository.findViews(ids);
    const counts = new Map<string, number>();
    for (const row of rows) {
      const unreadCount = counts.get(row.userId) ?? (await this.repository.unreadCount(row.userId));
      counts.set(row.userId, unreadCount);
      this.gateway.newNotification(row.userId, toNotificationDto(row), unreadCount);
    }
  }

  private async announceCount(userId: string): Promise<void> {
    this.gateway.unreadCountChanged(userId, await this.repository.unreadCount(userId));
  }
}
