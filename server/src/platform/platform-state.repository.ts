import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The only class that queries platform_state: facts about the installation itself, such as "the demo was seeded". */
@Injectable()
export class PlatformStateRepository {
  /**
   * Blocks other writers of platform_state until the transaction ends, so that two instances
   * starting at once cannot both act on a missing key.
   */
  async lock(manager: EntityManager): Promise<void> {
    await manager.query(`LOCK TABLE platform_state IN EXCLUSIVE MODE`);
  }

  async has(key: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM platform_state WHERE key = $1`, [key]);
    return rows.length > 0;
  }

  async set(key: string, value: unknown, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO platform_state (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
