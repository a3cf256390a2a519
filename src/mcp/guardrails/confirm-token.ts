// Stateless confirmation tokens: an HMAC over tool, canonical arguments, principal and expiry.
// Any replica holding the same secret can verify one; nothing is stored.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical.js';

export const TOKEN_TTL_MS = 5 * 60 * 1000;
const VERSION = 'v1';

export interface TokenSubject {
  tool: string;
  /** Documented arguments only (no dry_run, confirm_token, wait). */
  args: Record<string, unknown>;
  principal: string;
}

export type TokenCheck =
  | { valid: true; expiresAt: number }
  | { valid: false; reason: 'malformed' | 'expired' | 'mismatch'; message: string };

function mac(secret: string | Buffer, subject: TokenSubject, expiresAt: number): Buffer {
  const payload = JSON.stringify([
    VERSION,
    subject.tool,
    canonicalJson(subject.args),
    subject.principal,
    expiresAt,
  ]);
  return createHmac('sha256', secret).update(payload, 'utf8').digest();
}

/** A token for exactly this call, valid until `now + ttl`. Format: `v1.<expiry ms>.<base64url mac>`. */
export function issueToken(
  secret: string | Buffer,
  subject: TokenSubject,
  now = Date.now(),
  ttlMs = TOKEN_TTL_MS,
): { token: string; expiresAt: number } {
  const expiresAt = now + ttlMs;
  return {
    token: `${VERSION}.${expiresAt}.${mac(secret, subject, expiresAt).toString('base64url')}`,
    expiresAt,
  };
}

export function verifyToken(
  secret: string | Buffer,
  token: string,
  subject: TokenSubject,
  now = Date.now(),
  ttlMs = TOKEN_TTL_MS,
): TokenCheck {
  const parts = token.split('.');
  const [version, expiry, given] = parts;
  if (parts.length !== 3 || version !== VERSION || !expiry || !/^\d{1,16}$/.test(expiry) || !given) {
    return {
      valid: false,
      reason: 'malformed',
      message: 'the confirm_token is not a token this server issues',
    };
  }
  const expiresAt = Number(expiry);
  // Compare the encoded text, not decoded bytes: base64url's unused low bits would let two
  // different strings (e.g. ending in A or B) decode to the same MAC.
  const expected = Buffer.from(mac(secret, subject, expiresAt).toString('base64url'));
  const actual = Buffer.from(given);
  // Same length first: timingSafeEqual throws otherwise, and the length is no secret.
  const matches = actual.length === expected.length && timingSafeEqual(actual, expected);
  if (!matches) {
    return {
      valid: false,
      reason: 'mismatch',
      message:
        'the confirm_token does not match this tool and these exact arguments (or was not issued by this server); call without it to get a new one',
    };
  }
  // An expiry beyond what this server issues means a different, longer-lived key: treat as expired.
  if (expiresAt <= now || expiresAt > now + ttlMs + 60_000) {
    return {
      valid: false,
      reason: 'expired',
      message: 'the confirm_token has expired (tokens last 5 minutes); call without it to get a new one',
    };
  }
  return { valid: true, expiresAt };
}
