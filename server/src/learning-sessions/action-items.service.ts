import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../common/request-context';
import { isUuid } from '../common/uuid-param';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { networkAllows, type NetworkRole, type NetworkVisibility } from '../networks/network.rules';
import { NotificationsService } from '../notifications/notifications.service';
import { AppError } from '../platform/app-error';
import { JobQueue } from '../platform/jobs/job-queue';
import { Transactions } from '../platform/transactions';
import { LearningSessionsService } from './learning-sessions.service';
import type { ActionItemDto, ActionItemProgressBody, CreateActionItemBody, SessionActionItemsDto, TeamActionItemsDto, UpdateActionItemBody } from './session-notes.dto';
import { SessionNotesErrors } from './session-notes.errors';
import { SessionNotesRepository, type ActionItemRow } from './session-notes.repository';
import { isCalendarDate, reminderAt, SESSION_NOTES_LIMITS } from './session-notes.rules';

/** The job that reminds a team the day before an item is due; one pending per item (its key), so an edit reschedules it. */
export const ACTION_ITEM_DUE_JOB = 'learning-sessions:action-item-due';
const dueJobKey = (itemId: string) => `learning-sessions:action-item-due:${itemId}`;

interface Standing {
  userId: string;
  role: NetworkRole | null;
  visibility: NetworkVisibility;
  teamId: string | null;
}

const iso = (date: Date | string) => new Date(date).toISOString();

/**
 * The action period: coaches give teams action items at a session, teams mark them done and
 * report back. Every item belongs to one session and one team of the session's network.
 */
@Injectable()
export class ActionItemsService implements OnModuleInit {
  private readonly logger = new Logger(ActionItemsService.name);

  constructor(
    private readonly repository: SessionNotesRepository,
    private readonly sessions: LearningSessionsService,
    private readonly policy: NetworkAccessPolicy,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.register(ACTION_ITEM_DUE_JOB, (payload) => this.remind(payload as { itemId?: unknown; dueOn?: unknown }));
  }

  async listForSession(caller: Caller, sessionId: string): Promise<SessionActionItemsDto> {
    const found = await this.sessions.access(caller, sessionId, 'read');
    const standing = await this.standing(caller.userId, found.networkId, found.role, found.visibility);
    const items = await this.repository.itemsOfSession(sessionId);
    return { items: items.map((item) => this.toDto(item, standing)), canCreate: networkAllows(found.visibility, found.role, 'moderate') };
  }

  async create(caller: Caller, sessionId: string, body: CreateActionItemBody): Promise<ActionItemDto> {
    const found = await this.sessions.access(caller, sessionId, 'moderate');
    const dueOn = this.checkDueOn(body.dueOn);
    await this.requireTeam(found.networkId, body.teamId);
    const id = await this.transactions.run(async (manager) => {
      // The session's row is locked (as for answers and edits): coaches adding items at the same
      // moment are counted one after another, so that the limit holds.
      await this.sessions.access(caller, sessionId, 'moderate', manager);
      if ((await this.repository.countOfSession(sessionId, manager)) >= SESSION_NOTES_LIMITS.itemsPerSession) {
        throw SessionNotesErrors.tooManyItems(SESSION_NOTES_LIMITS.itemsPerSession);
      }
      const id = await this.repository.insertItem({ sessionId, networkId: found.networkId, teamId: body.teamId, title: body.title, dueOn, createdBy: caller.userId }, manager);
      const item = (await this.repository.findItem(id, manager))!;
      await this.notifyAssigned(caller, item, manager);
      await this.scheduleReminder(item, manager);
      return id;
    });
    return this.get(caller, id);
  }

  async update(caller: Caller, itemId: string, body: UpdateActionItemBody): Promise<ActionItemDto> {
    const item = await this.item(caller, itemId, 'moderate');
    const dueOn = body.dueOn !== undefined ? this.checkDueOn(body.dueOn) : item.dueOn;
    const teamId = body.teamId ?? item.teamId;
    if (teamId !== item.teamId) await this.requireTeam(item.networkId, teamId);
    await this.transactions.run(async (manager) => {
      await this.repository.updateItem(item.id, { teamId, title: body.title ?? item.title, dueOn }, manager);
      const changed = await this.repository.findItem(item.id, manager);
      // Deleted since it was read (a coach removing it at the same moment): it is missing, as it would be a moment later.
      if (!changed) throw SessionNotesErrors.actionItemNotFound();
      // A new team hears of it as the first one did; the reminder follows the new date (the job key replaces it).
      if (teamId !== item.teamId) await this.notifyAssigned(caller, changed, manager);
      await this.scheduleReminder(changed, manager);
    });
    return this.get(caller, item.id);
  }

  async delete(caller: Caller, itemId: string): Promise<void> {
    const item = await this.item(caller, itemId, 'moderate');
    // Its pending reminder finds no item and does nothing.
    await this.repository.deleteItem(item.id);
  }

  /** The team marks it done (or open again) and writes what it reports back. */
  async progress(caller: Caller, itemId: string, body: ActionItemProgressBody): Promise<ActionItemDto> {
    const item = await this.item(caller, itemId, 'read');
    const access = await this.policy.require(caller.userId, item.networkId, 'read');
    const standing = await this.standing(caller.userId, item.networkId, access.role, access.network.visibility);
    if (!this.mayReport(standing, item)) throw SessionNotesErrors.notYourTeam();
    await this.repository.setProgress(item.id, { status: body.status ?? item.status, report: body.report ?? item.report });
    return this.get(caller, item.id);
  }

