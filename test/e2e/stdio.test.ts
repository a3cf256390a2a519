// The built `evs-mcp`, spawned by the SDK's stdio client, against the sandbox on loopback.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';

const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

describe('evs-mcp over stdio', () => {
  let sandbox: SandboxHandle;
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = '';
  let stdoutCopy: string;
  const transportErrors: Error[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ seedDemoData: true });
    const p = sandbox.projects[0]!;
    stdoutCopy = join(mkdtempSync(join(tmpdir(), 'evs-mcp-stdio-')), 'stdout.jsonl');
    // `tee` keeps a byte-exact copy of everything the server writes to stdout.
    transport = new StdioClientTransport({
      command: 'sh',
      args: ['-c', `node "${BIN}" | tee "${stdoutCopy}"`],
      env: {
        PATH: process.env.PATH ?? '',
        HUAWEICLOUD_SDK_AK: p.ak,
        HUAWEICLOUD_SDK_SK: p.sk,
        HUAWEICLOUD_SDK_PROJECT_ID: p.id,
        HUAWEICLOUD_SDK_REGION: sandbox.region,
        HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.url,
        HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.url,
        EVS_MCP_LOG_LEVEL: 'debug',
      },
      stderr: 'pipe',
    });
    const errStream = transport.stderr as PassThrough | null;
    errStream?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    transport.onerror = (e) => transportErrors.push(e);
    client = new Client({ name: 'stdio-test', version: '0' });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
  });

  it('identifies itself with the package name, version and instructions', () => {
    const info = client.getServerVersion();
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(info).toMatchObject({ name: pkg.name, version: pkg.version });
    expect(client.getInstructions()).toMatch(/EVS/);
  });

  it('lists availability zones through the whole signed path', async () => {
    const res = await client.callTool({ name: 'list_availability_zones', arguments: {} });
    expect(res.isError).toBeFalsy();
    expect(JSON.stringify(res.structuredContent)).toMatch(/zone/i);
    const logged = sandbox.requestLog.entries().filter((e) => e.path.endsWith('/os-availability-zone'));
    expect(logged.at(-1)).toMatchObject({ method: 'GET', status: 200 });
  });

  it('writes nothing but JSON-RPC messages to stdout, and logs to stderr', async () => {
    await client.callTool({ name: 'get_quota_headroom', arguments: {} });
    const lines = readFileSync(stdoutCopy, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(3); // initialize + two tool results
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(transportErrors).toEqual([]);
    expect(stderr).toMatch(/"msg":"serving MCP over stdio"/);
  });

  it('keeps every credential out of stdout and stderr', () => {
    const p = sandbox.projects[0]!;
    const out = readFileSync(stdoutCopy, 'utf8');
    for (const secret of [p.sk, p.password]) {
      expect(out).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
  });
});
