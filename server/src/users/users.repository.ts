import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type Repository } from 'typeorm';
import { UserEntity } from './user.entity';

/** The only class that writes the users table. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private users(manager?: EntityManager): Repository<UserEntity> {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.users(manager).findOneBy({ id });
  }

  findByEmail(email: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.users(manager).findOneBy({ email });
  }

  /** Inserts, or returns null when the email is taken (the unique index decides, so two racing sign-ups cannot both win). */
  async insert(
    user: Pick<UserEntity, 'email' | 'displayName' | 'passwordHash' | 'organisation'>,
    manager?: EntityManager,
  ): Promise<UserEntity | null> {
    const rows: { id: string }[] = await this.users(manager).query(
      `INSERT INTO users (email, display_name, password_hash, organisation) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [user.email, user.displayName, user.passwordHash, user.organisation],
    );
    return rows.length === 0 ? null : this.findById(rows[0].id, manager);
  }

  async update(id: string, changes: Partial<Pick<UserEntity, 'displayName' | 'organisation' | 'passwordHash'>>, manager?: EntityManager): Promise<void> {
    await this.users(manager).update({ id }, changes);
  }
}
