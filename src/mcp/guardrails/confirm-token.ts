// Stateless confirmation tokens: an HMAC over tool, canonical arguments, principal, the digest of the
// target's state as the plan showed it, and expiry. Any replica holding the same secret can verify
// one; nothing is stored. Once the target changes (a rollback ran, a key was re-added), the state
// digest recomputed from fresh reads differs and the token no longer works.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical.js';

export const TOKEN_TTL_MS = 5 * 60 * 1000;
const VERSION = 'v2';
/**
 * Carried in clear, so a changed target is told apart from a token for another call: 8 hex characters
 * naming the call (tool, arguments, principal) and 16 of the state digest. The MAC covers all of it.
 */
const CALL_CHARS = 8;
const STATE_CHARS = 16;

export interface TokenSubject {
  tool: string;
  /** Documented arguments only (no dry_run, confirm_token, wait). */
  args: Record<string, unknown>;
  principal: string;
  /** Digest of the target's state (see stateDigest); '' when the call reads nothing. */
  state: string;
}

export type TokenCheck =
  | { valid: true; expiresAt: number }
  | { valid: false; reason: 'malformed' | 'expired' | 'mismatch' | 'stale'; message: string };

/** SHA-256 of the canonical state the plan was built from (hex). */
export function stateDigest(state: unknown): string {
  return createHash('sha256').update(canonicalJson(state), 'utf8').digest('hex');
}

const callTag = (subject: TokenSubject): string =>
  createHash('sha256')
    .update(JSON.stringify([subject.tool, canonicalJson(subject.args), subject.principal]), 'utf8')
    .digest('hex')
    .slice(0, CALL_CHARS);
const stateTag = (subject: TokenSubject): string =>
  callTag(subject) + (subject.state || '0'.repeat(STATE_CHARS)).slice(0, STATE_CHARS);

function mac(secret: string | Buffer, subject: TokenSubject, expiresAt: number): Buffer {
  const payload = JSON.stringify([
    VERSION,
    subject.tool,
    canonicalJson(subject.args),
    subject.principal,
    subject.state,
    expiresAt,
  ]);
  return createHmac('sha256', secret).update(payload, 'utf8').digest();
}

/** A token for exactly this call on this state, valid until `now + ttl`. Format: `v2.<expiry ms>.<call+state tag>.<base64url mac>`. */
export function issueToken(
  secret: string | Buffer,
  subject: TokenSubject,
  now = Date.now(),
  ttlMs = TOKEN_TTL_MS,
): { token: string; expiresAt: number } {
  const expiresAt = now + ttlMs;
  return {
    token: `${VERSION}.${expiresAt}.${stateTag(subject)}.${mac(secret, subject, expiresAt).toString('base64url')}`,
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
  const [version, expiry, tag, given] = parts;
  if (
    parts.length !== 4 ||
    version !== VERSION ||
    !expiry ||
    !/^\d{1,16}$/.test(expiry) ||
    !tag ||
    !new RegExp(`^[0-9a-f]{${CALL_CHARS + STATE_CHARS}}$`).test(tag) ||
    !given
  ) {
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
    // Checked only after the MAC failed, so the clear tag never makes a token valid: same call,
    // other state means the target changed since the plan was shown.
    const now = stateTag(subject);
    if (tag.slice(0, CALL_CHARS) === now.slice(0, CALL_CHARS) && tag !== now) {
      return {
        valid: false,
        reason: 'stale',
        message:
          'the confirm_token was issued for a state that has changed since (status, size, attachments, snapshots or metadata of what the confirmation showed); call without it to see the current plan',
      };
    }
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
