// STS v5 AssumeAgency (POST /v5/agencies/assume), from Huawei's STS API reference and the Go SDK's
// sts/v1 models (AssumeAgencyReqBody, AssumeAgencyResponse, CredentialsDto, AssumedAgencyDto, TagDto).
// The caller signs with its own permanent key; the agency's trust policy must name it. Errors use the
// {error_code, error_msg} body of the IAM/STS v5 APIs.
import { agencies, issueSession } from '../agencies.js';
import type { Ctx, Reply, Route } from '../router.js';
import { PolicyRejected, intersect, parseSessionPolicy } from '../session-policy.js';

const NAME = /^[\w+=,.@-]+$/;
const BODY_KEYS = new Set([
  'agency_urn',
  'agency_session_name',
  'duration_seconds',
  'policy',
  'policy_ids',
  'source_identity',
  'tags',
  'transitive_tag_keys',
  'external_id',
  'serial_number',
  'token_code',
]);

const fail = (status: number, code: string, msg: string): Reply => ({
  status,
  body: { error_code: code, error_msg: msg },
});
const bad = (msg: string) => fail(400, 'STS.0001', msg);

function validName(v: unknown, min: number, max: number): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max && NAME.test(v);
}

function assume(ctx: Ctx): Reply {
  const caller = ctx.caller!;
  const b = ctx.body as Record<string, unknown> | undefined;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return bad('the body must be a JSON object');
  const unknown = Object.keys(b).filter((k) => !BODY_KEYS.has(k));
  if (unknown.length) return bad(`unknown field ${unknown.join(', ')}`);
  for (const k of ['policy_ids', 'transitive_tag_keys', 'external_id', 'serial_number', 'token_code'])
    if (b[k] !== undefined) return bad(`${k} is not supported by the sandbox`);
  if (typeof b.agency_urn !== 'string') return bad('agency_urn is required');
  if (!validName(b.agency_session_name, 2, 128))
    return bad('agency_session_name: 2-128 of letters, digits and _+=,.@-');
  if (b.source_identity !== undefined && !validName(b.source_identity, 2, 64))
    return bad('source_identity: 2-64 of letters, digits and _+=,.@-');
  const duration = b.duration_seconds ?? 3600;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 43_200)
    return bad('duration_seconds must be an integer of 900-43200');
  if (b.tags !== undefined) {
    if (!Array.isArray(b.tags) || b.tags.length > 20) return bad('tags: a list of at most 20');
    for (const t of b.tags as unknown[]) {
      const tag = t as Record<string, unknown>;
      if (
        typeof tag?.key !== 'string' ||
        !/^[\w.:=+@-]{1,128}$/.test(tag.key) ||
        typeof tag.value !== 'string' ||
        tag.value.length > 255
      )
        return bad('tags: each {key (1-128), value (0-255)}');
    }
  }
  let statements;
  if (b.policy !== undefined) {
    if (typeof b.policy !== 'string' || b.policy.length > 2048)
      return bad('policy: a JSON text of at most 2048 characters');
    try {
      statements = parseSessionPolicy(b.policy);
    } catch (err) {
      if (err instanceof PolicyRejected) return bad(`policy: ${err.message}`);
      throw err;
    }
  }
  const agency = agencies(ctx.store).find((a) => a.urn === b.agency_urn);
  if (!agency) return fail(404, 'STS.0004', 'the agency does not exist');
  // A session cannot assume further here (the sandbox refuses role chaining), and only trusted principals may.
  if (caller.session || !caller.principal || !agency.trusted.includes(caller.principal))
    return fail(403, 'STS.0003', 'the agency does not trust the caller');
  if (duration > agency.maxSessionSeconds) return bad('duration_seconds is over the agency maximum');
  const sessionName = b.agency_session_name;
  const session = issueSession(
    ctx.store,
    {
      projectId: agency.projectId,
      agencyId: agency.id,
      sessionName,
      ...(typeof b.source_identity === 'string' ? { sourceIdentity: b.source_identity } : {}),
      principal: `sts::${agency.domainId}:assumed-agency:${agency.name}/${sessionName}`,
      actions: intersect(agency.actions, statements),
      expiresAt: ctx.now + duration * 1000,
    },
    ctx.now,
  );
  return {
    status: 200,
    body: {
      ...(session.sourceIdentity ? { source_identity: session.sourceIdentity } : {}),
      assumed_agency: { urn: session.principal, id: `${agency.id}:${sessionName}` },
      credentials: {
        access_key_id: session.ak,
        secret_access_key: session.sk,
        security_token: session.securityToken,
        expiration: new Date(session.expiresAt).toISOString(),
      },
    },
  };
}

export const stsRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v5/agencies/assume',
    section: 'STS',
    actions: ['sts:agencies:assume'],
    family: 'custom',
    auth: 'identity',
    handler: assume,
  },
];
