// Server memory under a long-lived client: RSS after 1k / 10k / 50k get_disk calls, with the embedded
// sandbox (--sandbox, same process) and against an external endpoint, beside the RSS at start.
// Run after `npm run build`: node bench/memory.mjs [scale=1] (scale 0.2 runs 200 / 2k / 10k calls)
import { CLI, StdioRpc, externalEnv, rssMb, sleep, startSandboxProcess } from './lib/procs.mjs';
import { fmt } from './lib/stats.mjs';

const SCALE = Number(process.argv[2] ?? 1);
const MARKS = [1_000, 10_000, 50_000].map((n) => Math.round(n * SCALE));
const CONCURRENCY = 8;

async function run(label, args, env) {
  const rpc = new StdioRpc(process.execPath, args, env);
  await rpc.initialize();
  await rpc.request('tools/list');
  const listed = await rpc.callTool('list_disks', { limit: 1 });
  const id = listed.structuredContent?.volumes?.[0]?.id;
  if (!id) throw new Error('no disk to read');
  for (let i = 0; i < 200; i++) await rpc.callTool('get_disk', { volume_id: id });
  await sleep(200);
  const start = await rssMb(rpc.pid);
  const rows = [];
  let done = 0;
  let errors = 0;
  for (const mark of MARKS) {
    let next = done;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < mark) {
          next += 1;
          const r = await rpc.callTool('get_disk', { volume_id: id });
          if (r.isError) errors += 1;
        }
      }),
    );
    done = mark;
    await sleep(200);
    rows.push({ calls: mark, rss: await rssMb(rpc.pid) });
  }
  await rpc.close();
  for (const r of rows)
    console.log(
      `memory, ${label}, RSS after ${r.calls.toLocaleString('en-US')} calls: ours ${fmt(r.rss, 1)} MB, baseline (start) ${fmt(start, 1)} MB, ratio ${fmt(r.rss / start)} (growth ${fmt(r.rss - start, 1)} MB)`,
    );
  const last = rows.at(-1);
  const growth = last.rss - rows[0].rss;
  console.log(
    `memory, ${label}: ${errors} errors; growth from ${rows[0].calls.toLocaleString('en-US')} to ${last.calls.toLocaleString('en-US')} calls ${fmt(growth, 1)} MB, target flat (≤ 10 MB) ${growth <= 10 ? '[target met]' : '[target missed]'}`,
  );
}

const sb = await startSandboxProcess();
try {
  await run('embedded --sandbox', [CLI, '--sandbox'], { ...process.env, EVS_MCP_LOG_LEVEL: 'silent' });
  await run('external endpoint', [CLI], externalEnv(sb));
} finally {
  await sb.close();
}
