// Where an inbound caller (OAuth) meets an outbound identity (an assumed agency), above both sides.
// What goes into an AssumeAgency request for a caller: the session name and source identity made from
// the token subject, the OAuth client tag, the agency chosen by the mapping, and the read-only session policy.
import { createHash } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { WRITE_SCOPE } from '../oauth/scopes.js';
import type { OperationSpec } from '../evs/operation.js';
import type { CallerContext, CallerSession } from '../evs-client/credentials/caller-context.js';

/** STS: agency_session_name and source_identity allow letters, digits and `_+=,.@-` (SDK model AssumeAgencyReqBody). */
const UNSAFE = /[^A-Za-z0-9_+=,.@-]/g;
const HASH_TAIL = /-[0-9a-f]{12}$/;
const hash12 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

/**
 * `sub` as an STS name of at most `max` characters (min 2). Kept as is when it already fits; otherwise
 * reduced and suffixed with a hash of the whole `sub`. A kept name never ends like a hash suffix, so two
 * subjects map to the same name only if their hashes collide.
 */
export function stsName(sub: string, max: number): string {
  const clean = sub.replace(UNSAFE, '_');
  if (clean === sub && sub.length >= 2 && sub.length <= max && !HASH_TAIL.test(sub)) return sub;
  const tail = `-${hash12(sub)}`;
  return `${clean.slice(0, max - tail.length)}${tail}`;
}

/** Session names are 2-128 characters, source identities 2-64 (SDK model AssumeAgencyReqBody). */
export const sessionNameOf = (sub: string) => stsName(sub, 128);
export const sourceIdentityOf = (sub: string) => stsName(sub, 64);

/** The session policy of callers without evs:write: only the IAM actions the read-only tools declare. */
export function readOnlySessionPolicy(operations: readonly OperationSpec[]): string {
  const actions = [
    ...new Set(operations.filter((o) => o.hints.readOnly).flatMap((o) => o.iamActions)),
  ].sort();
  // IAM v5 policy syntax (Version 5.0): a session policy can only narrow what the agency grants.
  const policy = JSON.stringify({ Version: '5.0', Statement: [{ Effect: 'Allow', Action: actions }] });
  // STS refuses a policy over 2,048 characters (AssumeAgencyReqBody.policy); refuse here, at start.
  if (policy.length > 2048)
    throw new Error(
      `the read-only session policy is ${policy.length} characters, over the STS limit of 2048`,
    );
  return policy;
}

export interface AgencyChoice {
  /** The agency every caller assumes when no mapping is set. */
  urn?: string;
  /** Claim whose value (a string or a list) selects the agency, e.g. `groups`. */
  claim: string;
  /** Claim value to agency URN, in the configured order; the first match wins. */
  map?: readonly { value: string; urn: string }[];
}

/** Which agency the caller assumes, or why it is refused. */
export function chooseAgency(
  choice: AgencyChoice,
  claims: Record<string, unknown>,
): { urn: string } | { refused: string } {
  if (!choice.map) return choice.urn ? { urn: choice.urn } : { refused: 'no agency is configured' };
  const raw = claims[choice.claim];
  const values = Array.isArray(raw)
    ? raw.filter((v) => typeof v === 'string')
    : typeof raw === 'string'
      ? [raw]
      : [];
  const hit = choice.map.find((m) => values.includes(m.value));
  if (hit) return { urn: hit.urn };
  return {
    refused: `the caller's "${choice.claim}" claim names no agency of EVS_MCP_AGENCY_MAP, so it may not act in the cloud`,
  };
}

/** The caller context of one authenticated request. */
export function callerContextOf(auth: AuthInfo, choice: AgencyChoice): CallerContext {
  const extra = (auth.extra ?? {}) as Record<string, unknown>;
  const sub = typeof extra.sub === 'string' ? extra.sub : '';
  const claims = (extra.claims ?? {}) as Record<string, unknown>;
  let session: CallerSession;
  if (sub === '') session = { refused: 'the token names no subject' };
  else {
    const agency = chooseAgency(choice, claims);
    session =
      'refused' in agency
        ? agency
        : {
            agencyUrn: agency.urn,
            sessionName: sessionNameOf(sub),
            sourceIdentity: sourceIdentityOf(sub),
            readOnly: !auth.scopes.includes(WRITE_SCOPE),
          };
  }
  return { sub, clientId: auth.clientId, session };
}
