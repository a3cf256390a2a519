// The HTTP transport in-process over the real app and the embedded sandbox, and a real MCP client
// speaking Streamable HTTP to it (with a bearer token when given one).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { configForSandbox } from '../../src/sandbox-config.js';
import { SecretSet } from '../../src/secrets.js';
import { createReadiness } from '../../src/transports/http/readiness.js';
import { startHttpServer, type HttpServerHandle } from '../../src/transports/http/server.js';
import { fastDelays } from '../helpers/harness.js';

export const CONFIRM_SECRET = 'test-confirm-secret-0123456789';
/** What clients are told to call; the servers listen on random ports behind it (Host names match). */
export const PUBLIC_URL = 'http://127.0.0.1/mcp';

export interface Remote {
  url: string;
  sandbox: SandboxHandle;
  app: App;
  config: Config;
  http: HttpServerHandle;
  logs: string[];
  auditLines(): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startRemote(
  opts: { env?: Record<string, string>; sandbox?: SandboxHandle; logLevel?: 'info' | 'trace' } = {},
): Promise<Remote> {
  const sandbox = opts.sandbox ?? (await startSandbox({ seedDemoData: true, delays: fastDelays() }));
  const dir = mkdtempSync(join(tmpdir(), 'evs-mcp-remote-'));
  const audit = join(dir, 'audit.jsonl');
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const secrets = new SecretSet();
  for (const p of sandbox.projects) secrets.add(p.sk, p.password);
  const loaded = loadConfig(
    {
      EVS_MCP_TRANSPORT: 'http',
      EVS_MCP_HTTP_PORT: '0',
      EVS_MCP_CONFIRM_SECRET: CONFIRM_SECRET,
      EVS_MCP_AUDIT_LOG: audit,
      EVS_MCP_SECRETS_DIR: join(dir, 'sealed'),
      EVS_MCP_POLL_INTERVAL_MS: '50',
      ...opts.env,
    },
    {},
    { sandbox: true },
  );
  const config = configForSandbox(loaded, sandbox);
  const logger = createLogger({
    level: opts.logLevel ?? 'info',
    secrets: () => secrets.values(),
    destination: sink,
  });
  const app = await createApp(config, logger, secrets);
  const http = await startHttpServer({
    config: config.http!,
    newServer: app.newServer,
    operations: OPERATIONS,
    readiness: createReadiness({
      client: app.client,
      operations: OPERATIONS,
      secrets: () => secrets.values(),
    }),
    logger,
    ...(app.callerScope ? { callerScope: app.callerScope } : {}),
    shared: app.shared,
  });
  return {
    url: http.url,
    sandbox,
    app,
    config,
    http,
    logs,
    auditLines: () =>
      existsSync(audit)
        ? readFileSync(audit, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    async close() {
      await http.drain();
      await app.close();
      if (!opts.sandbox) await sandbox.close();
    },
  };
}

export async function connectClient(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'remote-test', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/** One raw JSON-RPC POST, as a client library would send it. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export const listTools = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
