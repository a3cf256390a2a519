// Builds the agency identity from the configuration: the auth provider that signs as each caller's
// assumed session, and the scope the HTTP transport runs each request in.
import type { Config } from '../config/schema.js';
import type { OperationSpec } from '../evs/operation.js';
import type { SecretSet } from '../secrets.js';
import { AgencyAuth } from '../evs-client/credentials/agency.js';
import { callerContextOf, readOnlySessionPolicy } from './agency-session.js';
import { runAsCaller, type CallerScope } from '../evs-client/credentials/caller-context.js';

export function agencyIdentity(
  config: Config,
  operations: readonly OperationSpec[],
  secrets: SecretSet,
  now?: () => number,
): { auth: AgencyAuth; scope: CallerScope } {
  const agency = config.agency!;
  const a = config.auth;
  // STS is called with AK/SK signing: the server's own identity must be a key (permanent or temporary).
  if (a.mode !== 'aksk')
    throw new Error(
      'EVS_MCP_IDENTITY=agency: the server needs HUAWEICLOUD_SDK_AK/SK to call STS AssumeAgency',
    );
  if (!config.projectId)
    throw new Error(
      'EVS_MCP_IDENTITY=agency: set HUAWEICLOUD_SDK_PROJECT_ID (the project is not discovered as the server)',
    );
  const auth = new AgencyAuth({
    credential: { ak: a.ak, sk: a.sk, ...(a.securityToken ? { securityToken: a.securityToken } : {}) },
    stsEndpoint: agency.stsEndpoint,
    durationSeconds: agency.durationSeconds,
    readOnlyPolicy: readOnlySessionPolicy(operations),
    ...(config.projectId ? { projectId: config.projectId } : {}),
    timeoutMs: config.requestTimeoutMs,
    ...(now ? { now } : {}),
    onSecret: (...values) => secrets.add(...values),
  });
  const choice = {
    claim: agency.claim,
    ...(agency.urn ? { urn: agency.urn } : {}),
    ...(agency.map ? { map: agency.map } : {}),
  };
  const scope: CallerScope = (info, run) => (info ? runAsCaller(callerContextOf(info, choice), run) : run());
  return { auth, scope };
}
