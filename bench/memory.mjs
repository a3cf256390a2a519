// Server memory under a long-lived client: RSS after 1k / 10k / 50k get_disk calls, with the embedded
// sandbox (--sandbox, same process) and against an external endpoint, beside the RSS at start. A second,
// instrumented run of each (node --expose-gc with bench/lib/heap-probe.mjs) tells a leak from V8 heap
// sizing: the live JS heap after a full GC at the same marks, and the heap V8 had committed before it.
// Run after `npm run build`: node bench/memory.mjs [scale=1] (scale 0.2 runs 200 / 2k / 10k calls)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, StdioRpc, externalEnv, rssMb, sleep, startSandboxProcess } from './lib/procs.mjs';
import { fmt } from './lib/stats.mjs';

const SCALE = Number(process.argv[2] ?? 1);
const MARKS = [1_000, 10_000, 50_000].map((n) => Math.round(n * SCALE));
const CONCURRENCY = 8;
/** Live-heap growth over the marks above which the server keeps something per call (about 40 bytes a call at scale 1). */
const LEAK_MB = 2;
const PROBE = fileURLToPath(new URL('./lib/heap-probe.mjs', import.meta.url));
const count = (n) => n.toLocaleString('en-US');

/** Starts the server, warms it up, runs get_disk calls up to each mark and calls `atMark` there. */
async function drive(args, env, atMark) {
  const rpc = new StdioRpc(process.execPath, args, env);
  let errors = 0;
  try {
    await rpc.initialize();
    await rpc.request('tools/list');
    const listed = await rpc.callTool('list_disks', { limit: 1 });
    const id = listed.structuredContent?.volumes?.[0]?.id;
    if (!id) throw new Error('no disk to read');
    for (let i = 0; i < 200; i++) await rpc.callTool('get_disk', { volume_id: id });
    await sleep(200);
    await atMark(0, rpc);
    let done = 0;
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
      await atMark(mark, rpc);
    }
  } finally {
    await rpc.close();
  }
  return errors;
}

/** The uninstrumented server's RSS at start and at each mark: the figure the target is about. */
async function rssRun(label, args, env) {
  let start = NaN;
  const rows = [];
  const errors = await drive(args, env, async (calls, rpc) => {
    const rss = await rssMb(rpc.pid);
    if (calls === 0) start = rss;
    else rows.push({ calls, rss });
  });
  for (const r of rows)
    console.log(
      `memory, ${label}, RSS after ${count(r.calls)} calls: ours ${fmt(r.rss, 1)} MB, baseline (start) ${fmt(start, 1)} MB, ratio ${fmt(r.rss / start)} (growth ${fmt(r.rss - start, 1)} MB)`,
    );
  const last = rows.at(-1);
  const growth = last.rss - rows[0].rss;
  console.log(
    `memory, ${label}: ${errors} errors; growth from ${count(rows[0].calls)} to ${count(last.calls)} calls ${fmt(growth, 1)} MB, target flat (≤ 10 MB) ${growth <= 10 ? '[target met]' : '[target missed]'}`,
  );
}

/** The same calls against a server that, on a signal, reports its JS heap around a full GC. */
async function heapRun(label, args, env) {
  const dir = mkdtempSync(join(tmpdir(), 'evs-heap-'));
  const out = join(dir, 'heap.jsonl');
  const rows = [];
  try {
    await drive(
      ['--expose-gc', '--import', PROBE, ...args],
      { ...env, EVS_BENCH_HEAP_OUT: out },
      async (calls, rpc) => {
        process.kill(rpc.pid, 'SIGUSR2');
        for (let waited = 0; ; waited += 50) {
          let lines = [];
          try {
            lines = readFileSync(out, 'utf8').trimEnd().split('\n');
          } catch {
            // not written yet
          }
          if (lines.length > rows.length) {
            rows.push({ calls, ...JSON.parse(lines.at(-1)) });
            return;
          }
          if (waited > 10_000) throw new Error('the heap probe did not answer');
          await sleep(50);
        }
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const marks = rows.filter((r) => r.calls > 0);
  const at = (key) => marks.map((r) => `${count(r.calls)} ${fmt(r[key], 1)}`).join(', ');
  const growth = marks.at(-1).heapUsedAfterGc - marks[0].heapUsedAfterGc;
  console.log(
    `memory, ${label}, live JS heap after full GC (instrumented run), MB at calls: ${at('heapUsedAfterGc')}`,
  );
  console.log(`memory, ${label}, V8 heap committed before that GC, MB at calls: ${at('heapTotalBeforeGc')}`);
  console.log(
    `memory, ${label}: live heap growth from ${count(marks[0].calls)} to ${count(marks.at(-1).calls)} calls ${fmt(growth, 2)} MB, target no leak (≤ ${LEAK_MB} MB) ${growth <= LEAK_MB ? '[target met]' : '[target missed]'}`,
  );
}

const sb = await startSandboxProcess();
try {
  const embedded = [[CLI, '--sandbox'], { ...process.env, EVS_MCP_LOG_LEVEL: 'silent' }];
  const external = [[CLI], externalEnv(sb)];
  await rssRun('embedded --sandbox', ...embedded);
  await rssRun('external endpoint', ...external);
  await heapRun('embedded --sandbox', ...embedded);
  await heapRun('external endpoint', ...external);
} finally {
  await sb.close();
}
