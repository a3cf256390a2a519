// `evs-mcp --transport http`: the stateless HTTP server for an app, stopped gracefully on SIGTERM.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from 'pino';
import type { App } from '../../app.js';
import type { HttpConfig } from '../../config/schema.js';
import { OPERATIONS } from '../../evs/operations/index.js';
import { createReadiness } from './readiness.js';
import { startHttpServer } from './server.js';
import { runAsServer } from '../../evs-client/credentials/caller-context.js';
import type { Readiness } from './readiness.js';

/** The probe signs as the server itself (with EVS_MCP_IDENTITY=agency every other request signs as its caller). */
const asServer = (r: Readiness): Readiness => ({ check: () => runAsServer(() => r.check()) });
import { withStore } from './shared-limits.js';
import { approvalPageFor } from './approval-page/index.js';

export async function serveHttp(opts: {
  app: App;
  config: HttpConfig;
  logger: Logger;
  secrets: () => readonly string[];
  decorate?: (server: McpServer) => void;
  onClose: () => Promise<void>;
}): Promise<void> {
  const { app, config, logger } = opts;
  const approvalPage = await approvalPageFor(app, config, logger);
  const handle = await startHttpServer({
    config,
    newServer: app.newServer,
    operations: OPERATIONS,
    readiness: asServer(
      withStore(
        createReadiness({ client: app.client, operations: OPERATIONS, secrets: opts.secrets }),
        app.shared.store,
      ),
    ),
    logger,
    shared: app.shared,
    ...(approvalPage ? { approvalPage } : {}),
    ...(opts.decorate ? { decorate: opts.decorate } : {}),
    // Telemetry: /metrics here unless the metrics have a port of their own.
    ...(app.telemetry?.metrics && !app.telemetry.metricsUrl ? { metrics: app.telemetry.metrics } : {}),
    ...(app.callerScope ? { callerScope: app.callerScope } : {}),
  });
  if (config.auth)
    logger.info({ url: handle.url, issuer: config.auth.issuer }, 'serving MCP over HTTP (OAuth)');
  else
    logger.warn(
      { url: handle.url },
      'serving MCP over HTTP WITHOUT authentication: bound to loopback only (set EVS_MCP_AUTH_ISSUER to serve others)',
    );
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why, graceMs: config.shutdownGraceMs }, 'draining: no new connections, finishing calls');
    await handle.drain();
    await opts.onClose().catch((err: unknown) => logger.error({ err }, 'error while closing'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
