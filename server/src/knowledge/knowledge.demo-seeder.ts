import { Injectable } from '@nestjs/common';
import { anonymousLabel, normaliseTags } from '../discussions/discussion.rules';
import type { DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { DEMO_LESSONS } from '../seed/demo-lessons';
import { LessonsRepository } from './lessons.repository';

/**
 * The demo's lessons, written through the same repository as the product's. Each lesson and its
 * barriers are remembered ('lesson' and 'lesson-barrier', by the lesson's key and the barrier's
 * place) so that the barrier register's seeder can answer one.
 */
@Injectable()
export class KnowledgeDemoSeeder implements DemoSeeder {
  constructor(private readonly repository: LessonsRepository) {}

  async seedDemo({ manager, ids }: DemoSeedContext): Promise<void> {
    const now = Date.now();
    for (const lesson of DEMO_LESSONS) {
      const networkId = ids.of('network', lesson.network);
      const authorId = ids.of('person', lesson.author);
      const team = await this.repository.teamOf(networkId, authorId, manager);
      const id = await this.repository.insert(
        {
          networkId,
          teamId: team?.id ?? null,
          authorId,
          anonymous: lesson.anonymous ?? false,
          anonymousLabel: lesson.anonymous ? anonymousLabel('team', team?.name ?? null) : null,
          title: lesson.title,
          setting: lesson.setting,
          population: lesson.population ?? null,
          tried: lesson.tried,
          happened: lesson.happened,
          outcome: lesson.outcome,
          why: lesson.why,
          tags: normaliseTags(lesson.tags),
          status: 'published',
          createdAt: new Date(now - lesson.daysAgo * 86_400_000),
        },
        manager,
      );
      ids.remember('lesson', lesson.key, id);
      await this.repository.replaceBarriers(id, networkId, lesson.barriers ?? [], manager);
      const barriers = await this.repository.barriersOf([id], manager);
      barriers.forEach((barrier, position) => ids.remember('lesson-barrier', `${lesson.key}:${position}`, barrier.id));
      await this.repository.replaceIdeas(
        id,
        (lesson.ideas ?? []).map((title) => ({ packageId: ids.of('change-package', 'national'), ideaId: ids.of('change-idea', title), title })),
        manager,
      );
    }
  }
}
