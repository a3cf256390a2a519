// Stateless Streamable HTTP: every POST to /mcp gets a fresh MCP server and transport over the
// process-wide tools, guard and EVS client, so any replica can serve any request.
// Order of checks: Host/Origin (403), bearer token (401), rate (429), body (413), scope (403).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Logger } from 'pino';
import type { HttpConfig } from '../../config/schema.js';
import type { OperationSpec } from '../../evs/operation.js';
import { AuthUnavailable, createTokenVerifier, TokenRejected } from '../../oauth/token-verifier.js';
import type { CallerScope } from '../../evs-client/credentials/caller-context.js';
import type { EvsServerFactory } from '../../mcp/server.js';
import { scanJson, tooDeepMessage } from '../json-depth.js';
import { BodyTooLarge, readBody } from './body.js';
import { narrowingOf } from './narrowing.js';
import { targetsHeader } from '../../targets/header.js';
import { runWithAllowedTargets } from '../../targets/context.js';
import { protectedResource } from './protected-resource.js';
import { createRateLimiter } from './rate-limit.js';
import type { Readiness } from './readiness.js';
import { missingScope } from './scopes.js';
import { createRequestGate } from './security.js';
import { telemetry } from '../../telemetry/telemetry.js';
import type { MetricsScrape } from '../../telemetry/scrape.js';
import type { SharedState } from '../../approvals/wire.js';
import { sharedRateLimiter } from './shared-limits.js';

