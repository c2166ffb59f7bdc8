import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { UserEntity } from './user.entity';

@Injectable()
export class UsersRepository {
  private readonly users: Repository<UserEntity>;

  constructor(dataSource: DataSource) {
    this.users = dataSource.getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }


  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email });
  }

  /** Inserts, or returns null when the email is taken (the unique index decides, so two racing sign-ups cannot both win). */
  async insert(user: Pick<UserEntity, 'email' | 'displayName' | 'passwordHash' | 'organisation'>): Promise<UserEntity | null> {
    const rows: { id: string }[] = await this.users.query(
      `INSERT INTO users (email, display_name, password_hash, organisation) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [user.email, user.displayName, user.passwordHash, user.organisation],
    );
    return rows.length === 0 ? null : this.findById(rows[0].id);
  }

  async update(id: string, changes: Partial<Pick<UserEntity, 'displayName' | 'organisation' | 'passwordHash'>>): Promise<void> {
    await this.users.update({ id }, changes);
  }
}
