// Per-call overhead and throughput of get_disk through MCP over stdio, one long-lived client each,
// beside a one-tool MCP server doing the same signed GET, both against the sandbox in its own process.
// Run after `npm run build`: node bench/per-call.mjs [calls=2000] [rounds=4] [--before <main.js>] [--metrics]
// --before: another build (e.g. an earlier commit's dist/cli/main.js) serves in the same rounds, against ours.
// --metrics: ours again with Prometheus metrics on (their own port), against ours with telemetry off.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CLI, StdioRpc, cpuMsOf, externalEnv, startSandboxProcess } from './lib/procs.mjs';
import { quantile, row } from './lib/stats.mjs';

const argv = process.argv.slice(2);
const beforeAt = argv.indexOf('--before');
const BEFORE = beforeAt >= 0 ? argv.splice(beforeAt, 2)[1] : undefined;
const metricsAt = argv.indexOf('--metrics');
const METRICS = metricsAt >= 0 ? Boolean(argv.splice(metricsAt, 1)) : false;
const CALLS = Number(argv[0] ?? 2000);
const ROUNDS = Number(argv[1] ?? 4);
const CONCURRENCY = 16;
const BASELINE = fileURLToPath(new URL('./fixtures/one-tool-server.mjs', import.meta.url));

async function sequential(rpc, id, n) {
  const times = [];
  const cpu0 = await cpuMsOf(rpc.pid);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await rpc.callTool('get_disk', { volume_id: id });
    times.push(performance.now() - t0);
    if (r.isError) throw new Error(`get_disk failed: ${JSON.stringify(r.content)}`);
  }
  // CPU time the server used per call: its work, without the waiting a loaded machine adds to wall time.
  const cpuPerCall = ((await cpuMsOf(rpc.pid)) - cpu0) / n;
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), cpu: cpuPerCall };
}

async function concurrent(rpc, id, n) {
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < n) {
      next += 1;
      const r = await rpc.callTool('get_disk', { volume_id: id });
      if (r.isError) throw new Error('get_disk failed');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (n / (performance.now() - t0)) * 1000;
}

const sb = await startSandboxProcess();
try {
  const env = externalEnv(sb);
  const ours = new StdioRpc(process.execPath, [CLI], env);
  const base = new StdioRpc(process.execPath, [BASELINE], env);
  // The optional servers: another build, and ours with metrics on.
  const extra = {
    ...(BEFORE ? { before: new StdioRpc(process.execPath, [BEFORE], env) } : {}),
    ...(METRICS
      ? { metrics: new StdioRpc(process.execPath, [CLI], { ...env, EVS_MCP_METRICS_PORT: '0' }) }
      : {}),
  };
  for (const rpc of [ours, base, ...Object.values(extra)]) {
    await rpc.initialize();
    // Every client lists tools first, as real clients do.
    await rpc.request('tools/list');
  }
  const listed = await ours.callTool('list_disks', { limit: 1 });
  const id = listed.structuredContent?.volumes?.[0]?.id;
  if (!id) throw new Error('no disk in the sandbox to read');
  const per = Math.max(1, Math.floor(CALLS / ROUNDS));
  await sequential(ours, id, 100); // warm up both
  await sequential(base, id, 100);
  for (const rpc of Object.values(extra)) await sequential(rpc, id, 100);
  const o = { p50: [], p99: [], tput: [], cpu: [] };
  const b = { p50: [], p99: [], tput: [], cpu: [] };
  const x = Object.fromEntries(Object.keys(extra).map((k) => [k, { p50: [], cpu: [] }]));
  for (let r = 0; r < ROUNDS; r++) {
    const so = await sequential(ours, id, per);
    const sbase = await sequential(base, id, per);
    o.p50.push(so.p50);
    o.p99.push(so.p99);
    b.p50.push(sbase.p50);
    b.p99.push(sbase.p99);
    o.cpu.push(so.cpu);
    b.cpu.push(sbase.cpu);
    o.tput.push(await concurrent(ours, id, per));
    b.tput.push(await concurrent(base, id, per));
    for (const [k, rpc] of Object.entries(extra)) {
      const r = await sequential(rpc, id, per);
      x[k].p50.push(r.p50);
      x[k].cpu.push(r.cpu);
    }
  }
  console.log(
    `get_disk through MCP, ${per * ROUNDS} sequential calls in ${ROUNDS} rounds (per-round p50/p99, ms); then ${CONCURRENCY} concurrent`,
  );
  console.log(row('per call p50', o.p50, b.p50, { unit: ' ms', target: 1.15 }));
  console.log(row('per call p99', o.p99, b.p99, { unit: ' ms', target: 1.15 }));
  console.log(row('per call, server CPU time', o.cpu, b.cpu, { unit: ' ms' }));
  console.log(
    row(`throughput, ${CONCURRENCY} concurrent`, o.tput, b.tput, {
      unit: ' calls/s',
      target: 0.9,
      higherIsBetter: true,
    }),
  );
  // Against ours in the same rounds: "ours" in these rows is the other server, "baseline" ours.
  if (x.before) {
    console.log(`before: ${BEFORE} (rows: this build as "ours", the other build as "baseline")`);
    console.log(
      row('per call p50, this build vs before', o.p50, x.before.p50, { unit: ' ms', target: 1.05 }),
    );
    console.log(
      row('per call server CPU, this build vs before', o.cpu, x.before.cpu, { unit: ' ms', target: 1.05 }),
    );
  }
  if (x.metrics) {
    console.log('metrics on (EVS_MCP_METRICS_PORT=0) as "ours", telemetry off as "baseline"');
    console.log(row('per call p50, metrics on vs off', x.metrics.p50, o.p50, { unit: ' ms' }));
    console.log(row('per call server CPU, metrics on vs off', x.metrics.cpu, o.cpu, { unit: ' ms' }));
  }
  await ours.close();
  await base.close();
  for (const rpc of Object.values(extra)) await rpc.close();
} finally {
  await sb.close();
}
