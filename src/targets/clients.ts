// Builds one EVS client per EVS_MCP_TARGETS entry (its endpoint, project and, as agency callers, its own
// agency sessions) behind a routing client that follows the current call's target.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { OperationSpec } from '../evs/operation.js';
import { agencyIdentity } from '../identity/agency-setup.js';
import { EvsHttpClient } from '../evs-client/client.js';
import { discoverProjectId } from '../evs-client/project-discovery.js';
import type { ApiClient, AuthProvider } from '../evs-client/types.js';
import type { SecretSet } from '../secrets.js';
import { TargetRoutingClient } from './routing-client.js';

export async function targetClients(
  config: Config,
  auth: AuthProvider,
  operations: readonly OperationSpec[],
  secrets: SecretSet,
  logger: Logger,
): Promise<TargetRoutingClient> {
  const targets = config.targets!;
  // One AK/SK acts in every project of its account; a project-scoped token or password login does not.
  if (config.auth.mode !== 'aksk')
    throw new Error(
      'EVS_MCP_TARGETS: needs AK/SK credentials (HUAWEICLOUD_SDK_AK/SK), which act in every project',
    );
  const clients = new Map<string, ApiClient>();
  for (const [i, t] of targets.entries()) {
    const known = t.projectId ?? (i === 0 ? config.projectId : undefined);
    if (!known && config.agency)
      throw new Error(
        `EVS_MCP_TARGETS: target "${t.name}" needs a project id (<region>/<project id>) with EVS_MCP_IDENTITY=agency`,
      );
    const projectId =
      known ?? (await discoverProjectId({ iamEndpoint: t.iamEndpoint, region: t.region, auth, logger }));
    // Agency sessions are per target: X-Project-Id names the target's project.
    const targetAuth = config.agency
      ? agencyIdentity({ ...config, projectId }, operations, secrets).auth
      : auth;
    if (targetAuth !== auth) secrets.addSource(() => targetAuth.secrets());
    clients.set(
      t.name,
      new EvsHttpClient({
        endpoint: t.evsEndpoint,
        projectId,
        auth: targetAuth,
        logger: logger.child({ target: t.name }),
        requestTimeoutMs: config.requestTimeoutMs,
      }),
    );
  }
  return new TargetRoutingClient(clients, targets[0]!.name);
}
