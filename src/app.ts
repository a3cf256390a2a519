// Wires configuration to a running MCP server: auth provider, project id, HTTP client, guard, tools.
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import { configSecrets } from './config/load.js';
import { OPERATIONS } from './evs/operations/index.js';
import { AkSkAuth } from './evs-client/credentials/aksk.js';
import { IamPasswordAuth } from './evs-client/credentials/iam-password.js';
import { StaticTokenAuth } from './evs-client/credentials/token.js';
import { EvsHttpClient } from './evs-client/client.js';
import { discoverProjectId } from './evs-client/project-discovery.js';
import type { ApiClient, AuthProvider } from './evs-client/types.js';
import { targetClients } from './targets/clients.js';
import { createGuard } from './mcp/guardrails/index.js';
import { createServerFactory, type EvsServerFactory } from './mcp/server.js';
import { fileSecretSink } from './mcp/engine/seal-secrets.js';
import type { SecretSet } from './secrets.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { telemetryWanted } from './telemetry/wanted.js';
import { PACKAGE } from './package-info.js';
import type { TelemetryHandle } from './telemetry/start.js';
import type { CallerScope } from './evs-client/credentials/caller-context.js';
import { agencyIdentity } from './identity/agency-setup.js';
import { sharedState, type SharedState } from './approvals/wire.js';

export interface App {
  server: McpServer;
  /** A fresh server over the same tools, guard and client (HTTP: one per request, stateless). */
  newServer: EvsServerFactory;
  client: ApiClient;
  projectId: string;
  principal: string;
  /** Metrics and traces, when configured (src/telemetry). */
  telemetry?: TelemetryHandle;
  /** EVS_MCP_IDENTITY=agency: runs each HTTP request as its caller. */
  callerScope?: CallerScope;
  /** Redis shared by replicas and the approval gate, when configured. */
  shared: SharedState;
  close(): Promise<void>;
}

export function authProvider(config: Config, logger: Logger): AuthProvider {
  const a = config.auth;
  switch (a.mode) {
    case 'aksk':
      return new AkSkAuth({
        ak: a.ak,
        sk: a.sk,
        ...(a.securityToken ? { securityToken: a.securityToken } : {}),
      });
    case 'token':
      return new StaticTokenAuth({ token: a.token });
    case 'password':
      return new IamPasswordAuth({
        iamEndpoint: config.iamEndpoint,
        user: a.user,
        password: a.password,
        domain: a.domain,
        ...(config.projectId ? { projectId: config.projectId } : { projectName: config.region }),
        httpTimeoutMs: config.requestTimeoutMs,
        logger,
      });
    case 'sandbox':
      throw new Error('sandbox credentials must be resolved before the app starts');
  }
}

export async function createApp(config: Config, logger: Logger, secrets: SecretSet): Promise<App> {
  secrets.add(...configSecrets(config));
  // Telemetry: loaded (metrics, traces) only when configured, so a plain start pays nothing for it.
  const telemetry = telemetryWanted(config.telemetry)
    ? await (
        await import('./telemetry/start.js')
      ).startTelemetry({
        config: config.telemetry!,
        operations: OPERATIONS,
        logger,
        version: PACKAGE.version,
      })
    : undefined;
  const agency = config.agency ? agencyIdentity(config, OPERATIONS, secrets) : undefined;
  const auth = agency?.auth ?? authProvider(config, logger);
  secrets.addSource(() => auth.secrets());
  // EVS_MCP_TARGETS: one client per target, picked by the call's target.
  const routed = config.targets ? await targetClients(config, auth, OPERATIONS, secrets, logger) : undefined;
  const projectId =
    routed?.projectId ??
    config.projectId ??
    (await discoverProjectId({ iamEndpoint: config.iamEndpoint, region: config.region, auth, logger }));
  const client: ApiClient =
    routed ??
    new EvsHttpClient({
      endpoint: config.evsEndpoint,
      projectId,
      auth,
      logger,
      requestTimeoutMs: config.requestTimeoutMs,
    });
  // The guard asks the connected client (elicitation); the server exists only after the guard.
  const late: { mcp?: McpServer } = {};
  const shared = await sharedState(config, logger, {
    client,
    operations: OPERATIONS,
    clientCapabilities: () => late.mcp?.server.getClientCapabilities(),
  });
  const guard = createGuard({
    ...(shared.approval ? { approval: shared.approval } : {}),
    ...(shared.tokenOnce ? { tokenOnce: shared.tokenOnce } : {}),
    config,
    client,
    logger,
    secrets: () => secrets.values(),
    clientCapabilities: () => late.mcp?.server.getClientCapabilities(),
  });
  const { create } = createServerFactory({
    client,
    logger,
    operations: OPERATIONS,
    selection: {
      toolsets: config.toolsets,
      readOnly: config.readOnly,
      ...(config.allowTools ? { allowTools: config.allowTools } : {}),
      ...(config.denyTools ? { denyTools: config.denyTools } : {}),
    },
    guard,
    waitBudgetMs: config.waitBudgetMs,
    pollMs: { initial: config.pollIntervalMs, max: Math.max(5000, config.pollIntervalMs) },
    secrets: () => secrets.values(),
    sealed: { sink: fileSecretSink(config.secretsDir, logger), remember: (s) => secrets.add(s) },
    ...(routed ? { targets: routed.names } : {}),
  });
  const server = create();
  late.mcp = server;
  return {
    server,
    newServer: create,
    client,
    projectId,
    principal: auth.principal,
    ...(telemetry ? { telemetry } : {}),
    ...(agency ? { callerScope: agency.scope } : {}),
    shared,
    async close() {
      await shared.close();
      await server.close();
      await client.close();
      await (auth as { close?: () => Promise<void> }).close?.();
      await telemetry?.shutdown();
    },
  };
}
