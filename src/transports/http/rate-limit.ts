// Per-subject token buckets: `perMinute` requests, refilled continuously, keyed by token subject.
export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one more request is allowed (for Retry-After). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): RateDecision;
}

const MAX_KEYS = 10_000;

export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  return {
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        // Bounded memory: forget the oldest subject (insertion order) when there are too many.
        if (buckets.size >= MAX_KEYS) buckets.delete(buckets.keys().next().value!);
        b = { tokens: perMinute, at: t };
        buckets.set(key, b);
      }
      b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * perMs);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
    },
  };
}
