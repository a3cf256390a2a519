// The deploy/haproxy.cfg load balancer in front of 3 replicas on loopback, with the EVS sandbox as one
// separate process they share: a client session across replicas, then one replica killed under load.
// The sandbox request log is the witness of what was sent.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../e2e/spawn.js';
import { textOf } from '../helpers/harness.js';
import { freePort, replicaEnv, startReplica, type Replica, type SandboxCreds } from './spawn-http.js';

const CONFIG = fileURLToPath(new URL('../../deploy/haproxy.cfg', import.meta.url));
const haveHaproxy = spawnSync('haproxy', ['-v']).status === 0;
// CI installs haproxy and sets this, so a missing binary fails there instead of skipping.
const required = process.env.EVS_MCP_REQUIRE_HAPROXY === '1';

let sandboxProc: ChildProcess;
let sandbox: SandboxCreds;
let replicas: Replica[] = [];
let lb: ChildProcess;
let lbUrl = '';
let lbLog = '';

async function startSandboxProcess(): Promise<SandboxCreds> {
  const port = await freePort();
  sandboxProc = spawn(process.execPath, [BIN, 'sandbox', '--json', '--port', String(port)], {
    env: { PATH: process.env.PATH ?? '', EVS_MCP_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: sandboxProc.stdout! }).once('line', resolve);
    sandboxProc.once('exit', (c) => reject(new Error(`sandbox exited ${c}`)));
  });
  return JSON.parse(line) as SandboxCreds;
}

const admin = (path: string, init?: RequestInit) => fetch(`${sandbox.endpoint}/__sandbox/${path}`, init);
const mutatingRequests = async () =>
  (
    (await (await admin('requests')).json()) as { requests: { method: string; path: string }[] }
  ).requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

/** An SDK client through the balancer that notes which replica answered each POST. */
async function lbClient(servedBy: string[] = []): Promise<Client> {
  const client = new Client({ name: 'lb-test', version: '0' });
  const transport = new StreamableHTTPClientTransport(new URL(lbUrl), {
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      servedBy.push(res.headers.get('x-served-by') ?? '?');
      return res;
    },
  });
  await client.connect(transport);
  return client;
}

