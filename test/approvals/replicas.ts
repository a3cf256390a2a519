// Two replicas of the built server sharing one Redis, one EVS sandbox process and one OpenID Connect
// provider, as a load-balanced deployment would; the sandbox request log tells what was sent.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BIN } from '../e2e/spawn.js';
import { freePort, type SandboxCreds } from '../remote/spawn-http.js';

export async function startSandboxProcess(): Promise<{ proc: ChildProcess; creds: SandboxCreds }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [BIN, 'sandbox', '--json', '--port', String(port)], {
    env: { PATH: process.env.PATH ?? '', EVS_MCP_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (c) => reject(new Error(`sandbox exited ${c}`)));
  });
  return { proc, creds: JSON.parse(line) as SandboxCreds };
}

export function sandboxAdmin(creds: SandboxCreds) {
  const admin = (path: string, init?: RequestInit) => fetch(`${creds.endpoint}/__sandbox/${path}`, init);
  return {
    clear: async () => void (await admin('requests', { method: 'DELETE' })),
    /** Non-GET requests the sandbox received since the last clear. */
    mutations: async () =>
      ((await (await admin('requests')).json()) as { requests: { method: string; path: string }[] }).requests
        .filter((r) => r.method !== 'GET' && r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.path}`),
  };
}

/** An MCP client with a bearer token, against one replica. */
export async function agent(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'approvals-agent', version: '1.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}
