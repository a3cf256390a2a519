// The per-subject token bucket, on a controlled clock: burst, refill, Retry-After, separate subjects.
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/transports/http/rate-limit.js';

describe('per-subject rate limit', () => {
  it('allows a burst of the per-minute rate, then says when the next request fits', () => {
    let now = 0;
    const limiter = createRateLimiter(6, () => now); // one token every 10 s
    for (let i = 0; i < 6; i++) expect(limiter.take('alice').allowed).toBe(true);
    expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take('bob').allowed).toBe(true);
    now = 4_000;
    expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    now = 10_000;
    expect(limiter.take('alice').allowed).toBe(true);
    expect(limiter.take('alice').allowed).toBe(false);
    // Idle subjects refill up to the burst, never beyond it.
    now = 10_000 + 3_600_000;
    for (let i = 0; i < 6; i++) expect(limiter.take('alice').allowed).toBe(true);
    expect(limiter.take('alice').allowed).toBe(false);
  });
});
