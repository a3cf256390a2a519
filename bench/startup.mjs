// Cold start as the user waits for it: spawn -> an SDK Client has connected and listed the tools (the
// Client compiles every output schema as it lists), default surface, against an external endpoint (the
// sandbox in its own process), beside a one-tool McpServer over stdio listed by the same Client.
// Run after `npm run build`: node bench/startup.mjs [rounds] [--before <another build's dist/cli/main.js>]
// With --before, that build starts in the same rounds too (e.g. a checkout of an earlier commit, built).
import { ONE_TOOL_SERVER, coldStart, defaultSurfaceEnv } from './lib/cold-start.mjs';
import { CLI, externalEnv, startSandboxProcess } from './lib/procs.mjs';
import { row } from './lib/stats.mjs';

const argv = process.argv.slice(2);
const beforeAt = argv.indexOf('--before');
const BEFORE = beforeAt >= 0 ? argv.splice(beforeAt, 2)[1] : undefined;
const ROUNDS = Number(argv[0] ?? 15);
const BASELINE = ONE_TOOL_SERVER;

const sb = await startSandboxProcess();
try {
  // The default surface: what a client config without settings starts.
  const env = defaultSurfaceEnv(externalEnv(sb));
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
    `cold start, spawn -> SDK Client has listed the tools (${tools} default tools vs 1), ${ROUNDS} rounds, medians in ms`,
  );
  console.log(row('cold start', ms.ours, ms.base, { unit: ' ms', target: 1.5 }));
  // The same start-ups in CPU time used by the server process (10 ms ticks): the work, without the waiting.
  console.log(row('cold start, CPU time of the server', cpu.ours, cpu.base, { unit: ' ms' }));
  if (BEFORE) {
    console.log(`before: ${BEFORE}`);
    console.log(row('cold start, before', ms.before, ms.base, { unit: ' ms', target: 1.5 }));
    console.log(row('cold start, before, CPU time of the server', cpu.before, cpu.base, { unit: ' ms' }));
  }
} finally {
  await sb.close();
}
