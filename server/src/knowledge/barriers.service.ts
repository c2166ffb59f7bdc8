import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../common/request-context';
import type { NetworkAccess } from '../networks/network-access.policy';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { networkAllows } from '../networks/network.rules';
import { NotificationsService } from '../notifications/notifications.service';
import { Transactions } from '../platform/transactions';
import { BARRIER_LIMITS, currentStatus, mayRespond, placesHit, reachesRegister, type BarrierResponseStatus } from './barrier.rules';
import type {
  BarrierDto,
  BarrierLinkResultDto,
  BarrierPageDto,
  BarrierRegisterQuery,
  BarrierResponseDto,
  LinkBarriersBody,
  RespondToBarrierBody,
} from './barriers.dto';
import { BarrierErrors } from './barriers.errors';
import { BarriersRepository, type BarrierRow, type LinkRow, type RegisterRow, type ResponseRow } from './barriers.repository';

const EXCERPT_LENGTH = 200;

/** Plain text cut at a word near `length`, for a notification. */
function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length / 2)).trimEnd()}…`;
}

export const RESPONSE_WORDS: Record<BarrierResponseDto['status'], string> = {
  acknowledged: 'Acknowledged',
  being_addressed: 'Being addressed',
  addressed: 'Addressed',
  out_of_scope: 'Out of scope',
};

function toResponseDto(row: ResponseRow): BarrierResponseDto {
  return {
    id: row.id,
    networkId: row.networkId,
    networkName: row.networkName,
    status: row.status,
    reply: row.reply,
    responderName: row.responderName,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/**
 * The barrier register: systemic barriers from lessons, rolled up the chain of parent networks
 * as far as every reader of a register may read the lesson; answers from coaches and admins of
 * higher networks, which the lesson's author hears of; and links that make barriers raised in
 * several networks one.
 */
@Injectable()
export class BarriersService {
  constructor(
    private readonly repository: BarriersRepository,
    private readonly policy: NetworkAccessPolicy,
    private readonly notifications: NotificationsService,
    private readonly transactions: Transactions,
  ) {}

  async register(caller: Caller, access: NetworkAccess, query: BarrierRegisterQuery): Promise<BarrierPageDto> {
    const limit = query.limit ?? BARRIER_LIMITS.pageSize;
    const rows = await this.repository.register({
      networkId: access.network.id,
      readerId: caller.userId,
      after: query.cursor,
      status: query.status,
      barrierId: query.barrier?.toLowerCase(),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const moderates = networkAllows(access.network.visibility, access.role, 'moderate');
    const [responses, links] = await Promise.all([
      this.repository.responsesOf(page.map((row) => row.id)),
      this.repository.links([...new Set(page.flatMap((row) => (row.linkId ? [row.linkId] : [])))], caller.userId),
    ]);
    return {
      items: page.map((row) => this.toBarrierDto(row, responses, links, moderates, access)),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
      can: { link: moderates },
    };
  }

  private toBarrierDto(row: RegisterRow, responses: ResponseRow[], links: Map<string, LinkRow>, moderates: boolean, access: NetworkAccess): BarrierDto {
    const own = responses.filter((response) => response.barrierId === row.id);
    const link = row.linkId ? links.get(row.linkId) : undefined;
    return {
      id: row.id,
      description: row.description,
      status: currentStatus(own),
      originNetwork: { id: row.originNetworkId, name: row.originNetworkName, level: row.originNetworkLevel },
      raisedHere: row.distance === 0,
      lesson: row.lessonReadable ? { id: row.lessonId, networkId: row.originNetworkId, title: row.lessonTitle } : null,
      responses: own.map(toResponseDto),
      places: placesHit(link?.originNetworkIds ?? [row.originNetworkId]),
      link: link
        ? {
            id: link.linkId,
            others: link.visible
              .filter((other) => other.barrierId !== row.id)
              .map((other) => ({
                id: other.barrierId,
                networkName: other.originNetworkName,
                description: other.description,
                lesson: { id: other.lessonId, networkId: other.lessonNetworkId, title: other.lessonTitle },
              })),
          }
        : null,
      raisedAt: new Date(row.raisedAt).toISOString(),
      // The register's rows are already those it holds; answering also needs a role here and a network above.
      can: { respond: moderates && row.distance > 0 },
    };
  }

  /**
   * A coach or admin of a network above the barrier's answers it. The barrier is found only by
   * those who may read its lesson (404 otherwise, like the lesson itself); the answering network
   * must hold it in its register.
   */
  async respond(caller: Caller, barrierId: string, body: RespondToBarrierBody): Promise<BarrierResponseDto> {
    return this.transactions.run(async (manager) => {
      const seen = await this.visibleBarrier(caller, barrierId, manager);
      // Read again with its lesson held: an edit that took the barrier out meanwhile has committed
      // (and it is gone: 404), or waits until the answer is written.
      await this.repository.holdLesson(seen.lessonId, manager);
      const barrier = await this.repository.findBarrier(barrierId, manager);
      if (!barrier) throw BarrierErrors.notFound();
      const chain = await this.repository.chainAbove(barrier.originNetworkId, caller.userId, manager);
      const responder = body.networkId ? await this.namedResponder(caller, barrier, chain, body.networkId) : this.nearestResponder(barrier, chain);
      return this.recordResponse(barrier, { networkId: responder.id, status: body.status, reply: body.reply, responderId: caller.userId }, manager);
    });
  }

  /** Writes an answer the caller has been allowed to give, and tells the lesson's author, in `manager`'s transaction. */
  async recordResponse(
    barrierOrId: BarrierRow | string,
    answer: { networkId: string; status: BarrierResponseStatus; reply: string; responderId: string },
    manager: EntityManager,
    createdAt?: Date,
  ): Promise<BarrierResponseDto> {
    const barrier = typeof barrierOrId === 'string' ? await this.repository.findBarrier(barrierOrId, manager) : barrierOrId;
    if (!barrier) throw BarrierErrors.notFound();
    const responseId = await this.repository.insertResponse({ barrierId: barrier.id, ...answer, createdAt }, manager);
    const [response] = (await this.repository.responsesOf([barrier.id], manager)).filter((row) => row.id === responseId);
    await this.notifyAuthor(barrier, response, manager);
    return toResponseDto(response);
  }

  private async visibleBarrier(caller: Caller, barrierId: string, manager?: EntityManager): Promise<BarrierRow> {
    const barrier = await this.repository.findBarrier(barrierId, manager);
    if (!barrier || barrier.kind !== 'systemic' || barrier.lessonStatus !== 'published') throw BarrierErrors.notFound();
    if (!(await this.policy.allows(caller.userId, barrier.originNetworkId, 'read'))) throw BarrierErrors.notFound();
    return barrier;
  }

  private async namedResponder(caller: Caller, barrier: BarrierRow, chain: Awaited<ReturnType<BarriersRepository['chainAbove']>>, networkId: string) {
    if (!(await this.policy.allows(caller.userId, networkId, 'read'))) throw BarrierErrors.responderNetworkNotFound();
    const responder = chain.find((network) => network.id === networkId);
    if (!responder || !reachesRegister(responder.distance, barrier.originVisibility) || responder.distance === 0) throw BarrierErrors.notAbove();
    if (!mayRespond(responder.distance, barrier.originVisibility, responder)) throw BarrierErrors.respondersOnly();
    return responder;
  }

  private nearestResponder(barrier: BarrierRow, chain: Awaited<ReturnType<BarriersRepository['chainAbove']>>) {
    const responder = chain.find((network) => mayRespond(network.distance, barrier.originVisibility, network));
    if (!responder) throw BarrierErrors.noHigherRole();
    return responder;
  }

  /**
   * The lesson's author hears of the answer, written in the same transaction. Whether they wrote
   * it anonymously does not matter here: only they receive it, and nothing in it names them.
   */
  private async notifyAuthor(barrier: BarrierRow, response: ResponseRow, manager: EntityManager): Promise<void> {
    await this.notifications.notify(
      {
        kind: 'barrier_response',
        networkId: barrier.originNetworkId,
        recipients: [barrier.authorId],
        title: clip(barrier.description, EXCERPT_LENGTH),
        excerpt: clip(`${RESPONSE_WORDS[response.status]}: ${response.reply}`, EXCERPT_LENGTH),
        actorLabel: response.networkName,
        // The register finds and highlights it, on whichever page it is.
        url: `/networks/${barrier.originNetworkId}/barriers?barrier=${barrier.id}`,
        key: `barrier_response:${response.id}`,
      },
      manager,
    );
  }

  /**
   * Makes barriers of this register one. Every barrier named, and every barrier already linked to
   * one of them, must be in this network's register: a coach links only what their network sits
   * above.
   */
  async link(caller: Caller, access: NetworkAccess, body: LinkBarriersBody): Promise<BarrierLinkResultDto> {
    return this.transactions.run(async (manager) => {
      const named = body.barrierIds.map((id) => id.toLowerCase());
      const members = await this.repository.linkMembers(named, manager);
      await this.repository.lockLinks(members, manager);
      // Read again under the lock: a link made meanwhile is taken in too.
      const all = await this.repository.linkMembers(named, manager);
      const held = await this.repository.heldBy(access.network.id, all, manager);
      if (all.some((id) => !held.has(id))) throw BarrierErrors.notInRegister();
      const linkId = await this.repository.link(all, access.network.id, caller.userId, manager);
      const link = (await this.repository.links([linkId], caller.userId, manager)).get(linkId);
      return { linkId, barrierIds: all.sort(), places: placesHit(link?.originNetworkIds ?? []) };
    });
  }

  /** Takes a barrier out of its link, by a coach or admin of a network that holds the whole link. */
  async unlink(access: NetworkAccess, barrierId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const held = await this.repository.heldBy(access.network.id, [barrierId], manager);
      if (!held.has(barrierId)) throw BarrierErrors.notFound();
      const members = await this.repository.linkMembers([barrierId], manager);
      await this.repository.lockLinks(members, manager);
      const barrier = await this.repository.findBarrier(barrierId, manager);
      if (!barrier?.linkId) throw BarrierErrors.notLinked();
      const all = await this.repository.linkMembers([barrierId], manager);
      const heldAll = await this.repository.heldBy(access.network.id, all, manager);
      if (all.some((id) => !heldAll.has(id))) throw BarrierErrors.linkedAbove();
      await this.repository.unlink(barrierId, barrier.linkId, manager);
    });
  }
}