  async get(caller: Caller, itemId: string): Promise<ActionItemDto> {
    const item = await this.item(caller, itemId, 'read');
    const access = await this.policy.require(caller.userId, item.networkId, 'read');
    return this.toDto(item, await this.standing(caller.userId, item.networkId, access.role, access.network.visibility));
  }

  /** A team's items, for its page: whoever may read the network sees them; its members report on them. */
  async listForTeam(caller: Caller, networkId: string, teamId: string): Promise<TeamActionItemsDto> {
    const access = await this.policy.require(caller.userId, networkId, 'read');
    const team = await this.repository.findTeam(networkId, teamId);
    if (!team) throw SessionNotesErrors.teamNotFound();
    const standing = await this.standing(caller.userId, networkId, access.role, access.network.visibility);
    const items = await this.repository.itemsOfTeam(teamId);
    return { team, items: items.map((item) => this.toDto(item, standing)), isMember: standing.teamId === teamId };
  }

  // ---- helpers ----

  /** An item the caller may do `action` on through its session; one of a network they cannot see does not exist for them. */
  private async item(caller: Caller, itemId: string, action: 'read' | 'moderate'): Promise<ActionItemRow> {
    const item = await this.repository.findItem(itemId);
    if (!item) throw SessionNotesErrors.actionItemNotFound();
    try {
      await this.sessions.access(caller, item.sessionId, action);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') throw SessionNotesErrors.actionItemNotFound();
      throw error;
    }
    return item;
  }

  private async standing(userId: string, networkId: string, role: NetworkRole | null, visibility: NetworkVisibility): Promise<Standing> {
    return { userId, role, visibility, teamId: role ? await this.repository.teamOf(networkId, userId) : null };
  }

  /** The team's own members report; coaches and admins may too (a team without a computer at hand tells its coach). */
  private mayReport(standing: Standing, item: ActionItemRow): boolean {
    if (networkAllows(standing.visibility, standing.role, 'moderate')) return true;
    return networkAllows(standing.visibility, standing.role, 'contribute') && standing.teamId === item.teamId;
  }

  private toDto(item: ActionItemRow, standing: Standing): ActionItemDto {
    return {
      id: item.id,
      sessionId: item.sessionId,
      sessionTitle: item.sessionTitle,
      networkId: item.networkId,
      teamId: item.teamId,
      teamName: item.teamName,
      title: item.title,
      dueOn: item.dueOn,
      status: item.status,
      doneAt: item.doneAt ? iso(item.doneAt) : null,
      report: item.report,
      createdAt: iso(item.createdAt),
      can: { edit: networkAllows(standing.visibility, standing.role, 'moderate'), report: this.mayReport(standing, item) },
    };
  }

  private checkDueOn(dueOn: string): string {
    if (!isCalendarDate(dueOn)) throw SessionNotesErrors.badDueDate();
    // "Today" anywhere on Earth: a coach west of UTC may still be on yesterday's date.
    const earliest = new Date(Date.now() - 14 * 60 * 60 * 1000).toISOString().slice(0, 10);
    if (dueOn < earliest) throw SessionNotesErrors.dueInPast();
    return dueOn;
  }

  private async requireTeam(networkId: string, teamId: string): Promise<void> {
    if (!(await this.repository.findTeam(networkId, teamId))) throw SessionNotesErrors.teamNotInNetwork();
  }

  private async notifyAssigned(caller: Caller, item: ActionItemRow, manager: EntityManager): Promise<void> {
    await this.notifications.notify(
      {
        kind: 'action_item_assigned',
        networkId: item.networkId,
        recipients: (await this.repository.teamMemberIds(item.teamId, manager)).filter((userId) => userId !== caller.userId),
        title: item.title,
        excerpt: `Due ${item.dueOn}, from the learning session “${item.sessionTitle}”.`,
        actorLabel: caller.displayName,
        url: `/networks/${item.networkId}/teams/${item.teamId}`,
        key: `action_item_assigned:${item.id}:${item.teamId}`,
      },
      manager,
    );
  }

  private async scheduleReminder(item: ActionItemRow, manager: EntityManager): Promise<void> {
    const runAt = reminderAt(item.dueOn, new Date());
    // Due too soon for a reminder: the assignment itself said when it is due. The pending one, if any, is left to find that.
    await this.jobs.add(ACTION_ITEM_DUE_JOB, { itemId: item.id, dueOn: item.dueOn }, { key: dueJobKey(item.id), runAt: runAt ?? new Date(), manager });
  }

  /** The reminder's job: the item as it is now decides (done, deleted or moved items get none). Idempotent through the notification key. */
  private async remind({ itemId, dueOn }: { itemId?: unknown; dueOn?: unknown }): Promise<void> {
    if (typeof itemId !== 'string' || !isUuid(itemId)) return;
    const item = await this.repository.findItem(itemId);
    if (!item || item.status === 'done') return;
    // A job for a date the item no longer has (it was running while the date moved): the rescheduled one will come.
    if (dueOn !== item.dueOn) return;
    await this.notifications.notify({
      kind: 'action_item_due',
      networkId: item.networkId,
      recipients: await this.repository.teamMemberIds(item.teamId),
      title: item.title,
      excerpt: `Due ${item.dueOn}. Mark it done and tell the network what happened on your team's page.`,
      actorLabel: '',
      url: `/networks/${item.networkId}/teams/${item.teamId}`,
      key: `action_item_due:${item.id}:${item.dueOn}`,
    });
    this.logger.debug(`reminded the team of action item ${item.id}`);
  }
}
