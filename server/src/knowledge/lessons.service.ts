import { Inject, Injectable } from '@nestjs/common';
import { ChangePackagesService } from '../change-packages/change-packages.service';
import type { Caller } from '../common/request-context';
import { viewerOf } from '../discussions/discussion-access';
import { anonymousLabel, mayContribute, normaliseTags, type AnonymousAs, type Viewer } from '../discussions/discussion.rules';
import { DiscussionsRepository } from '../discussions/discussions.repository';
import { NetworkAccessPolicy, type NetworkAccess } from '../networks/network-access.policy';
import type { NetworkAction } from '../networks/network.rules';
import { AppError, type FieldProblem } from '../platform/app-error';
import { CONFIG, type Config } from '../platform/config';
import { RateLimiter, type RateLimitHit } from '../platform/rate-limiter';
import { Transactions } from '../platform/transactions';
import { SearchOutbox } from '../search/search-outbox';
import { LESSON_LIMITS, lessonAbilities, mayChooseTeam, mayReadLesson, teamWouldUnmaskWriter } from './lesson.rules';
import type { CreateLessonBody, IdeaLessonsDto, LessonChoicesDto, LessonDto, LessonPageDto, LessonRevealDto, ListLessonsQuery, UpdateLessonBody } from './lessons.dto';
import { LessonErrors } from './lessons.errors';
import { LessonsRepository, type BarrierRow, type IdeaLinkRow, type LessonRow, type LessonWrite } from './lessons.repository';

const iso = (date: Date | string) => new Date(date).toISOString();

/** Rows to what a viewer receives. An anonymous writer is only ever their label (the repository does not read their name). */
export function toLessonDto(row: LessonRow, viewer: Viewer, barriers: BarrierRow[], ideas: IdeaLinkRow[]): LessonDto {
  return {
    id: row.id,
    networkId: row.networkId,
    teamId: row.teamId,
    teamName: row.teamName,
    author: row.anonymous
      ? { kind: 'anonymous', label: row.anonymousLabel ?? 'a member' }
      : { kind: 'user', userId: row.authorId, name: row.authorName ?? '', teamName: row.authorTeamName },
    mine: viewer.userId !== null && viewer.userId === row.authorId,
    anonymous: row.anonymous,
    title: row.title,
    context: { setting: row.setting, population: row.population },
    tried: row.tried,
    happened: row.happened,
    outcome: row.outcome,
    why: row.why,
    barriers: barriers.map((barrier) => ({
      id: barrier.id,
      description: barrier.description,
      kind: barrier.kind,
      // Only a shared lesson's systemic barriers are in a register, so only they have a status there.
      status: barrier.kind === 'systemic' && row.status === 'published' ? (barrier.answeredStatus ?? 'open') : null,
    })),
    tags: row.tags,
    changeIdeas: ideas.map((idea) => ({ packageId: idea.packageId, ideaId: idea.ideaId, title: idea.title })),
    status: row.status,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    publishedAt: row.publishedAt ? iso(row.publishedAt) : null,
    can: lessonAbilities(viewer, row),
  };
}

/** What publishing needs: every part of the story. A draft may lack any of them while it is written. */
function missingForPublishing(lesson: LessonWrite): FieldProblem[] {
  const required: [string, string | null][] = [
    ['title', lesson.title],
    ['context.setting', lesson.setting],
    ['tried', lesson.tried],
    ['happened', lesson.happened],
    ['outcome', lesson.outcome],
    ['why', lesson.why],
  ];
  return required.filter(([, value]) => !value).map(([field]) => ({ field, message: `${field} is needed to publish the lesson` }));
}

interface LessonAccess {
  lesson: LessonRow;
  access: NetworkAccess;
  viewer: Viewer;
}

