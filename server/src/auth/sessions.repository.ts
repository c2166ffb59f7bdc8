import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { preparedRead } from '../platform/prepared-read';
import { UserEntity } from '../users/user.entity';
import { SessionEntity } from './session.entity';

const LIVE_SESSION = `
  SELECT s.id, s.token_hash AS "tokenHash", s.user_id AS "userId", s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt",
         s.expires_at AS "expiresAt", s.user_agent AS "userAgent", s.client_address AS "clientAddress",
         u.email AS "userEmail", u.display_name AS "userDisplayName", u.organisation AS "userOrganisation",
         u.password_hash AS "userPasswordHash", u.created_at AS "userCreatedAt"
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.token_hash = $1 AND s.expires_at > now()`;

interface LiveSessionRow {
  id: string;
  tokenHash: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  clientAddress: string | null;
  userEmail: string;
  userDisplayName: string;
  userOrganisation: string | null;
  userPasswordHash: string;
  userCreatedAt: Date;
}

@Injectable()
export class SessionsRepository {
  private readonly sessions: Repository<SessionEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.sessions = dataSource.getRepository(SessionEntity);
  }

  create(session: Pick<SessionEntity, 'tokenHash' | 'userId' | 'expiresAt' | 'userAgent' | 'clientAddress'>): Promise<SessionEntity> {
    return this.sessions.save(this.sessions.create({ ...session, lastSeenAt: new Date() }));
  }

  /**
   * The live session for a token hash together with its user, in one query. Every signed-in
   * request starts here, so the query is a prepared statement (planned once per connection).
   */
  async findLive(tokenHash: string): Promise<{ session: SessionEntity; user: UserEntity } | null> {
    const rows: LiveSessionRow[] = await preparedRead(this.dataSource, LIVE_SESSION, [tokenHash]);
    const row = rows[0];
    if (!row) return null;
    const session = Object.assign(new SessionEntity(), {
      id: row.id,
      tokenHash: row.tokenHash,
      userId: row.userId,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      expiresAt: row.expiresAt,
      userAgent: row.userAgent,
      clientAddress: row.clientAddress,
    });
    const user = Object.assign(new UserEntity(), {
      id: row.userId,
      email: row.userEmail,
      displayName: row.userDisplayName,
      organisation: row.userOrganisation,
      passwordHash: row.userPasswordHash,
      createdAt: row.userCreatedAt,
    });
    return { session, user };
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
