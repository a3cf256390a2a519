// requestUrl parses the whole URL once when the path is plain; the result must be exactly what the pathname
// setter route gives (same href, or the same refusal), on seeded random paths and bases.
import { describe, expect, it } from 'vitest';
import { buildQueryString, requestUrl } from '../../src/evs-client/client.js';
import type { Query } from '../../src/evs-client/types.js';

/** Reference: the pathname setter, compared with what was asked, then the query. */
function referenceUrl(base: URL, path: string, query?: Query): URL | 'refused' {
  const url = new URL(base.href);
  const wanted = `${base.pathname.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  url.pathname = wanted;
  if (url.pathname !== wanted) return 'refused';
  url.search = buildQueryString(query);
  return url;
}

function outcome(base: URL, path: string, query?: Query): string {
  try {
    return requestUrl(base, path, query).href;
  } catch (err) {
    expect(String(err)).toMatch(/Refused to send/);
    return 'refused';
  }
}

function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
}

const PALETTE = [
  ...'aZ09-._~!$&\'()*+,;=:@%/ ?#[]{}|^`"<>\\\t',
  ...['.', '..', '%2e', '%2E', '%2e%2e', '.%2E', '%41', '%zz', 'é', '数据', '😀', '\u0000', '\u007f'],
];

const BASES = [
  'https://evs.example.com',
  'https://evs.example.com/',
  'http://127.0.0.1:8080/gateway',
  'https://user:pw@evs.example.com/',
  'https://evs.example.com/?x=1',
  'https://evs.example.com/#frag',
];

describe('requestUrl', () => {
  it('gives what the pathname setter gives on 4,000 seeded random paths', () => {
    const rand = seeded(0xbeef);
    let refused = 0;
    for (let i = 0; i < 4000; i++) {
      const base = new URL(BASES[rand(BASES.length)] as string);
      const segments = Array.from({ length: 1 + rand(4) }, () =>
        Array.from({ length: rand(5) }, () => PALETTE[rand(PALETTE.length)] as string).join(''),
      );
      const path = `/v2/p/${segments.join('/')}`;
      const query: Query | undefined = rand(2) ? { limit: rand(100), name: segments[0] } : undefined;
      const expected = referenceUrl(base, path, query);
      const got = outcome(base, path, query);
      if (expected === 'refused') refused++;
      expect(got, `${base.href} ${JSON.stringify(path)}`).toBe(
        expected === 'refused' ? 'refused' : expected.href,
      );
    }
    // Both routes are exercised.
    expect(refused).toBeGreaterThan(200);
    expect(refused).toBeLessThan(3800);
  });

  it.each([
    ['/v2/p/volumes/abc-123', 'https://evs.example.com/v2/p/volumes/abc-123'],
    ['/v2/p/volumes/a%2Ab', 'https://evs.example.com/v2/p/volumes/a%2Ab'],
    ['/v2/p/metadata/k.e.y', 'https://evs.example.com/v2/p/metadata/k.e.y'],
    ['/v2/p/volumes/.', 'refused'],
    ['/v2/p/volumes/%2E%2e', 'refused'],
    ['/v2/p/volumes/a?b', 'refused'],
    ['/v2/p/volumes/a#b', 'refused'],
    ['/v2/p/volumes/a\\b', 'refused'],
  ])('%j gives %j', (path, expected) => {
    expect(outcome(new URL('https://evs.example.com'), path)).toBe(expected);
  });
});
