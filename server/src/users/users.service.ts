import { Injectable } from '@nestjs/common';
import { AuthErrors } from '../auth/auth.errors';
import { Transactions } from '../platform/transactions';
import { SearchOutbox } from '../search/search-outbox';
import type { UserEntity } from './user.entity';
import type { UpdateProfileBody } from './users.dto';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly outbox: SearchOutbox,
  ) {}

  async updateProfile(userId: string, body: UpdateProfileBody): Promise<UserEntity> {
    const changes: { displayName?: string; organisation?: string | null } = {};
    if (body.displayName !== undefined) changes.displayName = body.displayName.trim();
    if (body.organisation !== undefined) changes.organisation = body.organisation?.trim() || null;
    if (Object.keys(changes).length > 0) {
      await this.transactions.run(async (manager) => {
        await this.users.update(userId, changes, manager);
        // What others find in search shows this name: it changes with the name, in the same commit.
        if (changes.displayName !== undefined) await this.outbox.nameChanged(manager, { kind: 'user', userId });
      });
    }
    const user = await this.users.findById(userId);
    if (!user) throw AuthErrors.notSignedIn();
    return user;
  }
}
