// The built `evs-mcp`, spawned by the SDK's stdio client, against the sandbox on loopback.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { spawnServer, type Spawned } from './spawn.js';

/**
 * Waits for output that is on its way: `tee` hands a line to the client and to the copy file separately, and
 * stderr arrives on its own pipe, so either may lag the client's answer. Bounded; asserts nothing on time.
 */
async function until(what: string, ready: () => boolean): Promise<void> {
  for (let i = 0; !ready(); i++) {
    if (i > 1000) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('evs-mcp over stdio', () => {
  let sandbox: SandboxHandle;
  let server: Spawned;

  // Spawning node and the MCP handshake can take long on a loaded machine: a generous set-up budget.
  beforeAll(async () => {
    sandbox = await startSandbox({ seedDemoData: true });
    const p = sandbox.projects[0]!;
    server = await spawnServer({
      HUAWEICLOUD_SDK_AK: p.ak,
      HUAWEICLOUD_SDK_SK: p.sk,
      HUAWEICLOUD_SDK_PROJECT_ID: p.id,
      HUAWEICLOUD_SDK_REGION: sandbox.region,
      HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.url,
      HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.url,
      EVS_MCP_LOG_LEVEL: 'debug',
    });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await sandbox?.close();
  });

  it('identifies itself with the package name, version and instructions', () => {
    const info = server.client.getServerVersion();
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(info).toMatchObject({ name: pkg.name, version: pkg.version });
    expect(server.client.getInstructions()).toMatch(/EVS/);
  });

  it('lists availability zones through the whole signed path', async () => {
    const res = await server.client.callTool({ name: 'list_availability_zones', arguments: {} });
    expect(res.isError).toBeFalsy();
    expect(JSON.stringify(res.structuredContent)).toMatch(/zone/i);
    const logged = sandbox.requestLog.entries().filter((e) => e.path.endsWith('/os-availability-zone'));
    expect(logged.at(-1)).toMatchObject({ method: 'GET', status: 200 });
  });

  it('writes nothing but JSON-RPC messages to stdout, and logs to stderr', async () => {
    await server.client.callTool({ name: 'get_quota_headroom', arguments: {} });
    // initialize + two tool results, once tee has copied them (only complete lines count).
    await until(
      'three complete lines in the stdout copy',
      () => lines(server.stdout()).length >= 3 && server.stdout().endsWith('\n'),
    );
    await until('the startup log line on stderr', () =>
      server.stderr().includes('"msg":"serving MCP over stdio"'),
    );
    const out = lines(server.stdout());
    expect(out.length).toBeGreaterThanOrEqual(3);
    for (const line of out) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(server.transportErrors).toEqual([]);
    expect(server.stderr()).toMatch(/"msg":"serving MCP over stdio"/);
  });
});
