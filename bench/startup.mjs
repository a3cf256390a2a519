// Cold start: spawn -> initialize -> tools/list answered, all toolsets, against an external endpoint
// (the sandbox in its own process), beside a one-tool McpServer over stdio with the same SDK.
// Run after `npm run build`: node bench/startup.mjs [rounds]
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CLI, StdioRpc, externalEnv, startSandboxProcess } from './lib/procs.mjs';
import { row } from './lib/stats.mjs';

const ROUNDS = Number(process.argv[2] ?? 15);
const BASELINE = fileURLToPath(new URL('./fixtures/one-tool-server.mjs', import.meta.url));

async function coldStart(args, env) {
  const t0 = performance.now();
  const rpc = new StdioRpc(process.execPath, args, env);
  await rpc.initialize();
  const list = await rpc.request('tools/list');
  const ms = performance.now() - t0;
  await rpc.close();
  return { ms, tools: list.tools.length };
}

const sb = await startSandboxProcess();
try {
  const env = externalEnv(sb, { EVS_MCP_TOOLSETS: 'all' });
  const ours = [];
  const base = [];
  let tools = 0;
  await coldStart([CLI], env); // warm the file cache for both
  await coldStart([BASELINE], env);
  for (let i = 0; i < ROUNDS; i++) {
    const o = await coldStart([CLI], env);
    tools = o.tools;
    ours.push(o.ms);
    base.push((await coldStart([BASELINE], env)).ms);
  }
  console.log(
    `cold start, spawn -> tools/list answered (${tools} tools vs 1), ${ROUNDS} rounds, medians in ms`,
  );
  console.log(row('cold start', ours, base, { unit: ' ms', target: 1.3 }));
} finally {
  await sb.close();
}
