// HTTP transport throughput: requests/s and p50/p99 latency of tools/call (list_disks) for one replica
// and for three replicas behind deploy/haproxy.cfg, measured side by side in the same run, against one
// shared sandbox process. A benchmark, not a test: it prints figures. Needs `npm run build` and haproxy.
// Usage: node bench/http-throughput.mjs [--requests 600] [--concurrency 12]
/* global fetch, setTimeout, performance */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '600' }, concurrency: { type: 'string', default: '12' } },
});
const REQUESTS = Math.min(5000, Number(values.requests));
const CONCURRENCY = Math.min(64, Number(values.concurrency));
const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const CONFIG = fileURLToPath(new URL('../deploy/haproxy.cfg', import.meta.url));
const children = [];

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitFor(url) {
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

async function startSandbox() {
  const p = spawn(process.execPath, [BIN, 'sandbox', '--json', '--port', String(await freePort())], {
    env: { PATH: process.env.PATH, EVS_MCP_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(p);
  return JSON.parse(await new Promise((r) => createInterface({ input: p.stdout }).once('line', r)));
}

async function startReplica(sandbox) {
  const port = await freePort();
  const project = sandbox.projects[0];
  const p = spawn(process.execPath, [BIN, '--transport', 'http', '--port', String(port)], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HUAWEICLOUD_SDK_AK: project.ak,
      HUAWEICLOUD_SDK_SK: project.sk,
      HUAWEICLOUD_SDK_REGION: sandbox.region,
      HUAWEICLOUD_SDK_PROJECT_ID: project.id,
      HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.endpoint,
      HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.endpoint,
      EVS_MCP_CONFIRM_SECRET: 'bench-shared-secret-0123456789',
      EVS_MCP_RATE_LIMIT: '1000000',
      EVS_MCP_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(p);
  await waitFor(`http://127.0.0.1:${port}/readyz`);
  return port;
}

async function startBalancer(ports) {
  const port = await freePort();
  const p = spawn('haproxy', ['-f', CONFIG, '-db'], {
    env: {
      PATH: process.env.PATH,
      EVS_MCP_LB_BIND: `127.0.0.1:${port}`,
      EVS_MCP_REPLICA_1: `127.0.0.1:${ports[0]}`,
      EVS_MCP_REPLICA_2: `127.0.0.1:${ports[1]}`,
      EVS_MCP_REPLICA_3: `127.0.0.1:${ports[2]}`,
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  children.push(p);
  await waitFor(`http://127.0.0.1:${port}/readyz`);
  await new Promise((r) => setTimeout(r, 2500)); // health checks mark all three replicas up
  return port;
}

const CALL = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'list_disks', arguments: { limit: 10 } },
});

/** REQUESTS stateless tools/call POSTs, CONCURRENCY at a time; latency of each. */
async function run(url) {
  const latencies = [];
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      next += 1;
      const t = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: CALL,
      }).catch(() => undefined);
      const body = res ? await res.text() : '';
      if (!res?.ok || body.includes('"isError":true')) errors += 1;
      latencies.push(performance.now() - t);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { rps: REQUESTS / seconds, p50: pct(50), p99: pct(99), errors };
}

try {
  if (spawnSync('haproxy', ['-v']).status !== 0)
    throw new Error('haproxy is not installed (apt-get install haproxy)');
  const sandbox = await startSandbox();
  const ports = [await startReplica(sandbox), await startReplica(sandbox), await startReplica(sandbox)];
  const lb = await startBalancer(ports);
  // Warm both paths, then measure one replica (direct) and three (through the balancer) in the same run.
  await run(`http://127.0.0.1:${ports[0]}/mcp`);
  await run(`http://127.0.0.1:${lb}/mcp`);
  const one = await run(`http://127.0.0.1:${ports[0]}/mcp`);
  const three = await run(`http://127.0.0.1:${lb}/mcp`);
  const row = (name, r) =>
    `${name.padEnd(26)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)}`;
  console.log(`tools/call list_disks over stateless HTTP: ${REQUESTS} requests, ${CONCURRENCY} concurrent`);
  console.log(
    `${'setup'.padEnd(26)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`,
  );
  console.log(row('1 replica (direct)', one));
  console.log(row('3 replicas (HAProxy)', three));
  console.log(
    `scale-out: ${(three.rps / one.rps).toFixed(2)}x requests/s on this machine (${(await import('node:os')).cpus().length} cores; one shared sandbox)`,
  );
} finally {
  for (const c of children) c.kill('SIGTERM');
}
