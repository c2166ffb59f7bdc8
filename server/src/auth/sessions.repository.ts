import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { SessionEntity } from './session.entity';

@Injectable()
export class SessionsRepository {
  private readonly sessions: Repository<SessionEntity>;

  constructor(dataSource: DataSource) {
    this.sessions = dataSource.getRepository(SessionEntity);
  }

  create(session: Pick<SessionEntity, 'tokenHash' | 'userId' | 'expiresAt' | 'userAgent' | 'clientAddress'>): Promise<SessionEntity> {
    return this.sessions.save(this.sessions.create({ ...session, lastSeenAt: new Date() }));
  }

  /** The live session for a token hash together with its user, in one query. */
  async findLive(tokenHash: string): Promise<{ session: SessionEntity; user: UserEntity } | null> {
    const row = await this.sessions
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.user', UserEntity, 'u', 'u.id = s.user_id')
      .where('s.token_hash = :tokenHash AND s.expires_at > now()', { tokenHash })
      .getOne();
    if (!row) return null;
    const { user, ...session } = row as SessionEntity & { user: UserEntity };
    return { session: session as SessionEntity, user };
  }

  listLive(userId: string): Promise<SessionEntity[]> {
    return this.sessions
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.expires_at > now()', { userId })
      .orderBy('s.last_seen_at', 'DESC')
      .getMany();
  }

  async touch(id: string, expiresAt: Date): Promise<void> {
    await this.sessions.update({ id }, { lastSeenAt: new Date(), expiresAt });
  }

  async delete(id: string, userId: string): Promise<boolean> {
    const result = await this.sessions.delete({ id, userId });
    return (result.affected ?? 0) > 0;
  }

  async deleteAllOf(userId: string, exceptId?: string): Promise<number> {
    const query = this.sessions.createQueryBuilder().delete().where('user_id = :userId', { userId });
    if (exceptId) query.andWhere('id <> :exceptId', { exceptId });
    return (await query.execute()).affected ?? 0;
  }
}
