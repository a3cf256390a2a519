// Who is calling: SDK-HMAC-SHA256 signatures (AK looked up among the projects) or tokens this sandbox issued.
import type { IncomingMessage } from 'node:http';
import { parseAuthorization, parseSdkDate, verifySignature } from '../http/signer.js';
import { EvsError, evsError } from './errors.js';
import { hexId, sha256 } from './ids.js';
import type { Caller } from './router.js';
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

export interface RawRequest {
  req: IncomingMessage;
  /** Path exactly as received (still percent-encoded), which is what was signed. */
  rawPath: string;
  query: URLSearchParams;
  body: string;
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Identifies the caller or throws AuthRejected (401). */
export function authenticate(store: Store, raw: RawRequest, now: number): Caller {
  const headers = lowerHeaders(raw.req);
  const token = headers['x-auth-token'];
  if (token !== undefined) return checkToken(store, token, now);
  const authorization = headers['authorization'];
  if (authorization === undefined) throw new AuthRejected('no credentials');
  const parsed = parseAuthorization(authorization);
  if (!parsed) throw new AuthRejected('malformed Authorization header');
  const project = store.state.projects.find((p) => p.ak === parsed.access);
  if (!project) throw new AuthRejected('unknown access key');
  const signed = parsed.signedHeaders.map((h) => h.toLowerCase());
  if (!signed.includes('host') || !signed.includes('x-sdk-date'))
    throw new AuthRejected('host and x-sdk-date must be signed');
  const sdkDate = headers['x-sdk-date'];
  const date = sdkDate === undefined ? undefined : parseSdkDate(sdkDate);
  if (!date) throw new AuthRejected('missing or malformed X-Sdk-Date');
  if (Math.abs(date.getTime() - now) > MAX_CLOCK_SKEW_MS)
    throw new AuthRejected('X-Sdk-Date too far from the clock');
  const ok = verifySignature({
    method: raw.req.method ?? 'GET',
    pathname: raw.rawPath,
    query: [...raw.query],
    headers,
    body: raw.body,
    sk: project.sk,
    signatureHex: parsed.signature,
    signedHeaders: parsed.signedHeaders,
  });
  if (!ok) throw new AuthRejected('signature mismatch');
  const claimed = headers['x-project-id'];
  if (claimed !== undefined && claimed !== project.id)
    throw new AuthRejected("X-Project-Id is not the key's project", evsError('EVS.0001'));
  return { projectId: project.id, via: 'aksk' };
}

function checkToken(store: Store, token: string, now: number): Caller {
  const record = store.state.tokens[sha256(token)];
  if (!record) throw new AuthRejected('unknown token');
  if (record.expiresAt <= now) throw new AuthRejected('expired token');
  return { projectId: record.projectId, via: 'token' };
}

/** The project in the path must be the caller's (documented: EVS.0001 for keys, Common.0018 for tokens). */
export function checkProject(caller: Caller, pathProjectId: string): void {
  if (caller.projectId === pathProjectId) return;
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
