/**
 * The engine's RateLimiter on the shared database (migration 007a): a token bucket per key, refilled
 * continuously, taken in one atomic upsert so concurrent messages and several app instances never both
 * spend the last token.
 */
import type { RateLimiter, RateVerdict } from '../../core/conversation/throttle.ts';
import type { Queryable } from './db.ts';

export interface RateLimitOptions {
  /**
   * Messages a sender may send at once (default 20). Taps and answers in a booking flow are counted in a
   * bucket of their own at a fraction of this cost (throttle.ts), so this bounds typed questions.
   */
  burst?: number;
  /** Sustained messages per minute after the burst (default 20: one every 3 s). */
  perMinute?: number;
  /** A throttled sender is told again at most this often (default 60 s). */
  notifyEverySeconds?: number;
}

export function createDbRateLimiter(db: Queryable, options: RateLimitOptions = {}): RateLimiter {
  const burst = options.burst ?? 20;
  const perSecond = (options.perMinute ?? 20) / 60;
  const notifyEvery = options.notifyEverySeconds ?? 60;
  // `refill` is the bucket after the time since the last take; a take spends `cost` tokens if there are
  // that many (a flow step costs less than a typed message, see throttle.ts).
  const refill =
    'least($2::float8, b.tokens + greatest(0, extract(epoch FROM ($4::timestamptz - b.updated_at))) * $3::float8)';
  const due = '(b.notified_at IS NULL OR b.notified_at <= $4::timestamptz - make_interval(secs => $5))';
  return {
    async take(key, now, cost = 1): Promise<RateVerdict> {
      const { rows } = await db.query<{ allowed: boolean; notify: boolean }>(
        `INSERT INTO rate_limit_buckets AS b (key, tokens, updated_at, last_allowed)
         VALUES ($1, $2::float8 - $6::float8, $4, true)
         ON CONFLICT (key) DO UPDATE SET
           tokens = CASE WHEN ${refill} >= $6::float8 THEN ${refill} - $6::float8 ELSE ${refill} END,
           updated_at = greatest(b.updated_at, $4),
           last_allowed = ${refill} >= $6::float8,
           last_notify = ${refill} < $6::float8 AND ${due},
           notified_at = CASE WHEN ${refill} < $6::float8 AND ${due} THEN $4 ELSE b.notified_at END
         RETURNING last_allowed AS allowed, last_notify AS notify`,
        [key, burst, perSecond, now, notifyEvery, cost],
      );
      const row = rows[0];
      return { allowed: row?.allowed ?? true, notify: row?.notify ?? false };
    },
  };
}
