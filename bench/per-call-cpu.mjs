// Server work per get_disk call without stdio: each server in its own process, driven in-process over the SDK's
// InMemoryTransport with raw JSON-RPC (no client-side validation), CPU time of that process per call (median of three blocks after a warm-up). The
// baseline is the same one-tool server as bench/per-call.mjs. What is left of the difference here is the work
// of the server itself (records, guard, client, shaping, result checks), not of the pipes.
// Run after `npm run build`: node bench/per-call-cpu.mjs [rounds=5] [calls=2000]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { externalEnv, startSandboxProcess } from './lib/procs.mjs';
import { row } from './lib/stats.mjs';

const SELF = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]));
else await parent(Number(process.argv[2] ?? 5), Number(process.argv[3] ?? 2000));

async function parent(rounds, calls) {
  const sb = await startSandboxProcess();
  try {
    const env = { ...externalEnv(sb), EVS_BENCH_VOLUME: await someVolume(externalEnv(sb)) };
    const run = (side) => {
      const r = spawnSync(process.execPath, [SELF, '--child', side, String(calls)], {
        env,
        encoding: 'utf8',
      });
      const us = Number(/cpu_us_per_call=([\d.]+)/.exec(r.stdout)?.[1]);
      if (r.status !== 0 || !Number.isFinite(us))
        throw new Error(`${side} run failed: ${r.stderr || r.stdout}`);
      return us;
    };
    const ours = [];
    const base = [];
    for (let i = 0; i < rounds; i++) {
      base.push(run('base'));
      ours.push(run('ours'));
    }
    console.log(
      `get_disk in-process over InMemoryTransport, ${calls} sequential calls per round, ${rounds} rounds`,
    );
    console.log(row('per call, server CPU without stdio', ours, base, { unit: ' µs' }));
  } finally {
    await sb.close();
  }
}

async function signedGet(env, path) {
  const { signRequest } = await import('../dist/evs-client/signer.js');
  const { request } = await import('undici');
  const url = new URL(`/v2/${env.HUAWEICLOUD_SDK_PROJECT_ID}${path}`, env.HUAWEICLOUD_SDK_EVS_ENDPOINT);
  const headers = signRequest(
    { method: 'GET', url, headers: { 'Content-Type': 'application/json' }, body: '' },
    { ak: env.HUAWEICLOUD_SDK_AK, sk: env.HUAWEICLOUD_SDK_SK },
    { projectId: env.HUAWEICLOUD_SDK_PROJECT_ID },
  );
  const res = await request(url, { headers });
  return res.body.json();
}

async function someVolume(env) {
  const id = (await signedGet(env, '/cloudvolumes?limit=1')).volumes?.[0]?.id;
  if (!id) throw new Error('the sandbox has no disk to read');
  return id;
}

async function oursServer() {
  const { loadConfig } = await import('../dist/config/load.js');
  const { createLogger } = await import('../dist/logging/logger.js');
  const { SecretSet } = await import('../dist/secrets.js');
  const { createApp } = await import('../dist/app.js');
  const secrets = new SecretSet();
  const app = await createApp(
    loadConfig(process.env, {}),
    createLogger({ level: 'silent', secrets: () => secrets.values() }),
    secrets,
  );
  return app.server;
}

async function baseServer() {
  // The very server of bench/fixtures/one-tool-server.mjs, imported without connecting it to stdio.
  process.env.EVS_BENCH_IN_PROCESS = '1';
  return (await import('./fixtures/one-tool-server.mjs')).server;
}

async function child(side, calls) {
  const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
  const server = side === 'ours' ? await oursServer() : await baseServer();
  const [client, serverEnd] = InMemoryTransport.createLinkedPair();
  await server.connect(serverEnd);
  let nextId = 1;
  const waiting = new Map();
  client.onmessage = (m) => {
    const resolve = waiting.get(m.id);
    waiting.delete(m.id);
    resolve?.(m);
  };
  await client.start();
  const rpc = (method, params) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      void client.send({ jsonrpc: '2.0', id, method, params });
    });
  await rpc('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'bench', version: '1' },
  });
  await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const call = async () => {
    const r = await rpc('tools/call', {
      name: 'get_disk',
      arguments: { volume_id: process.env.EVS_BENCH_VOLUME },
    });
    if (r.error || r.result?.isError) throw new Error(JSON.stringify(r).slice(0, 300));
  };
  // JIT warm-up, then the median of three measured blocks.
  for (let i = 0; i < 1000; i++) await call();
  const blocks = [];
  for (let b = 0; b < 3; b++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call();
    const u = process.cpuUsage(t0);
    blocks.push((u.user + u.system) / calls);
  }
  console.log(`cpu_us_per_call=${blocks.sort((x, y) => x - y)[1].toFixed(1)}`);
  process.exit(0);
}
