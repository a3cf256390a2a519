// Cold start: spawn -> initialize -> tools/list answered, all toolsets, against an external endpoint
// (the sandbox in its own process), beside a one-tool McpServer over stdio with the same SDK.
// Run after `npm run build`: node bench/startup.mjs [rounds] [--before <another build's dist/cli/main.js>]
// With --before, that build starts in the same rounds too (e.g. a checkout of an earlier commit, built).
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CLI, StdioRpc, cpuMsOf, externalEnv, startSandboxProcess } from './lib/procs.mjs';
import { row } from './lib/stats.mjs';

const argv = process.argv.slice(2);
const beforeAt = argv.indexOf('--before');
const BEFORE = beforeAt >= 0 ? argv.splice(beforeAt, 2)[1] : undefined;
const ROUNDS = Number(argv[0] ?? 15);
const BASELINE = fileURLToPath(new URL('./fixtures/one-tool-server.mjs', import.meta.url));

async function coldStart(args, env) {
  const t0 = performance.now();
  const rpc = new StdioRpc(process.execPath, args, env);
  await rpc.initialize();
  const list = await rpc.request('tools/list');
  const ms = performance.now() - t0;
  const cpuMs = await cpuMsOf(rpc.pid);
  await rpc.close();
  return { ms, cpuMs, tools: list.tools.length };
}

const sb = await startSandboxProcess();
try {
  const env = externalEnv(sb, { EVS_MCP_TOOLSETS: 'all' });
  const series = { ours: [CLI], base: [BASELINE], ...(BEFORE ? { before: [BEFORE] } : {}) };
  const ms = Object.fromEntries(Object.keys(series).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(series).map((k) => [k, []]));
  let tools = 0;
  for (const args of Object.values(series)) await coldStart(args, env); // warm the file cache for each
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, args] of Object.entries(series)) {
      const r = await coldStart(args, env);
      if (k === 'ours') tools = r.tools;
      ms[k].push(r.ms);
      cpu[k].push(r.cpuMs);
    }
  }
  console.log(
    `cold start, spawn -> tools/list answered (${tools} tools vs 1), ${ROUNDS} rounds, medians in ms`,
  );
  console.log(row('cold start', ms.ours, ms.base, { unit: ' ms', target: 1.3 }));
  // The same start-ups in CPU time used by the server process (10 ms ticks): the work, without the waiting.
  console.log(row('cold start, CPU time of the server', cpu.ours, cpu.base, { unit: ' ms' }));
  if (BEFORE) {
    console.log(`before: ${BEFORE}`);
    console.log(row('cold start, before', ms.before, ms.base, { unit: ' ms', target: 1.3 }));
    console.log(row('cold start, before, CPU time of the server', cpu.before, cpu.base, { unit: ' ms' }));
  }
} finally {
  await sb.close();
}
