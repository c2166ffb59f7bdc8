import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { DEMO_LEARNING_SESSIONS } from '../seed/demo-learning-sessions';
import { LearningSessionReminders } from './learning-session-reminders';
import { LearningSessionsRepository } from './learning-sessions.repository';

/**
 * The demo's learning sessions (seed/demo-learning-sessions.ts): the national network's first
 * session, ended five weeks ago, and its next one with the people going and its reminders
 * queued, as scheduling it through the API would. Each is remembered as
 * `learning-session:<key>` ("first", "next"): the harvest of the first session (notes, summary,
 * action items) is written by the seeders of the room and the notes, which build on this one.
 */
@Injectable()
export class LearningSessionsDemoSeeder implements DemoSeeder {
  constructor(
    private readonly repository: LearningSessionsRepository,
    private readonly reminders: LearningSessionReminders,
  ) {}

  async seedDemo({ manager, ids }: DemoSeedContext): Promise<void> {
    for (const demo of DEMO_LEARNING_SESSIONS) {
      const start = DateTime.now()
        .setZone(demo.timeZone)
        .plus({ days: demo.daysFromNow })
        .set({ hour: demo.localStart.hour, minute: demo.localStart.minute, second: 0, millisecond: 0 });
      const startsAt = start.toJSDate();
      const id = await this.repository.insert(
        {
          networkId: ids.of('network', demo.network),
          title: demo.title,
          description: demo.description,
          startsAt,
          endsAt: start.plus({ minutes: demo.minutes }).toJSDate(),
          timeZone: demo.timeZone,
          meetingUrl: demo.meetingUrl,
          capacity: demo.capacity,
          agenda: demo.agenda,
          createdBy: ids.of('person', demo.scheduledBy),
          status: demo.status,
        },
        manager,
      );
      for (const person of demo.going) await this.repository.setRsvp(id, ids.of('person', person), 'going', manager);
      for (const person of demo.notGoing) await this.repository.setRsvp(id, ids.of('person', person), 'not_going', manager);
      if (demo.status === 'scheduled') await this.reminders.schedule({ id, startsAt }, manager);
      ids.remember('learning-session', demo.key, id);
    }
  }
}
