// A real MCP client talking to the real server (linked in-memory transports), the server's real
// HTTP client signing requests to the embedded sandbox on loopback.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type FlagValues } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../src/sandbox/index.js';
import { configForSandbox } from '../../src/sandbox-config.js';
import { SecretSet } from '../../src/secrets.js';

export interface HarnessOptions {
  /** Environment variables as a user would set them (EVS_MCP_*). */
  env?: Record<string, string>;
  flags?: FlagValues;
  sandbox?: SandboxOptions;
  /** Reuse a running sandbox instead of starting one. */
  sharedSandbox?: SandboxHandle;
  /** Which sandbox project the server acts as. */
  projectIndex?: number;
  capabilities?: ClientCapabilities;
  /** Tweaks applied to the loaded configuration. */
  configure?: (c: Config) => Config;
}

export interface Harness {
  client: Client;
  app: App;
  sandbox: SandboxHandle;
  config: Config;
  /** Everything the server logged (JSON lines). */
  logs: string[];
  close(): Promise<void>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const sandbox =
    opts.sharedSandbox ?? (await startSandbox({ seedDemoData: true, delays: fastDelays(), ...opts.sandbox }));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const secrets = new SecretSet();
  for (const p of sandbox.projects) secrets.add(p.sk, p.password);
  // Sealed secrets go to a temporary folder, never the home directory of whoever runs the tests.
  const secretsDir = join(mkdtempSync(join(tmpdir(), 'evs-mcp-secrets-')), 'sealed');
  const loaded = loadConfig(
    { EVS_MCP_POLL_INTERVAL_MS: '50', EVS_MCP_SECRETS_DIR: secretsDir, ...opts.env },
    opts.flags ?? {},
    { sandbox: true },
  );
  const base = configForSandbox(loaded, sandbox, opts.projectIndex ?? 0);
  const config = opts.configure ? opts.configure(base) : base;
  const logger = createLogger({
    level: config.logLevel === 'info' ? 'debug' : config.logLevel,
    secrets: () => secrets.values(),
    destination: sink,
  });
  const app = await createApp(config, logger, secrets);
  const client = new Client(
    { name: 'evs-mcp-test', version: '0.0.0' },
    { capabilities: opts.capabilities ?? {} },
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([app.server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    app,
    sandbox,
    config,
    logs,
    async close() {
      await client.close();
      await app.close();
      if (!opts.sharedSandbox) await sandbox.close();
    },
  };
}

/** Transition delays short enough for tests, long enough that transitional states are observable. */
export function fastDelays() {
  return { create: 60, extend: 60, delete: 60, rollback: 60, upload: 60, snapshot: 60, job: 60 };
}

/** The text of a tool result's first content item. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((c) => c.text ?? '').join('\n');
}
