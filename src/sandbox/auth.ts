// Who is calling: SDK-HMAC-SHA256 signatures (AK looked up among the projects) or tokens this sandbox issued.
import { EvsError, evsError } from './errors.js';
import { hexId, sha256 } from './ids.js';
import type { Caller } from './router.js';
import {
  UnreadableTarget,
  canonicalRequestText,
  expectedSignature,
  parseAuthorizationHeader,
  parseSdkDateHeader,
  sameHex,
  sha256Hex,
  type WireRequest,
} from './signature.js';
import type { Store } from './store.js';

/** Signed requests may be this far from the sandbox clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

export class AuthRejected extends EvsError {
  constructor(
    /** Why, for the sandbox's own debug log; never sent (it could help guess credentials). */
    readonly reason: string,
    base: EvsError = evsError('EVS.5401'),
  ) {
    super(base.status, base.code, base.message, 'error');
  }
}

/** Headers that, when sent, take part in authentication and so must be covered by the signature. */
const MUST_SIGN_WHEN_SENT = ['x-security-token', 'x-project-id'];

/** Identifies the caller or throws AuthRejected (401). */
export function authenticate(store: Store, wire: WireRequest, now: number): Caller {
  const headers = wire.headers;
  const token = headers['x-auth-token'];
  if (token !== undefined) return checkToken(store, token, now);
  const authorization = headers['authorization'];
  if (authorization === undefined) throw new AuthRejected('no credentials');
  const parsed = parseAuthorizationHeader(authorization);
  if (!parsed) throw new AuthRejected('malformed Authorization header');
  const key = store.findKey(parsed.access);
  if (!key) throw new AuthRejected('unknown access key');
  if (key.expiresAt !== undefined && key.expiresAt <= now)
    throw new AuthRejected('expired temporary credentials');
  const signed = parsed.signedHeaders;
  const sorted = [...new Set(signed)].sort();
  if (sorted.join(';') !== signed.join(';'))
    throw new AuthRejected('SignedHeaders must be lower case, sorted and unique');
  if (!signed.includes('host') || !signed.includes('x-sdk-date'))
    throw new AuthRejected('host and x-sdk-date must be signed');
  for (const name of MUST_SIGN_WHEN_SENT)
    if (headers[name] !== undefined && !signed.includes(name))
      throw new AuthRejected(`${name} is not signed`);
  if (key.securityToken !== undefined) {
    if (headers['x-security-token'] !== key.securityToken)
      throw new AuthRejected('temporary key without its X-Security-Token');
  } else if (headers['x-security-token'] !== undefined)
    throw new AuthRejected('X-Security-Token sent with a permanent key');
  // A declared body hash must be the hash of the bytes received (UNSIGNED-PAYLOAD is not accepted).
  const contentSha = headers['x-sdk-content-sha256'];
  if (contentSha !== undefined && contentSha !== sha256Hex(wire.body))
    throw new AuthRejected('X-Sdk-Content-Sha256 is not the hash of the body');
  const sdkDate = headers['x-sdk-date'] ?? '';
  const date = parseSdkDateHeader(sdkDate);
  if (date === undefined) throw new AuthRejected('missing or malformed X-Sdk-Date');
  if (Math.abs(date - now) > MAX_CLOCK_SKEW_MS) throw new AuthRejected('X-Sdk-Date too far from the clock');
  let canonical: string | undefined;
  try {
    canonical = canonicalRequestText(wire, signed);
  } catch (err) {
    if (err instanceof UnreadableTarget) throw new AuthRejected(err.message);
    throw err;
  }
  if (canonical === undefined) throw new AuthRejected('a signed header was not sent');
  if (!sameHex(expectedSignature(key.sk, sdkDate, canonical), parsed.signature))
    throw new AuthRejected('signature mismatch');
  const claimed = headers['x-project-id'];
  if (claimed !== undefined && claimed !== key.projectId && !key.projectIds?.includes(claimed))
    throw new AuthRejected("X-Project-Id is not the key's project", evsError('EVS.0001'));
  return {
    projectId: key.projectId,
    via: 'aksk',
    user: key.user,
    ...(key.actions ? { actions: key.actions } : {}),
    ...(key.principal ? { principal: key.principal } : {}),
    ...(key.expiresAt !== undefined ? { session: true } : {}),
    ...(key.projectIds && key.projectIds.length > 1 ? { projectIds: key.projectIds } : {}),
  };
}

function checkToken(store: Store, token: string, now: number): Caller {
  const record = store.state.tokens[sha256(token)];
  if (!record) throw new AuthRejected('unknown token');
  if (record.expiresAt <= now) throw new AuthRejected('expired token');
  return { projectId: record.projectId, via: 'token' };
}

/** The project in the path must be the caller's (documented: EVS.0001 for keys, Common.0018 for tokens). */
export function checkProject(caller: Caller, pathProjectId: string): void {
  if (caller.projectId === pathProjectId || caller.projectIds?.includes(pathProjectId)) return;
  throw new AuthRejected(
    "project in the path is not the caller's",
    caller.via === 'token' ? evsError('Common.0018') : evsError('EVS.0001'),
  );
}

/** A new opaque token; only its hash is kept. */
export function issueToken(
  store: Store,
  projectId: string,
  userName: string,
  ttlSeconds: number,
  now: number,
): { token: string; expiresAt: number } {
  // Forget tokens that expired over a day ago so the state does not grow forever.
  for (const [hash, rec] of Object.entries(store.state.tokens))
    if (rec.expiresAt <= now - 86_400_000) delete store.state.tokens[hash];
  const token = `MIIsandbox${hexId()}${hexId()}${hexId()}`;
  const expiresAt = now + ttlSeconds * 1000;
  store.state.tokens[sha256(token)] = { projectId, userName, expiresAt };
  store.markDirty();
  return { token, expiresAt };
}
