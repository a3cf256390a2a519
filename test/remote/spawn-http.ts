// Starts the built `evs-mcp --transport http` as its own process against a sandbox endpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../e2e/spawn.js';

export interface Replica {
  proc: ChildProcess;
  port: number;
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
}

export interface SandboxCreds {
  endpoint: string;
  region: string;
  projects: { id: string; ak: string; sk: string }[];
}

export function replicaEnv(s: SandboxCreds, extra: Record<string, string> = {}): Record<string, string> {
  const p = s.projects[0]!;
  return {
    HUAWEICLOUD_SDK_AK: p.ak,
    HUAWEICLOUD_SDK_SK: p.sk,
    HUAWEICLOUD_SDK_REGION: s.region,
    HUAWEICLOUD_SDK_PROJECT_ID: p.id,
    HUAWEICLOUD_SDK_EVS_ENDPOINT: s.endpoint,
    HUAWEICLOUD_SDK_IAM_ENDPOINT: s.endpoint,
    EVS_MCP_TRANSPORT: 'http',
    EVS_MCP_CONFIRM_SECRET: 'replica-shared-secret-0123456789',
    EVS_MCP_POLL_INTERVAL_MS: '50',
    ...extra,
  };
}

/** Spawns a replica on `port` and waits until /healthz answers (or the process exits). */
export async function startReplica(
  port: number,
  env: Record<string, string>,
  args: string[] = [],
): Promise<Replica> {
  const home = mkdtempSync(join(tmpdir(), 'evs-mcp-replica-'));
  const proc = spawn(process.execPath, [BIN, '--port', String(port), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, EVS_MCP_SECRETS_DIR: join(home, 'sealed'), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/mcp`;
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) break;
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { proc, port, url, stderr: () => stderr, exited };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`replica on ${port} did not start: ${stderr}`);
}

/** A free loopback port (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
