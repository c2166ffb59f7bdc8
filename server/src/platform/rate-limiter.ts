import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RateLimitRule {
  /** What is being limited, e.g. "login:address". */
  name: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters in PostgreSQL, so that every instance behind a load balancer counts
 * the same attempts. One upsert per check.
 */
@Injectable()
export class RateLimiter {
  private lastSweep = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Counts one hit against `subject` and says whether it is still within the limit. */
  async hit(rule: RateLimitRule, subject: string): Promise<RateLimitVerdict> {
    const windowMs = rule.windowSeconds * 1000;
    const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
    const rows: { hits: number }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_counters (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
       RETURNING hits`,
      [`${rule.name}:${subject}`, windowStart],
    );
    void this.sweepOccasionally();
    if (rows[0].hits <= rule.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((windowStart.getTime() + windowMs - Date.now()) / 1000) };
  }

  /** Takes back one hit (an attempt that turned out fine), never below zero. */
  async refund(rule: RateLimitRule, subject: string): Promise<void> {
    const windowMs = rule.windowSeconds * 1000;
    const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
    await this.dataSource.query(
      `UPDATE rate_limit_counters SET hits = greatest(hits - 1, 0) WHERE key = $1 AND window_start = $2`,
      [`${rule.name}:${subject}`, windowStart],
    );
  }

  private async sweepOccasionally(): Promise<void> {
    if (Date.now() - this.lastSweep < 10 * 60_000) return;
    this.lastSweep = Date.now();
    await this.dataSource
      .query(`DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 day'`)
      .catch(() => undefined);
  }
}
