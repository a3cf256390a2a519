// The signer's HMAC-SHA256 (two one-shot hashes over prepared key blocks) against Node's createHmac: same
// bytes for any key length (empty, one block, longer keys that RFC 2104 hashes first) and any message.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from '../../src/http/signer.js';

const reference = (key: string, message: string): string =>
  createHmac('sha256', key).update(message).digest('hex');

describe('hmacSha256Hex', () => {
  it.each([
    ['', ''],
    ['k', 'SDK-HMAC-SHA256\n20260101T000000Z\nabc'],
    ['x'.repeat(63), 'm'],
    ['x'.repeat(64), 'm'],
    ['x'.repeat(65), 'm'],
    ['密钥é'.repeat(30), '数据 message'],
  ])('matches createHmac for a %i-character key', (key, message) => {
    expect(hmacSha256Hex(key, message)).toBe(reference(key, message));
  });

  it('matches createHmac for random keys and messages, switching keys between calls', () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120, unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        (key, message) => {
          expect(hmacSha256Hex(key, message)).toBe(reference(key, message));
        },
      ),
      { seed, numRuns: 500 },
    );
  });
});
