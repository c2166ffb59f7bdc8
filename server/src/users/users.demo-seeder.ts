import { Injectable } from '@nestjs/common';
import { hashPassword } from '../auth/passwords';
import type { DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../seed/demo-content';
import { UsersRepository } from './users.repository';

/** The demo's people, all with the published demo password. */
@Injectable()
export class UsersDemoSeeder implements DemoSeeder {
  constructor(private readonly users: UsersRepository) {}

  async seedDemo({ manager, ids }: DemoSeedContext): Promise<void> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const person of DEMO_PEOPLE) {
      const account = { email: person.email, displayName: person.displayName, organisation: person.organisation, passwordHash };
      // Someone may have signed up with a demo address before the demo was seeded: they keep their account.
      const user = (await this.users.insert(account, manager)) ?? (await this.users.findByEmail(person.email, manager));
      if (!user) throw new Error(`The demo person ${person.email} could be neither created nor found.`);
      ids.remember('person', person.key, user.id);
    }
  }
}
