import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RateLimitRule {
  /** What is being limited, e.g. "sign-in-failures:address". */
  name: string;
  /** Hits counted in each window before any is refused (or, with `backoff`, slowed down). */
  limit: number;
  windowSeconds: number;
  /**
   * Beyond `limit`, let a hit through once enough time has passed since the last one, instead of
   * refusing every hit until the window ends: `firstDelaySeconds`, doubling with each further hit,
   * at most `maxDelaySeconds`. Whoever keeps trying is slowed down more and more, but never shut
   * out for good.
   */
  backoff?: { firstDelaySeconds: number; maxDelaySeconds: number };
}

/** One counter: a rule, and whose hits it counts (an address, an account, or both). */
export interface RateLimitHit {
  rule: RateLimitRule;
  subject: string;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Rows older than this are swept away; it must exceed the longest window. */
const KEEP_COUNTERS = "interval '2 days'";

/**
 * Counters in PostgreSQL, so that every instance behind a load balancer counts the same attempts.
 * A hit is counted only when it is allowed, in one statement, so that a burst of parallel attempts
 * cannot all slip under a limit; one that turns out well can be given back (a successful sign-in
 * does not count against anyone).
 */
@Injectable()
export class RateLimiter {
  private lastSweep = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Counts one hit if the rule allows it now; otherwise counts nothing and says how long to wait. */
  async take({ rule, subject }: RateLimitHit): Promise<RateLimitVerdict> {
    const key = keyOf(rule, subject);
    const windowStart = windowStartOf(rule);
    const backoff = rule.backoff ?? null;
    // The delay before the next hit, once `limit` hits were counted: first × 2^(hits − limit), capped
    // (the exponent is capped too, so that the power never overflows).
    const delay = `make_interval(secs => least($5::float8, $4::float8 * 2 ^ least(c.hits - $3, 40)))`;
    const counted: unknown[] = await this.dataSource.query(
      `INSERT INTO rate_limit_counters AS c (key, window_start, hits, last_hit_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (key, window_start) DO UPDATE SET hits = c.hits + 1, last_hit_at = now()
        WHERE c.hits < $3 OR ($4::float8 IS NOT NULL AND c.last_hit_at + ${delay} <= now())
       RETURNING hits`,
      [key, windowStart, rule.limit, backoff?.firstDelaySeconds ?? null, backoff?.maxDelaySeconds ?? null],
    );
    void this.sweepOccasionally(); // catches its own failure: a sweep that fails is tried again later
    if (counted.length > 0) return { allowed: true };

    const windowEnd = `$2::timestamptz + make_interval(secs => $6::float8)`;
    const rows: { retryAfterSeconds: number }[] = await this.dataSource.query(
      `SELECT greatest(1, ceil(extract(epoch FROM
                CASE WHEN $4::float8 IS NULL THEN ${windowEnd} ELSE least(${windowEnd}, c.last_hit_at + ${delay}) END - now())))::int
              AS "retryAfterSeconds"
         FROM rate_limit_counters c WHERE c.key = $1 AND c.window_start = $2`,
      [key, windowStart, rule.limit, backoff?.firstDelaySeconds ?? null, backoff?.maxDelaySeconds ?? null, rule.windowSeconds],
    );
    return { allowed: false, retryAfterSeconds: rows[0]?.retryAfterSeconds ?? 1 };
  }

  /**
   * Takes a hit on every counter, or on none: when one refuses, the hits already taken are given
   * back, so that an attempt refused by one limit does not count against the others.
   */
  async takeAll(hits: RateLimitHit[]): Promise<RateLimitVerdict> {
    for (const [index, hit] of hits.entries()) {
      const verdict = await this.take(hit);
      if (!verdict.allowed) {
        await this.giveBackAll(hits.slice(0, index));
        return verdict;
      }
    }
    return { allowed: true };
  }

  /** Takes back one hit (an attempt that turned out fine), never below zero. */
  async giveBack({ rule, subject }: RateLimitHit): Promise<void> {
    await this.dataSource.query(`UPDATE rate_limit_counters SET hits = greatest(hits - 1, 0) WHERE key = $1 AND window_start = $2`, [
      keyOf(rule, subject),
      windowStartOf(rule),
    ]);
  }

  async giveBackAll(hits: RateLimitHit[]): Promise<void> {
    for (const hit of hits) await this.giveBack(hit);
  }

  private async sweepOccasionally(): Promise<void> {
    if (Date.now() - this.lastSweep < 10 * 60_000) return;
    this.lastSweep = Date.now();
    await this.dataSource.query(`DELETE FROM rate_limit_counters WHERE window_start < now() - ${KEEP_COUNTERS}`).catch(() => undefined);
  }
}

function keyOf(rule: RateLimitRule, subject: string): string {
  return `${rule.name}:${subject}`;
}

/** Fixed windows, aligned to the epoch, so that every instance agrees on which window it is. */
function windowStartOf(rule: RateLimitRule): Date {
  const windowMs = rule.windowSeconds * 1000;
  return new Date(Math.floor(Date.now() / windowMs) * windowMs);
}
