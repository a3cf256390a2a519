import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { canonicalJson } from '../../src/mcp/guardrails/canonical.js';
import { TOKEN_TTL_MS, issueToken, verifyToken } from '../../src/mcp/guardrails/confirm-token.js';

const SECRET = 'a-shared-secret-of-32-characters!';
const subject = { tool: 'delete_disk', args: { volume_id: 'v-1', cascade: true }, principal: 'aksk:ABCD…' };
const T0 = 1_700_000_000_000;

describe('canonical arguments', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    const a = canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } });
    const b = canonicalJson({ a: { d: [1, { y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe('confirmation tokens', () => {
  it('is an HMAC-SHA256 over version, tool, canonical args, principal and expiry', () => {
    const { token, expiresAt } = issueToken(SECRET, subject, T0);
    expect(expiresAt).toBe(T0 + TOKEN_TTL_MS);
    const payload = JSON.stringify([
      'v1',
      'delete_disk',
      canonicalJson(subject.args),
      subject.principal,
      expiresAt,
    ]);
    const mac = createHmac('sha256', SECRET).update(payload).digest('base64url');
    expect(token).toBe(`v1.${expiresAt}.${mac}`);
  });

  it('verifies for the same call, whatever the order of the argument keys', () => {
    const { token } = issueToken(SECRET, subject, T0);
    const reordered = { ...subject, args: { cascade: true, volume_id: 'v-1' } };
    expect(verifyToken(SECRET, token, reordered, T0 + 1000)).toEqual({
      valid: true,
      expiresAt: T0 + TOKEN_TTL_MS,
    });
  });

  it('refuses other arguments, another tool, another principal and another key', () => {
    const { token } = issueToken(SECRET, subject, T0);
    const now = T0 + 1000;
    expect(
      verifyToken(SECRET, token, { ...subject, args: { volume_id: 'v-2', cascade: true } }, now),
    ).toMatchObject({ valid: false, reason: 'mismatch' });
    expect(verifyToken(SECRET, token, { ...subject, args: { volume_id: 'v-1' } }, now)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyToken(SECRET, token, { ...subject, tool: 'legacy_delete_disk' }, now)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyToken(SECRET, token, { ...subject, principal: 'aksk:WXYZ…' }, now)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyToken('another-secret-of-enough-length', token, subject, now)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
  });

  it('expires after five minutes', () => {
    const { token } = issueToken(SECRET, subject, T0);
    expect(verifyToken(SECRET, token, subject, T0 + TOKEN_TTL_MS - 1).valid).toBe(true);
    expect(verifyToken(SECRET, token, subject, T0 + TOKEN_TTL_MS)).toMatchObject({
      valid: false,
      reason: 'expired',
    });
  });

  it('refuses a tampered expiry, a tampered MAC and junk', () => {
    const { token, expiresAt } = issueToken(SECRET, subject, T0);
    const [, , mac] = token.split('.');
    expect(
      verifyToken(SECRET, `v1.${expiresAt + 3_600_000}.${mac}`, subject, T0 + TOKEN_TTL_MS + 1),
    ).toMatchObject({ valid: false, reason: 'mismatch' });
    const flipped = `${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(verifyToken(SECRET, `v1.${expiresAt}.${flipped}`, subject, T0)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyToken(SECRET, `v1.${expiresAt}.${mac!.slice(0, 10)}`, subject, T0)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
    for (const junk of ['', 'v1', 'v2.1.abc', `v1.x.${mac}`, `v1.${expiresAt}.`]) {
      expect(verifyToken(SECRET, junk, subject, T0)).toMatchObject({ valid: false, reason: 'malformed' });
    }
  });

  it('refuses a genuinely signed token that claims more than the five-minute lifetime', () => {
    const { token } = issueToken(SECRET, subject, T0, 24 * 3_600_000);
    expect(verifyToken(SECRET, token, subject, T0)).toMatchObject({ valid: false, reason: 'expired' });
  });
});

describe('token encoding', () => {
  it('refuses a token whose last character differs only in base64url padding bits', () => {
    const call = { tool: 'delete_disk', args: { volume_id: 'v-1' }, principal: 'p' };
    const { token } = issueToken('a-secret-of-enough-length', call);
    const last = token.at(-1)!;
    const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // Same high 4 bits, other low 2 bits: decodes to the same bytes, but is not the token issued.
    const twin = table[(table.indexOf(last) & ~3) | ((table.indexOf(last) + 1) & 3)]!;
    expect(verifyToken('a-secret-of-enough-length', token, call).valid).toBe(true);
    expect(verifyToken('a-secret-of-enough-length', token.slice(0, -1) + twin, call).valid).toBe(false);
  });
});
