// Two callers through the deploy/haproxy.cfg balancer in front of 3 replicas with EVS_MCP_IDENTITY=agency,
// one sandbox process playing EVS and STS, and a real OAuth issuer: the sandbox request log shows each
// caller's EVS requests signed by that caller's own assumed session and by no other identity.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../e2e/spawn.js';
import { textOf } from '../helpers/harness.js';
import { startIssuer, type TestIssuer } from '../remote/issuer.js';
import { freePort, replicaEnv, startReplica, type Replica, type SandboxCreds } from '../remote/spawn-http.js';

const CONFIG = fileURLToPath(new URL('../../deploy/haproxy.cfg', import.meta.url));
const haveHaproxy = spawnSync('haproxy', ['-v']).status === 0;
const required = process.env.EVS_MCP_REQUIRE_HAPROXY === '1';
const STS_PATH = '/v5/agencies/assume';

interface Logged {
  method: string;
  path: string;
  status: number;
  principal?: string;
}

let sandboxProc: ChildProcess;
let sandbox: SandboxCreds & { agencies: { urn: string; name: string }[] };
let issuer: TestIssuer;
let replicas: Replica[] = [];
let lb: ChildProcess;
let lbUrl = '';
let lbLog = '';
let publicUrl = '';

async function startSandboxProcess(): Promise<typeof sandbox> {
  const port = await freePort();
  sandboxProc = spawn(process.execPath, [BIN, 'sandbox', '--json', '--port', String(port)], {
    env: { PATH: process.env.PATH ?? '', EVS_MCP_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: sandboxProc.stdout! }).once('line', resolve);
    sandboxProc.once('exit', (c) => reject(new Error(`sandbox exited ${c}`)));
  });
  return JSON.parse(line) as typeof sandbox;
}

const requests = async (): Promise<Logged[]> =>
  ((await (await fetch(`${sandbox.endpoint}/__sandbox/requests`)).json()) as { requests: Logged[] }).requests;

async function callerClient(sub: string, group: string): Promise<Client> {
  const token = await issuer.token({
    sub,
    aud: publicUrl,
    scope: 'evs:read evs:write',
    claims: { client_id: `app-of-${sub}`, groups: [group] },
  });
  const client = new Client({ name: 'agency-lb-test', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(lbUrl), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function waitForAllUp(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const names = new Set<string>();
    for (let j = 0; j < 3; j++) {
      const res = await fetch(lbUrl.replace('/mcp', '/healthz')).catch(() => undefined);
      names.add(res?.headers.get('x-served-by') ?? '?');
    }
    if (['r1', 'r2', 'r3'].every((n) => names.has(n))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the balancer never saw 3 healthy replicas: ${lbLog}`);
}

describe.skipIf(!haveHaproxy && !required)('agency identity behind HAProxy', () => {
  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    const lbPort = await freePort();
    lbUrl = `http://127.0.0.1:${lbPort}/mcp`;
    publicUrl = lbUrl;
    issuer = await startIssuer(publicUrl);
    const urn = (name: string) => sandbox.agencies.find((a) => a.name === name)!.urn;
    const ports = [await freePort(), await freePort(), await freePort()];
    const env = replicaEnv(sandbox, {
      EVS_MCP_AUTH_ISSUER: issuer.url,
      EVS_MCP_PUBLIC_URL: publicUrl,
      EVS_MCP_IDENTITY: 'agency',
      EVS_MCP_AGENCY_MAP: `ops=${urn('evs-operators')},readers=${urn('evs-readers')}`,
      HUAWEICLOUD_SDK_STS_ENDPOINT: sandbox.endpoint,
    });
    replicas = await Promise.all(ports.map((p) => startReplica(p, env)));
    lb = spawn('haproxy', ['-f', CONFIG, '-db'], {
      env: {
        PATH: process.env.PATH ?? '',
        EVS_MCP_LB_BIND: `127.0.0.1:${lbPort}`,
        EVS_MCP_REPLICA_1: `127.0.0.1:${ports[0]}`,
        EVS_MCP_REPLICA_2: `127.0.0.1:${ports[1]}`,
        EVS_MCP_REPLICA_3: `127.0.0.1:${ports[2]}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    lb.stdout!.on('data', (d: Buffer) => (lbLog += d.toString()));
    lb.stderr!.on('data', (d: Buffer) => (lbLog += d.toString()));
    await waitForAllUp();
  }, 180_000);

  afterAll(async () => {
    lb?.kill('SIGTERM');
    for (const r of replicas) r.proc.kill('SIGKILL');
    sandboxProc?.kill('SIGTERM');
    await issuer?.close();
  });

  it("signs each caller's EVS requests with that caller's own session, across replicas", async () => {
    await fetch(`${sandbox.endpoint}/__sandbox/requests`, { method: 'DELETE' });
    const alice = await callerClient('alice', 'ops');
    const bob = await callerClient('bob', 'readers');
    for (let i = 0; i < 6; i++) {
      const a = await alice.callTool({ name: 'list_disks', arguments: { limit: 2 } });
      const b = await bob.callTool({ name: 'list_disks', arguments: { limit: 2 } });
      expect(a.isError, textOf(a)).toBeFalsy();
      expect(b.isError, textOf(b)).toBeFalsy();
    }
    await alice.close();
    await bob.close();
    const log = (await requests()).filter((e) => !e.path.startsWith('/__sandbox'));
    const evs = log.filter((e) => e.path !== STS_PATH && !/\/os-availability-zone$/.test(e.path));
    const aliceSession = /:assumed-agency:evs-operators\/alice$/;
    const bobSession = /:assumed-agency:evs-readers\/bob$/;
    expect(evs.filter((e) => aliceSession.test(e.principal ?? '')).length).toBeGreaterThanOrEqual(6);
    expect(evs.filter((e) => bobSession.test(e.principal ?? '')).length).toBeGreaterThanOrEqual(6);
    // No EVS request of theirs went out under any other identity (the readiness probes read the AZ list).
    expect(
      evs.filter((e) => !aliceSession.test(e.principal ?? '') && !bobSession.test(e.principal ?? '')),
    ).toEqual([]);
    // Each replica assumes a caller's agency at most once; the server's key signs only those calls.
    const sts = log.filter((e) => e.path === STS_PATH);
    expect(sts.length).toBeGreaterThanOrEqual(2);
    expect(sts.length).toBeLessThanOrEqual(6);
    expect(new Set(sts.map((e) => e.principal))).toEqual(
      new Set([expect.stringMatching(/:user:sandbox-user$/)]),
    );
  });
});