export interface HttpServerDeps {
  config: HttpConfig;
  newServer: EvsServerFactory;
  operations: readonly OperationSpec[];
  readiness: Readiness;
  logger: Logger;
  /** Registers more on every per-request server (the conformance fixtures, behind their own flag). */
  decorate?: (server: McpServer) => void;
  /** Runs each request as its caller (EVS_MCP_IDENTITY=agency); absent: as the server. */
  callerScope?: CallerScope;
  now?: () => number;
  /** Telemetry: Prometheus metrics served at GET /metrics (absent: off, or on their own port). */
  metrics?: MetricsScrape;
  /** Redis shared by replicas (service-wide rate limit) and the approval page, when configured. */
  shared?: SharedState;
  /** Serves /approvals/* (src/transports/http/approval-page); true when it answered. */
  approvalPage?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** Telemetry: the route label of a request, from a fixed list (never the raw path). */
const ROUTES = new Set(['/mcp', '/healthz', '/readyz', '/metrics']);
const routeOf = (path: string): string =>
  ROUTES.has(path) ? path : path.startsWith('/.well-known/') ? '/.well-known' : 'other';

export interface HttpServerHandle {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight calls finish within the grace period, then closes everything. */
  drain(): Promise<void>;
}

const LOCAL_SUBJECT = 'local';

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A JSON-RPC error in an HTTP error response (what MCP clients read from a non-2xx body). */
const rpcError = (code: number, message: string) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

function bearerOf(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

export async function startHttpServer(deps: HttpServerDeps): Promise<HttpServerHandle> {
  const { config, logger } = deps;
  const gate = createRequestGate({
    bindHost: config.host,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    allowedHosts: config.allowedHosts,
    allowedOrigins: config.allowedOrigins,
  });
  const auth = config.auth;
  const resource = auth && config.publicUrl ? protectedResource(config.publicUrl, auth.issuer) : undefined;
  const verifier =
    auth && config.publicUrl
      ? createTokenVerifier({
          issuer: auth.issuer,
          audience: config.publicUrl,
          ...(auth.jwksUrl ? { jwksUrl: auth.jwksUrl } : {}),
        })
      : undefined;
  const limiter = sharedRateLimiter(
    createRateLimiter(config.rateLimit, deps.now),
    deps.shared?.store,
    config.rateLimit,
    logger,
  );
  const mutating = new Set(deps.operations.filter((o) => !o.hints.readOnly).map((o) => o.tool));
  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;

  async function authenticate(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<AuthInfo | null | undefined> {
    if (!verifier || !resource) return undefined;
    const token = bearerOf(req);
    if (!token) {
      sendJson(res, 401, rpcError(-32001, 'Unauthorized: a bearer token is required'), {
        'www-authenticate': resource.challenge(),
      });
      return null;
    }
    try {
      return await verifier.verify(token);
    } catch (err) {
      if (err instanceof TokenRejected) {
        sendJson(res, 401, rpcError(-32001, `Unauthorized: ${err.message}`), {
          'www-authenticate': resource.challenge({ error: 'invalid_token', description: err.message }),
        });
      } else {
        const why = err instanceof AuthUnavailable ? err.message : 'verification failed';
        logger.error({ why }, "the issuer's keys are unavailable");
        sendJson(res, 503, rpcError(-32603, "The authorization server's keys are unavailable; try again"), {
          'retry-after': '5',
        });
      }
      return null;
    }
  }

  async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!gate.hostAllowed(req.headers.host))
      return sendJson(res, 403, rpcError(-32000, 'Forbidden: Host not allowed'));
    if (!gate.originAllowed(req.headers.origin))
      return sendJson(res, 403, rpcError(-32000, 'Forbidden: Origin not allowed'));
    const authInfo = await authenticate(req, res);
    if (authInfo === null) return;
    const subject = (authInfo?.extra?.sub as string | undefined) ?? LOCAL_SUBJECT;
    const rate = await limiter.take(subject);
    if (!rate.allowed) {
      telemetry().rateLimited();
      return sendJson(res, 429, rpcError(-32000, 'Too many requests for this subject; slow down'), {
        'retry-after': String(rate.retryAfterSeconds),
      });
    }
    // Stateless: no standalone notification stream and no session to delete.
    if (req.method !== 'POST')
      return sendJson(res, 405, rpcError(-32000, 'Method not allowed: this server is stateless, use POST'), {
        allow: 'POST',
      });
    let text: string;
    try {
      text = await readBody(req, config.bodyLimitBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, {
          ...rpcError(-32000, `Request body larger than ${config.bodyLimitBytes} bytes`),
          id: scanJson(err.head).id,
        });
      }
      throw err;
    }
    // Before parsing: a deep value would overflow the stack in what handles it after JSON.parse.
    const scan = scanJson(text);
    if (scan.tooDeep) {
      logger.warn({ cause: 'nested too deep', id: scan.id }, 'refused a request nested too deep');
      return sendJson(res, 400, { ...rpcError(-32600, tooDeepMessage()), id: scan.id });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, rpcError(-32700, 'Parse error: the body is not JSON'));
    }
    if (authInfo && resource) {
      const scope = missingScope(body, authInfo.scopes, (name) => mutating.has(name));
      if (scope)
        return sendJson(res, 403, rpcError(-32001, `Forbidden: this call needs the ${scope} scope`), {
          'www-authenticate': resource.challenge({
            error: 'insufficient_scope',
            description: `needs ${scope}`,
            scope,
          }),
        });
    }
    const narrowing = narrowingOf(req.headers);
    if ('error' in narrowing) return sendJson(res, 400, rpcError(-32602, narrowing.error));
    const targets = targetsHeader(req.headers);
    if ('error' in targets) return sendJson(res, 400, rpcError(-32602, targets.error));
    const server = deps.newServer(narrowing.keep);
    deps.decorate?.(server);
    // SSE only when the caller asked for progress (it travels on the call's stream); otherwise one JSON
    // answer, so a replica lost mid-call shows up at once as a 502 from the load balancer, not a hang.
    const messages = (Array.isArray(body) ? body : [body]).map(
      (m) =>
        (m ?? {}) as { method?: unknown; params?: { name?: unknown; _meta?: { progressToken?: unknown } } },
    );
    const stream = messages.some((m) => m.params?._meta?.progressToken !== undefined);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: !stream,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    const calls = messages.filter((m) => m.method === 'tools/call').map((m) => String(m.params?.name));
    if (calls.length) logger.info({ sub: subject, tools: calls }, 'tool call');
    await server.connect(transport);
    if (authInfo) (req as IncomingMessage & { auth?: AuthInfo }).auth = authInfo;
    const run = () => transport.handleRequest(req, res, body);
    const handle = targets.names ? () => runWithAllowedTargets(targets.names!, run) : run;
    await (deps.callerScope ? deps.callerScope(authInfo, handle) : handle());
  }

  const http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (draining) res.setHeader('connection', 'close');
    // Telemetry: HTTP requests by route and status class.
    const t = telemetry();
    if (t.enabled) res.on('finish', () => t.httpResponse(routeOf(path), res.statusCode));
    if (path === '/metrics' && req.method === 'GET' && deps.metrics) {
      const scrape = deps.metrics;
      return void scrape.text().then(
        (text) => {
          res.writeHead(200, { 'content-type': scrape.contentType });
          res.end(text);
        },
        () => sendJson(res, 500, { error: 'metrics unavailable' }),
      );
    }
    if (path === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz' && req.method === 'GET') {
      if (draining) return sendJson(res, 503, { status: 'draining' });
      return void deps.readiness
        .check()
        .then((r) =>
          sendJson(
            res,
            r.ready ? 200 : 503,
            r.ready ? { status: 'ready' } : { status: 'unready', reason: r.reason },
          ),
        );
    }
    if (resource?.paths.includes(path) && req.method === 'GET')
      return sendJson(res, 200, resource.document, { 'cache-control': 'max-age=300' });
    if (deps.approvalPage?.(req, res)) return;
    if (path !== '/mcp') return sendJson(res, 404, { error: 'not found' });
    inFlight += 1;
    res.on('close', () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
    handleMcp(req, res).catch((err: unknown) => {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'error handling /mcp');
      sendJson(res, 500, rpcError(-32603, 'Internal error'));
    });
  });
  // Slow or stalled uploads are cut off; idle keep-alive outlives a load balancer's (so it closes first).
  http.headersTimeout = 10_000;
  http.requestTimeout = 30_000;
  http.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}/mcp`;

  return {
    url,
    port,
    async drain() {
      if (draining) return;
      draining = true;
      http.close();
      http.closeIdleConnections();
      const done = new Promise<void>((resolve) => {
        idle = resolve;
        if (inFlight === 0) resolve();
      });
      const grace = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMs).unref());
      await Promise.race([done, grace]);
      if (inFlight > 0) logger.warn({ inFlight }, 'grace period over; closing the remaining calls');
      http.closeAllConnections();
    },
  };
}
