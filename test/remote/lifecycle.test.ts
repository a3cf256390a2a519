// The HTTP transport as a process: refusals at start, readiness, and a graceful SIGTERM.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { BIN } from '../e2e/spawn.js';
import { fastDelays, textOf } from '../helpers/harness.js';
import { connectClient } from './helpers.js';
import { freePort, replicaEnv, startReplica } from './spawn-http.js';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: true, delays: fastDelays() });
});
afterAll(async () => {
  await sandbox?.close();
});

const creds = () => ({ endpoint: sandbox.url, region: sandbox.region, projects: sandbox.projects });

function run(env: Record<string, string>, args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('starting the HTTP transport', () => {
  it('refuses to start without a shared confirmation secret', () => {
    const env = replicaEnv(creds());
    delete env.EVS_MCP_CONFIRM_SECRET;
    const r = run(env, ['--port', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/EVS_MCP_CONFIRM_SECRET \(or EVS_MCP_CONFIRM_SECRET_FILE\): required/);
  });

  it('refuses a non-loopback address without an issuer', () => {
    const r = run(replicaEnv(creds()), ['--host', '0.0.0.0', '--port', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /0\.0\.0\.0 is not a loopback address; serving it without authentication is refused/,
    );
  });

  it('needs a public URL with an issuer, and reads the secret from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evs-mcp-secret-'));
    const file = join(dir, 'confirm');
    writeFileSync(file, 'from-a-file-0123456789\n', { mode: 0o600 });
    expect(() =>
      loadConfig(
        {
          EVS_MCP_TRANSPORT: 'http',
          EVS_MCP_CONFIRM_SECRET_FILE: file,
          EVS_MCP_AUTH_ISSUER: 'https://id.example',
        },
        {},
        { sandbox: true },
      ),
    ).toThrow(/EVS_MCP_PUBLIC_URL/);
    const c = loadConfig(
      {
        EVS_MCP_TRANSPORT: 'http',
        EVS_MCP_CONFIRM_SECRET_FILE: file,
        EVS_MCP_AUTH_ISSUER: 'https://id.example',
        EVS_MCP_PUBLIC_URL: 'https://evs.example/mcp',
        EVS_MCP_HTTP_HOST: '0.0.0.0',
      },
      {},
      { sandbox: true },
    );
    expect(c.confirmSecret).toBe('from-a-file-0123456789');
    expect(c.http).toMatchObject({ host: '0.0.0.0', auth: { issuer: 'https://id.example' } });
    expect(() =>
      loadConfig(
        { EVS_MCP_TRANSPORT: 'http', EVS_MCP_CONFIRM_SECRET_FILE: join(dir, 'missing') },
        {},
        { sandbox: true },
      ),
    ).toThrow(/cannot read/);
  });
});

describe('a running replica', () => {
  it('is ready when the credentials work and not when they do not', async () => {
    const good = await startReplica(await freePort(), replicaEnv(creds()));
    const badEnv = replicaEnv(creds(), { HUAWEICLOUD_SDK_SK: 'wrong-secret-key-0000000000' });
    const bad = await startReplica(await freePort(), badEnv);
    try {
      expect((await fetch(`http://127.0.0.1:${good.port}/readyz`)).status).toBe(200);
      const res = await fetch(`http://127.0.0.1:${bad.port}/readyz`);
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(body).toMatch(/unready/);
      expect(body).not.toContain('wrong-secret-key');
      expect((await fetch(`http://127.0.0.1:${bad.port}/healthz`)).status).toBe(200);
    } finally {
      good.proc.kill('SIGKILL');
      bad.proc.kill('SIGKILL');
    }
  });

  it('on SIGTERM stops accepting, finishes the call in flight, then exits 0', async () => {
    const replica = await startReplica(await freePort(), replicaEnv(creds()));
    sandbox.faults.add({ method: 'GET', path: '/v2/*/cloudvolumes/detail', latencyMs: 1500 });
    try {
      const c = await connectClient(replica.url);
      const call = c.callTool({ name: 'list_disks', arguments: {} });
      // In flight once the replica has logged it; the sandbox holds it for 1.5 s.
      for (let i = 0; i < 100 && !replica.stderr().includes('"tool call"'); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(replica.stderr()).toContain('"tool call"');
      replica.proc.kill('SIGTERM');
      const res = await call;
      expect(res.isError, textOf(res)).toBeFalsy();
      expect(await replica.exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${replica.port}/healthz`)).rejects.toThrow();
      expect(replica.stderr()).toMatch(/draining/);
      await c.close().catch(() => undefined);
    } finally {
      sandbox.faults.clear();
      replica.proc.kill('SIGKILL');
    }
  });
});
