import { Injectable } from '@nestjs/common';
import { AuthErrors } from '../auth/auth.errors';
import type { UserEntity } from './user.entity';
import type { UpdateProfileBody } from './users.dto';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  async updateProfile(userId: string, body: UpdateProfileBody): Promise<UserEntity> {
    const changes: { displayName?: string; organisation?: string | null } = {};
    if (body.displayName !== undefined) changes.displayName = body.displayName.trim();
    if (body.organisation !== undefined) changes.organisation = body.organisation?.trim() || null;
    if (Object.keys(changes).length > 0) await this.users.update(userId, changes);
    const user = await this.users.findById(userId);
    if (!user) throw AuthErrors.notSignedIn();
    return user;
  }
}
