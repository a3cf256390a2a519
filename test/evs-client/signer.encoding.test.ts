// The signer's text encoding against plain reference implementations (byte arrays, regexes, URLSearchParams) on
// seeded random input: the fast paths (runs of unreserved characters, plain paths, strict query decoding, the
// per-second date) must give exactly what the obvious code gives.
import { describe, expect, it } from 'vitest';
import {
  canonicalQueryOf,
  canonicalQueryString,
  canonicalUri,
  formatSdkDate,
  percentEncode,
} from '../../src/evs-client/signer.js';

const escape = (b: number): string => '%' + b.toString(16).toUpperCase().padStart(2, '0');
const unreservedByte = (b: number): boolean => b < 0x80 && /^[A-Za-z0-9\-._~]$/.test(String.fromCharCode(b));
const encodeBytes = (bytes: Iterable<number>): string =>
  [...bytes].map((b) => (unreservedByte(b) ? String.fromCharCode(b) : escape(b))).join('');

/** Reference: UTF-8 bytes of each code point; a high surrogate takes the next unit as its low half, unchecked. */
function referencePercentEncode(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xe000) {
      i++;
      if (i >= text.length) throw new Error('unpaired surrogate at the end');
      c = 0x10000 + (((c & 0x3ff) << 10) | (text.charCodeAt(i) & 0x3ff));
      bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else bytes.push(...Buffer.from(String.fromCharCode(c), 'utf8'));
  }
  return encodeBytes(bytes);
}

/** Reference: each segment's `%XX` decoded and everything else taken as UTF-8 through Buffer, then encoded. */
function referenceCanonicalUri(pathname: string): string {
  if (!pathname) return '/';
  const encoded = pathname
    .split('/')
    .map((segment) => {
      const bytes: number[] = [];
      for (let i = 0; i < segment.length; i++) {
        const hex = segment.charAt(i) === '%' ? segment.slice(i + 1, i + 3) : '';
        if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 2;
          continue;
        }
        const cp = segment.codePointAt(i) as number;
        if (cp > 0xffff) i++;
        bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      }
      return encodeBytes(bytes);
    })
    .join('/');
  return encoded.endsWith('/') ? encoded : encoded + '/';
}

/** mulberry32: a small seeded generator whose low bits are as random as its high ones. */
function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
}

const PALETTE = [
  ...'aZ09-._~ *+!\'()&=%/?#:;,@$[]{}|^`"<>\\',
  ...[
    'é',
    'ß',
    '中',
    '😀',
    '\u00a0',
    '\t',
    '\ufeff',
    '\ud83d',
    '\ude00',
    '%2',
    '%E6',
    '%e6%95%b0',
    '%7e',
    '%zz',
  ],
];

function words(seed: number, count: number, max: number): string[] {
  const rand = seeded(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: rand(max + 1) }, () => PALETTE[rand(PALETTE.length)] as string).join(''),
  );
}

describe('percentEncode', () => {
  it('agrees with the reference on 3,000 seeded random strings', () => {
    let compared = 0;
    for (const text of words(0x1234, 3000, 12)) {
      let expected: string;
      try {
        expected = referencePercentEncode(text);
      } catch {
        expect(() => percentEncode(text), JSON.stringify(text)).toThrow(/surrogate/);
        continue;
      }
      expect(percentEncode(text), JSON.stringify(text)).toBe(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it.each([
    ['', ''],
    ['plain-id_1.2~3', 'plain-id_1.2~3'],
    ['a b', 'a%20b'],
    [' lead', '%20lead'],
    ['trail ', 'trail%20'],
    ['a\ud83dZb', 'a%F0%9F%91%9Ab'],
  ])('%j gives %j', (text, expected) => {
    expect(percentEncode(text)).toBe(expected);
  });
});

describe('canonicalUri', () => {
  it('agrees with the reference on 3,000 seeded random paths', () => {
    for (const segment of words(0x4321, 3000, 10)) {
      const path = `/v2/p/metadata/${segment}`;
      expect(canonicalUri(path), JSON.stringify(path)).toBe(referenceCanonicalUri(path));
    }
  });

  it.each([
    '/v2/p/metadata/\ud83d',
    '/v2/p/metadata/\ude00x',
    '/v2/p/metadata/\ud83d\ud83d\ude00',
    '/v2/p/metadata/%',
    '/v2/p/metadata/%4',
    '/v2/p/metadata/%41%4g',
    '//a//b/',
    'relative/path',
  ])('agrees with the reference on %j', (path) => {
    expect(canonicalUri(path)).toBe(referenceCanonicalUri(path));
  });
});

/** Whether every component of a query decodes with decodeURIComponent (after `+` as space). */
function strictlyDecodable(search: string): boolean {
  try {
    for (const part of search.slice(1).split(/[&=]/)) decodeURIComponent(part.replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
}

describe('canonicalQueryOf', () => {
  it('gives what canonicalQueryString gives for the URLSearchParams pairs on 3,000 seeded random queries', () => {
    const rand = seeded(0x9999);
    const parts = words(0x7777, 3000, 8);
    const pick = (): string => (rand(4) === 0 ? 'k' : (parts[rand(parts.length)] as string)); // repeated keys too
    let odd = 0;
    for (let i = 0; i < parts.length; i++) {
      const url = new URL('https://evs.example.com/v2/p/volumes');
      const pairs = Array.from({ length: 1 + rand(6) }, () => (rand(3) ? `${pick()}=${pick()}` : pick()));
      url.search = pairs.join(rand(5) ? '&' : '&&');
      if (!strictlyDecodable(url.search)) odd++;
      expect(canonicalQueryOf(url), url.search).toBe(canonicalQueryString([...url.searchParams]));
    }
    // Both paths are exercised: strictly decodable queries and ones only the lenient decoder takes.
    expect(odd).toBeGreaterThan(300);
    expect(odd).toBeLessThan(2700);
  });

  it.each([
    '',
    '?',
    '?&&',
    '?a',
    '?a=',
    '?=b',
    '?a=b=c',
    '?a+b=c+d',
    '?%zz=1',
    '?k=%E6%95',
    '?k=%EF%BB%BFx',
    '?k=%ED%A0%80',
  ])('agrees with URLSearchParams on %j', (search) => {
    const url = new URL(`https://evs.example.com/v2${search}`);
    expect(canonicalQueryOf(url)).toBe(canonicalQueryString([...url.searchParams]));
  });
});

describe('formatSdkDate reuses the last second only for the same second', () => {
  it('formats each instant of a sequence that goes forward, repeats and goes back', () => {
    const instants = [
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.999Z',
      '2026-01-01T00:00:01.000Z',
      '2026-01-01T00:00:00.500Z',
      '1969-12-31T23:59:59.500Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '2100-02-28T23:59:59.000Z',
    ];
    for (const iso of instants) {
      const d = new Date(iso);
      const expected = iso.slice(0, 19).replace(/[-:]/g, '') + 'Z';
      expect(formatSdkDate(d), iso).toBe(expected);
    }
  });
});
