import { Injectable } from '@nestjs/common';
import type { DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { BarriersRepository } from './barriers.repository';
import { BarriersService } from './barriers.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo's barrier register: a systemic barrier from an organisation's lesson (the lessons'
 * seeder writes the lessons) that reached the national network, answered there by a coach, and
 * the same barrier met by practices in both regions linked as one. The author is told as the
 * product tells them.
 */
@Injectable()
export class BarriersDemoSeeder implements DemoSeeder {
  constructor(
    private readonly repository: BarriersRepository,
    private readonly barriers: BarriersService,
  ) {}

  async seedDemo({ manager, ids }: DemoSeedContext): Promise<void> {
    const national = ids.of('network', 'national');
    const northern = ids.of('network', 'northern');
    const riverside = ids.of('network', 'riverside');
    const coastalPractices = [ids.of('network', 'harbourview'), ids.of('network', 'saltmarsh')];
    const [fromRiverside] = await this.repository.systemicBarriersIn([riverside], manager);
    if (!fromRiverside) throw new Error('The demo needs a published Riverside lesson with a systemic barrier: the lessons seeder writes it.');

    const responses = [
      {
        networkId: northern,
        by: 'tomas',
        status: 'acknowledged' as const,
        reply: 'We hear this from several practices in the region. It is on the agenda of the regional health board next month.',
        daysAgo: 9,
      },
      {
        networkId: national,
        by: 'priya',
        status: 'being_addressed' as const,
        reply:
          'We have taken this to the ministry’s primary care team: funded care-manager hours are part of next year’s contract talks. We will report back after the next learning session.',
        daysAgo: 4,
      },
    ];
    for (const response of responses) {
      await this.barriers.recordResponse(
        fromRiverside.id,
        { networkId: response.networkId, status: response.status, reply: response.reply, responderId: ids.of('person', response.by) },
        manager,
        new Date(Date.now() - response.daysAgo * DAY_MS),
      );
    }

    // The same barrier, met on the coast: linked at the national level, where both arrive.
    const [fromCoast] = await this.repository.systemicBarriersIn(coastalPractices, manager);
    if (fromCoast) await this.repository.link([fromRiverside.id, fromCoast.id], national, ids.of('person', 'priya'), manager);
  }
}