async function waitForAllUp(): Promise<void> {
  // Round robin over healthy replicas: three answers in a row from three names means all are up.
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

describe.skipIf(!haveHaproxy && !required)('HAProxy in front of 3 stateless replicas', () => {
  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    const ports = [await freePort(), await freePort(), await freePort()];
    replicas = await Promise.all(
      ports.map((p) => startReplica(p, replicaEnv(sandbox, { EVS_MCP_TOOLSETS: 'all' }))),
    );
    const lbPort = await freePort();
    lbUrl = `http://127.0.0.1:${lbPort}/mcp`;
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
  });

  it('runs a session across replicas: a confirmation token from one replica is honoured by another', async () => {
    const servedBy: string[] = [];
    const c = await lbClient(servedBy);
    const { tools } = await c.listTools();
    expect(tools.length).toBeGreaterThan(40);
    const list = await c.callTool({ name: 'list_disks', arguments: { status: 'available' } });
    const disk = /"id":"([0-9a-f-]{36})"/.exec(JSON.stringify(list.structuredContent))![1]!;
    await admin('requests', { method: 'DELETE' });
    const first = await c.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    const issuedBy = servedBy.at(-1);
    const token = (first.structuredContent as { confirm_token?: string }).confirm_token;
    expect(token, textOf(first)).toBeTypeOf('string');
    const second = await c.callTool({
      name: 'delete_disk',
      arguments: { volume_id: disk, confirm_token: token },
    });
    const confirmedBy = servedBy.at(-1);
    expect(second.isError, textOf(second)).toBeFalsy();
    expect(confirmedBy).not.toBe(issuedBy);
    expect(new Set(servedBy)).toEqual(new Set(['r1', 'r2', 'r3']));
    const sent = await mutatingRequests();
    expect(sent.map((r) => r.method)).toEqual(['DELETE']);
    expect(sent[0]!.path.endsWith(`/${disk}`)).toBe(true);
    await c.close();
  });

  it('loses only the calls in flight on a killed replica, with a clear error, and sends nothing twice', async () => {
    const WORKERS = 8;
    const PER_WORKER = 30;
    const KILL_AFTER = 80;
    // Latency keeps calls in flight on every replica when one is killed.
    await admin('faults', {
      method: 'POST',
      body: JSON.stringify({ method: 'PUT', path: '/v2/*/volumes/*/metadata/*', latencyMs: 150 }),
    });
    await admin('faults', {
      method: 'POST',
      body: JSON.stringify({ method: 'GET', path: '/v2/*/cloudvolumes/detail', latencyMs: 80 }),
    });
    const setup = await lbClient();
    const list = await setup.callTool({ name: 'list_disks', arguments: { status: 'available' } });
    const disk = /"id":"([0-9a-f-]{36})"/.exec(JSON.stringify(list.structuredContent))![1]!;
    await setup.close();
    await admin('requests', { method: 'DELETE' });

    type Call = { key?: string; start: number; end: number; ok: boolean; error?: string };
    const calls: Call[] = [];
    let killedAt = Infinity;
    let diedAt = Infinity;
    const victim = replicas[1]!;
    // The process is gone (and its socket closed) only when its exit is seen, a little after the signal.
    void victim.exited.then(() => (diedAt = performance.now()));
    const worker = async (w: number) => {
      const c = await lbClient();
      for (let i = 0; i < PER_WORKER; i++) {
        const write = i % 2 === 1;
        const key = write ? `load-w${w}-n${i}` : undefined;
        const start = performance.now();
        const call: Call = { ...(key ? { key } : {}), start, end: 0, ok: false };
        try {
          const res = write
            ? await c.callTool(
                { name: 'set_disk_metadata_key', arguments: { volume_id: disk, key: key!, value: 'v' } },
                undefined,
                { timeout: 60_000 },
              )
            : await c.callTool({ name: 'list_disks', arguments: { limit: 5 } }, undefined, {
                timeout: 60_000,
              });
          call.ok = !res.isError;
          if (res.isError) call.error = textOf(res);
        } catch (err) {
          const cause = (err as { cause?: { message?: string; code?: string } }).cause;
          call.error = `${err instanceof Error ? err.message : String(err)}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`;
        }
        call.end = performance.now();
        calls.push(call);
        if (calls.length === KILL_AFTER && killedAt === Infinity) {
          killedAt = performance.now();
          victim.proc.kill('SIGKILL');
        }
      }
      await c.close().catch(() => undefined);
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await admin('faults', { method: 'DELETE' });

    const failed = calls.filter((c) => !c.ok);
    const sent = await mutatingRequests();
    const perPath = new Map<string, number>();
    for (const r of sent) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
    const duplicates = [...perPath.values()].filter((n) => n > 1).length;
    const figures = {
      calls: calls.length,
      succeeded: calls.length - failed.length,
      failed: failed.length,
      failed_in_flight_at_kill: failed.filter((c) => c.start <= diedAt && c.end >= killedAt).length,
      mutating_sent: sent.length,
      duplicate_mutating_requests: duplicates,
    };
    console.log(`HAProxy kill-a-replica figures: ${JSON.stringify(figures)}`);
    for (const f of failed) console.log(`failed call: ${f.error}`);

    expect(killedAt).toBeLessThan(Infinity);
    expect(calls.length).toBe(WORKERS * PER_WORKER);
    expect(duplicates).toBe(0);
    // Only calls in flight when the replica died may fail (at most one per worker), and they say why.
    expect(failed.length).toBeLessThanOrEqual(WORKERS);
    for (const f of failed) {
      expect(f.start).toBeLessThanOrEqual(diedAt);
      expect(f.end).toBeGreaterThanOrEqual(killedAt);
      // The balancer's 502, or the connection it closed: either way the call says it was not answered.
      expect(f.error).toMatch(/502|Bad Gateway|fetch failed \(UND_ERR_SOCKET other side closed\)/);
    }
    // The balancer's log (read once its last lines are in): every session it could not complete
    // was on the killed replica (r2).
    await new Promise((r) => setTimeout(r, 300));
    const aborted = lbLog.split('\n').filter((l) => / evs_mcp\/r\d /.test(l) && !/ ---- /.test(l));
    expect(aborted.filter((l) => !l.includes(' evs_mcp/r2 '))).toEqual([]);
    if (failed.length) expect(aborted.length).toBeGreaterThan(0);
    // Every write that succeeded was sent exactly once; no write was sent twice.
    for (const c of calls.filter((x) => x.key && x.ok)) {
      const path = [...perPath.keys()].find((p) => p.endsWith(`/metadata/${c.key}`));
      expect(path && perPath.get(path), c.key).toBe(1);
    }
    // The survivors keep serving after the kill.
    expect(calls.filter((c) => c.start > killedAt + 100 && c.ok).length).toBeGreaterThan(100);
  }, 120_000);
});
