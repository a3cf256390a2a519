import { describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '../../src/mcp/guardrails/canonical.js';
import {
  TOKEN_TTL_MS,
  issueToken,
  stateDigest,
  verifyToken,
} from '../../src/mcp/guardrails/confirm-token.js';

const SECRET = 'a-shared-secret-of-32-characters!';
const STATE = stateDigest({ disk: { id: 'v-1', status: 'available', size: 10 } });
const subject = {
  tool: 'cinder_delete_disk',
  args: { volume_id: 'v-1', cascade: true },
  principal: 'caller=local credential=aksk:0123456789abcdef project=p-1',
  state: STATE,
};
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
  it('is an HMAC-SHA256 over version, tool, canonical args, principal, state and expiry', () => {
    const { token, expiresAt } = issueToken(SECRET, subject, T0);
    expect(expiresAt).toBe(T0 + TOKEN_TTL_MS);
    const payload = JSON.stringify([
      'v2',
      'cinder_delete_disk',
      canonicalJson(subject.args),
      subject.principal,
      STATE,
      expiresAt,
    ]);
    const mac = createHmac('sha256', SECRET).update(payload).digest('base64url');
    const call = createHash('sha256')
      .update(JSON.stringify(['cinder_delete_disk', canonicalJson(subject.args), subject.principal]))
      .digest('hex')
      .slice(0, 8);
    expect(token).toBe(`v2.${expiresAt}.${call}${STATE.slice(0, 16)}.${mac}`);
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
    expect(verifyToken(SECRET, token, { ...subject, tool: 'delete_disk' }, now)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
    expect(
      verifyToken(SECRET, token, { ...subject, principal: subject.principal.replace('p-1', 'p-2') }, now),
    ).toMatchObject({ valid: false, reason: 'mismatch' });
    expect(verifyToken('another-secret-of-enough-length', token, subject, now)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
  });

  it('refuses the same call once the state it was issued for changed (stale)', () => {
    const { token } = issueToken(SECRET, subject, T0);
    const changed = stateDigest({ disk: { id: 'v-1', status: 'available', size: 20 } });
    expect(verifyToken(SECRET, token, { ...subject, state: changed }, T0 + 1000)).toMatchObject({
      valid: false,
      reason: 'stale',
    });
    // The clear state tag cannot be edited to match: the MAC covers the whole digest.
    const [v, exp, tag, mac] = token.split('.');
    const forged = `${v}.${exp}.${tag!.slice(0, 8)}${changed.slice(0, 16)}.${mac}`;
    expect(verifyToken(SECRET, forged, { ...subject, state: changed }, T0 + 1000).valid).toBe(false);
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
    const [, , tag, mac] = token.split('.');
    expect(
      verifyToken(SECRET, `v2.${expiresAt + 3_600_000}.${tag}.${mac}`, subject, T0 + TOKEN_TTL_MS + 1),
    ).toMatchObject({ valid: false, reason: 'mismatch' });
    const flipped = `${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(verifyToken(SECRET, `v2.${expiresAt}.${tag}.${flipped}`, subject, T0)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyToken(SECRET, `v2.${expiresAt}.${tag}.${mac!.slice(0, 10)}`, subject, T0)).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
    for (const junk of [
      '',
      'v2',
      'v1.1.abc',
      `v1.${expiresAt}.${mac}`,
      `v2.x.${tag}.${mac}`,
      `v2.${expiresAt}.${tag}.`,
      `v2.${expiresAt}.XYZ.${mac}`,
    ]) {
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
    const call = { tool: 'cinder_delete_disk', args: { volume_id: 'v-1' }, principal: 'p', state: '' };
    const { token } = issueToken('a-secret-of-enough-length', call);
    const last = token.at(-1)!;
    const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // Same high 4 bits, other low 2 bits: decodes to the same bytes, but is not the token issued.
    const twin = table[(table.indexOf(last) & ~3) | ((table.indexOf(last) + 1) & 3)]!;
    expect(verifyToken('a-secret-of-enough-length', token, call).valid).toBe(true);
    expect(verifyToken('a-secret-of-enough-length', token.slice(0, -1) + twin, call).valid).toBe(false);
  });
});
