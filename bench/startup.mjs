// Cold start: spawn -> initialize -> tools/list answered, all toolsets, against an external endpoint
// (the sandbox in its own process), beside a one-tool McpServer over stdio with the same SDK.
// Run after `npm run build`: node bench/startup.mjs [rounds]
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CLI, StdioRpc, cpuMsOf, externalEnv, startSandboxProcess } from './lib/procs.mjs';
import { row } from './lib/stats.mjs';

const ROUNDS = Number(process.argv[2] ?? 15);
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
  const ours = [];
  const base = [];
  const oursCpu = [];
  const baseCpu = [];
  let tools = 0;
  await coldStart([CLI], env); // warm the file cache for both
  await coldStart([BASELINE], env);
  for (let i = 0; i < ROUNDS; i++) {
    const o = await coldStart([CLI], env);
    tools = o.tools;
    ours.push(o.ms);
    oursCpu.push(o.cpuMs);
    const b = await coldStart([BASELINE], env);
    base.push(b.ms);
    baseCpu.push(b.cpuMs);
  }
  console.log(
    `cold start, spawn -> tools/list answered (${tools} tools vs 1), ${ROUNDS} rounds, medians in ms`,
  );
  console.log(row('cold start', ours, base, { unit: ' ms', target: 1.3 }));
  // The same start-ups in CPU time used by the server process (10 ms ticks): the work, without the waiting.
  console.log(row('cold start, CPU time of the server', oursCpu, baseCpu, { unit: ' ms' }));
} finally {
  await sb.close();
}
