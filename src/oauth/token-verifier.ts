// OAuth 2.1 resource server: verifies bearer JWTs against the issuer's keys (jose), turns them into
// the SDK's AuthInfo with the subject and issuer in `extra` (the caller identity the guard reads).
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

export { READ_SCOPE, WRITE_SCOPE } from './scopes.js';

/** A token that must be refused with 401; `description` is safe to show (never the token itself). */
export class TokenRejected extends Error {
  override name = 'TokenRejected';
}

/** The issuer's keys could not be fetched: the server, not the token, is at fault (503). */
export class AuthUnavailable extends Error {
  override name = 'AuthUnavailable';
}

export interface VerifierOptions {
  issuer: string;
  /** Default: `jwks_uri` from the issuer's discovery document. */
  jwksUrl?: string;
  /** The server's public URL (RFC 8707 resource); tokens must carry it in `aud`. */
  audience: string;
  /** Bound on fetching discovery and keys. */
  timeoutMs?: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<AuthInfo>;
}

/** Both spellings of a URL, with and without the trailing slash (issuers differ in how they write it). */
const spellings = (url: string): string[] => [url.replace(/\/+$/, ''), `${url.replace(/\/+$/, '')}/`];

/** Finds the JWKS URL in the issuer's OpenID Connect or OAuth (RFC 8414) discovery document. */
export async function discoverJwksUrl(issuer: string, timeoutMs = 5000): Promise<string> {
  const base = issuer.replace(/\/+$/, '');
  const failures: string[] = [];
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    const url = `${base}${path}`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) {
        failures.push(`${url}: HTTP ${res.status}`);
        continue;
      }
      const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
      if (typeof doc.issuer !== 'string' || !spellings(base).includes(doc.issuer))
        throw new Error(`${url} names another issuer (${String(doc.issuer)})`);
      if (typeof doc.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
      return doc.jwks_uri;
    } catch (err) {
      if (err instanceof Error && /names another issuer|has no jwks_uri/.test(err.message)) throw err;
      failures.push(`${url}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new Error(`no discovery document for issuer ${base} (${failures.join('; ')})`);
}

function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return [];
}

/** Why a token failed, in words safe for a WWW-Authenticate header. */
function reason(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'the token is not for this resource (aud)';
    if (err.claim === 'iss') return 'the token is from another issuer (iss)';
    return `the token's ${err.claim} claim is invalid`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (err instanceof errors.JWKSNoMatchingKey) return "no key of the issuer matches the token's";
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'the token is malformed';
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported)
    return 'the token algorithm is not accepted';
  return 'the token could not be verified';
}

export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  const timeoutMs = opts.timeoutMs ?? 5000;
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = () => {
    // Discovery once per process; a failure is forgotten so the next request tries again.
    keys ??= (async () => {
      const url = opts.jwksUrl ?? (await discoverJwksUrl(opts.issuer, timeoutMs));
      return createRemoteJWKSet(new URL(url), { timeoutDuration: timeoutMs });
    })().catch((err: unknown) => {
      keys = undefined;
      throw err;
    });
    return keys;
  };
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, await keySet(), {
          issuer: spellings(opts.issuer),
          audience: spellings(opts.audience),
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 5,
        }));
      } catch (err) {
        if (err instanceof errors.JOSEError || err instanceof TypeError) throw new TokenRejected(reason(err));
        throw new AuthUnavailable(err instanceof Error ? err.message : String(err));
      }
      const sub = payload.sub!;
      const clientId = [payload.client_id, payload.azp].find((v): v is string => typeof v === 'string');
      return {
        token,
        clientId: clientId ?? sub,
        scopes: scopesOf(payload),
        ...(payload.exp !== undefined ? { expiresAt: payload.exp } : {}),
        resource: new URL(opts.audience),
        // `claims` lets EVS_MCP_AGENCY_MAP read groups or roles; the token itself stays out of it.
        extra: { sub, iss: payload.iss, claims: payload },
      };
    },
  };
}
