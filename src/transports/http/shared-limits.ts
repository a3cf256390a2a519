// Redis-backed service-wide limits beside the per-replica ones: the rate limit counts every replica's
// requests for a subject; while Redis is down it falls back to this replica's buckets (with a
// warning), and /readyz reports why.
import type { Logger } from 'pino';
import type { SharedStore } from '../../approvals/types.js';
import type { RateDecision, RateLimiter } from './rate-limit.js';
import type { Readiness } from './readiness.js';

const WINDOW_MS = 60_000;

export function sharedRateLimiter(
  local: RateLimiter,
  store: SharedStore | undefined,
  perMinute: number,
  logger: Logger,
): { take(key: string): Promise<RateDecision> } {
  if (!store) return { take: (key) => Promise.resolve(local.take(key)) };
  let degraded = false;
  return {
    async take(key) {
      try {
        const { count, resetMs } = await store.count(`sub:${key}`, WINDOW_MS);
        if (degraded) logger.info('rate limit is service-wide again (Redis is back)');
        degraded = false;
        return count <= perMinute
          ? { allowed: true, retryAfterSeconds: 0 }
          : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
      } catch (err) {
        if (!degraded)
          logger.warn(
            { why: err instanceof Error ? err.message : String(err) },
            'rate limit falls back to this replica only: Redis is unavailable',
          );
        degraded = true;
        return local.take(key);
      }
    },
  };
}

/** Not ready while the shared store is unreachable: confirmed calls and approvals would refuse. */
export function withStore(readiness: Readiness, store: SharedStore | undefined): Readiness {
  if (!store) return readiness;
  return {
    async check() {
      const problem = await store.problem();
      if (problem)
        return { ready: false, reason: `${problem}: confirmed calls and approvals are refused, reads go on` };
      return readiness.check();
    },
  };
}
