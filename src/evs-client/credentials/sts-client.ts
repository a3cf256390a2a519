// STS v5 AssumeAgency, signed SDK-HMAC-SHA256 with the server's own credential. Field names and types from
// Huawei's Go SDK models (huaweicloud-sdk-go-v3, services/sts/v1/model/): model_assume_agency_req_body.go
// (agency_urn, agency_session_name, duration_seconds, policy, source_identity, tags of model_tag_dto.go
// {key, value}), model_assume_agency_response.go (credentials, assumed_agency, source_identity),
// model_credentials_dto.go (access_key_id, secret_access_key, security_token, expiration) and
// model_assumed_agency_dto.go (urn, id). Path from sts_meta.go: POST /v5/agencies/assume.
import { EvsError } from '../errors.js';
import { signRequest, type AkSkCredential } from '../signer.js';

export interface AssumeAgencyInput {
  agencyUrn: string;
  sessionName: string;
  sourceIdentity: string;
  durationSeconds: number;
  /** v5 session policy JSON; omitted = the agency's own policies. */
  policy?: string;
  tags: readonly { key: string; value: string }[];
}

export interface TemporaryCredentials {
  ak: string;
  sk: string;
  securityToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** assumed_agency.id: the agency and session, as CTS records them. */
  assumedId: string;
  assumedUrn: string;
}

export interface StsClientOptions {
  endpoint: string;
  credential: AkSkCredential;
  timeoutMs: number;
  now: () => number;
}

const CHECK =
  "check the agency's trust policy (it must trust the server's account or user) and that the server's identity holds sts:agencies:assume on it";

function stsError(detail: string, hint: string, status?: number): EvsError {
  return new EvsError({
    kind: 'auth',
    detail: `AssumeAgency failed: ${detail}. Nothing was sent to EVS.`,
    hint,
    ...(status !== undefined ? { status } : {}),
  });
}

const str = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Reads the answer strictly: anything missing or malformed is an unreadable answer, never a guess. */
function readAnswer(body: unknown): TemporaryCredentials | undefined {
  const o = (body ?? {}) as Record<string, unknown>;
  const c = (o.credentials ?? {}) as Record<string, unknown>;
  const a = (o.assumed_agency ?? {}) as Record<string, unknown>;
  if (!str(c.access_key_id) || !str(c.secret_access_key) || !str(c.security_token) || !str(c.expiration))
    return undefined;
  const expiresAt = Date.parse(c.expiration);
  if (!Number.isFinite(expiresAt) || !str(a.id) || !str(a.urn)) return undefined;
  return {
    ak: c.access_key_id,
    sk: c.secret_access_key,
    securityToken: c.security_token,
    expiresAt,
    assumedId: a.id,
    assumedUrn: a.urn,
  };
}

export async function assumeAgency(
  opts: StsClientOptions,
  input: AssumeAgencyInput,
  signal?: AbortSignal,
): Promise<TemporaryCredentials> {
  const url = new URL('/v5/agencies/assume', opts.endpoint);
  const body = JSON.stringify({
    agency_urn: input.agencyUrn,
    agency_session_name: input.sessionName,
    duration_seconds: input.durationSeconds,
    source_identity: input.sourceIdentity,
    ...(input.policy !== undefined ? { policy: input.policy } : {}),
    ...(input.tags.length ? { tags: input.tags } : {}),
  });
  const headers = signRequest(
    { method: 'POST', url, headers: { 'Content-Type': 'application/json;charset=UTF-8' }, body },
    opts.credential,
    { now: new Date(opts.now()) },
  );
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = await res.text();
  } catch (err) {
    if (timeout.aborted)
      throw stsError(
        `no answer from ${url.origin} within ${opts.timeoutMs} ms`,
        `check that STS is reachable (HUAWEICLOUD_SDK_STS_ENDPOINT); ${CHECK}`,
      );
    if (signal?.aborted) throw stsError('cancelled by the caller', 'retry the call');
    throw stsError(
      `could not reach ${url.origin} (${err instanceof Error ? err.message : String(err)})`,
      'check HUAWEICLOUD_SDK_STS_ENDPOINT and the network path to STS',
    );
  }
  if (res.status === 401 || res.status === 403)
    throw stsError(`STS refused the server's request (HTTP ${res.status})`, CHECK, res.status);
  if (res.status !== 200 && res.status !== 201)
    throw stsError(
      `STS answered HTTP ${res.status}`,
      `STS may be unavailable; retry later, and ${CHECK}`,
      res.status,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const creds = readAnswer(parsed);
  if (!creds)
    throw stsError(
      'the answer is not readable temporary credentials',
      `check that HUAWEICLOUD_SDK_STS_ENDPOINT is Huawei STS; ${CHECK}`,
    );
  if (creds.expiresAt <= opts.now())
    throw stsError(
      'STS returned credentials that have already expired',
      'check the server clock against STS',
    );
  return creds;
}