@Injectable()
export class LessonsService {
  constructor(
    private readonly repository: LessonsRepository,
    private readonly policy: NetworkAccessPolicy,
    private readonly transactions: Transactions,
    private readonly packages: ChangePackagesService,
    private readonly revealLog: DiscussionsRepository,
    private readonly outbox: SearchOutbox,
    private readonly rateLimiter: RateLimiter,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async create(caller: Caller, access: NetworkAccess, body: CreateLessonBody): Promise<LessonDto> {
    const networkId = access.network.id;
    if (body.anonymous && !access.network.allowAnonymousPosts) throw LessonErrors.anonymousNotAllowed();
    const lesson: LessonWrite = {
      title: body.title ?? '',
      setting: body.context?.setting ?? '',
      population: body.context?.population || null,
      tried: body.tried ?? '',
      happened: body.happened ?? '',
      outcome: body.outcome ?? null,
      why: body.why ?? '',
      tags: normaliseTags(body.tags ?? []),
      status: body.status ?? 'draft',
    };
    if (lesson.status === 'published') this.requireComplete(lesson);
    const ideas = await this.resolveIdeas(networkId, body.changeIdeaIds ?? []);
    const anonymous = body.anonymous ?? false;
    const anonymousAs = body.anonymousAs ?? 'team';
    const own = await this.repository.teamOf(networkId, caller.userId);
    // Left out, the lesson is filed under the writer's team, unless that would point at an anonymous writer.
    const team =
      body.teamId !== undefined
        ? await this.chosenTeam(viewerOf(caller.userId, access), networkId, own?.id ?? null, body.teamId, null)
        : anonymous && anonymousAs === 'member'
          ? null
          : own;
    if (teamWouldUnmaskWriter(anonymous, anonymousAs, team?.id ?? null)) throw LessonErrors.teamUnmasksWriter();
    const authorship = this.authorship(anonymous, anonymousAs, team);

    // Counted once the lesson is known to be good, so that a refused one costs nothing; each lesson is indexed, so a flood is stopped here.
    const hit: RateLimitHit = { rule: { name: 'lessons:hour', limit: this.config.lessonsPerHour, windowSeconds: 60 * 60 }, subject: caller.userId };
    const verdict = await this.rateLimiter.take(hit);
    if (!verdict.allowed) throw LessonErrors.rateLimited(verdict.retryAfterSeconds);
    const id = await this.transactions
      .run(async (manager) => {
        const id = await this.repository.insert({ ...lesson, ...authorship, networkId, authorId: caller.userId }, manager);
        await this.repository.replaceBarriers(id, networkId, body.barriers ?? [], manager);
        await this.repository.replaceIdeas(id, ideas, manager);
        await this.outbox.changed(manager, 'lesson', id);
        return id;
      })
      .catch(async (error: unknown) => {
        await this.rateLimiter.giveBackAll([hit]);
        throw error;
      });
    return this.get(caller, id);
  }

  async list(caller: Caller, access: NetworkAccess, query: ListLessonsQuery): Promise<LessonPageDto> {
    const limit = query.limit ?? LESSON_LIMITS.pageSize;
    const status = query.status ?? 'published';
    const networkId = access.network.id;
    if (query.cursor && !(await this.repository.isCursorOf(query.cursor, networkId, status, caller.userId))) throw LessonErrors.badCursor();
    const rows = await this.repository.list({
      networkId,
      readerId: caller.userId,
      status,
      outcome: query.outcome,
      setting: query.setting || undefined,
      tag: query.tag ? normaliseTags([query.tag])[0] : undefined,
      teamId: query.team,
      cursor: query.cursor,
      limit,
    });
    const viewer = viewerOf(caller.userId, access);
    const page = rows.slice(0, limit);
    return {
      items: await this.toDtos(page, viewer),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
      canWrite: mayContribute(viewer),
    };
  }

  async get(caller: Caller, lessonId: string): Promise<LessonDto> {
    const { lesson, viewer } = await this.lesson(caller.userId, lessonId, 'read');
    return (await this.toDtos([lesson], viewer))[0];
  }

  async update(caller: Caller, lessonId: string, body: UpdateLessonBody): Promise<LessonDto> {
    const { access, viewer } = await this.lesson(caller.userId, lessonId, 'read');
    const ideas = body.changeIdeaIds ? await this.resolveIdeas(access.network.id, body.changeIdeaIds) : null;
    await this.transactions.run(async (manager) => {
      // Decided on the lesson as it is now, locked: a publish, a delete or another save that came
      // meanwhile is seen, so that nothing undoes a publish or changes who a published lesson is shown as.
      const lesson = await this.repository.findForUpdate(lessonId, manager);
      if (!lesson || !mayReadLesson(viewer, lesson)) throw LessonErrors.notFound();
      if (!lessonAbilities(viewer, lesson).edit) throw LessonErrors.mayNotEdit();
      if (lesson.status === 'published' && body.status === 'draft') throw LessonErrors.cannotUnpublish();
      const changesAnonymity = body.anonymous !== undefined || body.anonymousAs !== undefined;
      if (changesAnonymity && lesson.status === 'published') throw LessonErrors.anonymityFixed();
      if (changesAnonymity && lesson.authorId !== caller.userId) throw LessonErrors.mayNotEdit();
      if (body.anonymous && !access.network.allowAnonymousPosts) throw LessonErrors.anonymousNotAllowed();
      const next: LessonWrite = {
        title: body.title ?? lesson.title,
        setting: body.context?.setting ?? lesson.setting,
        population: body.context && 'population' in body.context ? body.context.population || null : lesson.population,
        tried: body.tried ?? lesson.tried,
        happened: body.happened ?? lesson.happened,
        outcome: body.outcome !== undefined ? body.outcome : lesson.outcome,
        why: body.why ?? lesson.why,
        tags: body.tags ? normaliseTags(body.tags) : lesson.tags,
        status: body.status ?? lesson.status,
      };
      if (next.status === 'published') this.requireComplete(next);
      const authorship = await this.nextAuthorship(caller, viewer, lesson, body, changesAnonymity);
      await this.repository.update(lesson.id, next, manager);
      if (authorship) await this.repository.setAuthorship(lesson.id, authorship, manager);
      if (body.barriers) await this.repository.replaceBarriers(lesson.id, lesson.networkId, body.barriers, manager);
      if (ideas) await this.repository.replaceIdeas(lesson.id, ideas, manager);
      await this.outbox.changed(manager, 'lesson', lesson.id);
    });
    return this.get(caller, lessonId);
  }

  async delete(caller: Caller, lessonId: string): Promise<void> {
    const { viewer } = await this.lesson(caller.userId, lessonId, 'read');
    await this.transactions.run(async (manager) => {
      const lesson = await this.repository.findForUpdate(lessonId, manager);
      if (!lesson || !mayReadLesson(viewer, lesson)) throw LessonErrors.notFound();
      if (!lessonAbilities(viewer, lesson).delete) throw LessonErrors.mayNotDelete();
      await this.repository.delete(lesson.id, manager);
      await this.outbox.changed(manager, 'lesson', lesson.id);
    });
  }

  /** Who wrote an anonymous lesson, for an admin of its network; the look goes into the network's reveal log first. */
  async reveal(caller: Caller, lessonId: string): Promise<LessonRevealDto> {
    const { lesson } = await this.lesson(caller.userId, lessonId, 'administer');
    if (!lesson.anonymous) throw LessonErrors.notAnonymous();
    await this.revealLog.recordReveal(lesson.networkId, { lessonId: lesson.id }, caller.userId);
    return this.repository.author(lesson.id);
  }

  /** What the editor offers: the teams the caller may file a lesson under, and the ideas a lesson may link to. */
  async choices(caller: Caller, access: NetworkAccess): Promise<LessonChoicesDto> {
    const networkId = access.network.id;
    const viewer = viewerOf(caller.userId, access);
    const ownTeamId = access.membership?.teamId ?? null;
    const [teams, changeIdeas] = await Promise.all([this.repository.teamsOfNetwork(networkId), this.packages.ideasOfNetwork(networkId)]);
    return { teams: teams.filter((team) => mayChooseTeam(viewer, ownTeamId, team.id)), ownTeamId, changeIdeas };
  }

  /** The published lessons that tried each idea of a change package, for whoever may read the package. */
  async lessonsOfPackage(caller: Caller, packageId: string): Promise<IdeaLessonsDto> {
    await this.packages.requireWithAccess(caller, packageId, 'read');
    const ideas: IdeaLessonsDto['ideas'] = {};
    for (const row of await this.repository.lessonsOfPackage(packageId)) {
      (ideas[row.ideaId] ??= []).push({ id: row.id, title: row.title, outcome: row.outcome });
    }
    return { ideas };
  }

  // ---- helpers ----

  /**
   * A lesson is reached by its own id, so its network is found first and the network's policy
   * decides; a lesson of a network the caller cannot see, or someone else's draft, does not exist for them.
   */
  private async lesson(userId: string, lessonId: string, action: NetworkAction): Promise<LessonAccess> {
    const located = await this.repository.locate(lessonId);
    if (!located) throw LessonErrors.notFound();
    const access = await this.requireNetwork(userId, located.networkId, 'read');
    const lesson = await this.repository.find(lessonId);
    const viewer = viewerOf(userId, access);
    if (!lesson || !mayReadLesson(viewer, lesson)) throw LessonErrors.notFound();
    if (action !== 'read') await this.requireNetwork(userId, located.networkId, action);
    return { lesson, access, viewer };
  }

  private async requireNetwork(userId: string, networkId: string, action: NetworkAction): Promise<NetworkAccess> {
    try {
      return await this.policy.require(userId, networkId, action);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') throw LessonErrors.notFound();
      throw error;
    }
  }

  /** The same label as an anonymous post ("a member of <team>" or "a member"), naming the lesson's own team. */
  private authorship(anonymous: boolean, anonymousAs: AnonymousAs, team: { id: string; name: string } | null) {
    return {
      anonymous,
      anonymousLabel: anonymous ? anonymousLabel(anonymousAs, team?.name ?? null) : null,
      teamId: team?.id ?? null,
    };
  }

  /**
   * Who a changed lesson is shown as, when its anonymity or its team changes (null: unchanged).
   * An anonymous lesson without a team is shown as just "a member", and stays so unless anonymousAs says otherwise.
   */
  private async nextAuthorship(caller: Caller, viewer: Viewer, lesson: LessonRow, body: UpdateLessonBody, changesAnonymity: boolean) {
    const changesTeam = body.teamId !== undefined && body.teamId !== lesson.teamId;
    if (!changesAnonymity && !changesTeam) return null;
    const anonymous = body.anonymous ?? lesson.anonymous;
    const anonymousAs: AnonymousAs = body.anonymousAs ?? (lesson.anonymous && lesson.teamId === null ? 'member' : 'team');
    const current = lesson.teamId ? { id: lesson.teamId, name: lesson.teamName ?? '' } : null;
    let team = current;
    if (body.teamId !== undefined) {
      const own = await this.repository.teamOf(lesson.networkId, caller.userId);
      team = await this.chosenTeam(viewer, lesson.networkId, own?.id ?? null, body.teamId, current);
    } else if (anonymous && anonymousAs === 'member') {
      team = null;
    } else if (!team) {
      team = await this.repository.teamOf(lesson.networkId, caller.userId);
    }
    if (teamWouldUnmaskWriter(anonymous, anonymousAs, team?.id ?? null)) throw LessonErrors.teamUnmasksWriter();
    return this.authorship(anonymous, anonymousAs, team);
  }

  /**
   * The team a caller asked for: one of the lesson's network (another network's team is no team
   * here, and says nothing about that network), and one they may choose. The lesson's current
   * team stays allowed, so that saving a lesson someone else filed does not fail.
   */
  private async chosenTeam(
    viewer: Viewer,
    networkId: string,
    ownTeamId: string | null,
    wanted: string | null,
    current: { id: string; name: string } | null,
  ): Promise<{ id: string; name: string } | null> {
    if (wanted === null) return null;
    if (current && current.id.toLowerCase() === wanted.toLowerCase()) return current;
    const team = await this.repository.teamInNetwork(networkId, wanted);
    if (!team) throw LessonErrors.teamNotFound();
    if (!mayChooseTeam(viewer, ownTeamId, team.id)) throw LessonErrors.teamNotYours();
    return team;
  }

  private requireComplete(lesson: LessonWrite): void {
    const missing = missingForPublishing(lesson);
    if (missing.length > 0) throw LessonErrors.incomplete(missing);
  }

  /** Each id must be an idea in one of the network's change packages now; the field at fault is named by its place in the list. */
  private async resolveIdeas(networkId: string, ideaIds: string[]): Promise<{ packageId: string; ideaId: string; title: string }[]> {
    if (ideaIds.length === 0) return [];
    const known = await this.packages.ideasOfNetwork(networkId);
    return ideaIds.map((wanted, index) => {
      const idea = known.find((candidate) => candidate.ideaId.toLowerCase() === wanted.toLowerCase());
      if (!idea) throw LessonErrors.ideaNotFound(`changeIdeaIds.${index}`);
      return idea;
    });
  }

  private async toDtos(rows: LessonRow[], viewer: Viewer): Promise<LessonDto[]> {
    const ids = rows.map((row) => row.id);
    const [barriers, ideas] = await Promise.all([this.repository.barriersOf(ids), this.repository.ideasOf(ids)]);
    return rows.map((row) =>
      toLessonDto(
        row,
        viewer,
        barriers.filter((barrier) => barrier.lessonId === row.id),
        ideas.filter((idea) => idea.lessonId === row.id),
      ),
    );
  }
}
