// Soak: the built server over stdio against its embedded sandbox at a steady call rate for a bounded
// time (default 10 minutes), printing calls, errors (with their texts), audit lines and the server's RSS
// at start, end and peak, then checking that the disk's final state and the audit log agree with what
// was called. Usage: node bench/soak.mjs [--seconds 600] [--rate 20]   (needs `npm run build` first)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
// Bounded in time and count: at most rate × seconds calls, and never past the deadline.
const SECONDS = Math.min(Math.max(arg('seconds', 600), 5), 3600);
const RATE = Math.min(Math.max(arg('rate', 20), 1), 200);
const MAX_CALLS = SECONDS * RATE;
const WARM_UP_CALLS = Math.min(200, Math.floor(MAX_CALLS / 10));
/** RSS is sampled this often (and at the end); the peak is the largest sample. */
const SAMPLE_MS = 5000;
/** A call still unanswered after this long counts as an error (the SDK's own default is 60 s). */
const CALL_TIMEOUT_MS = 120_000;

const bin = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(bin)) {
  console.error('soak: build first (npm run build)');
  process.exit(2);
}
const home = mkdtempSync(join(tmpdir(), 'evs-soak-'));
const audit = join(home, 'audit.jsonl');
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [bin, '--sandbox'],
  env: {
    PATH: process.env.PATH ?? '',
    HOME: home,
    EVS_MCP_AUDIT_LOG: audit,
    EVS_MCP_CONFIRMATION: 'off',
    // The soak writes metadata, an opt-in toolset.
    EVS_MCP_TOOLSETS: 'all',
    EVS_MCP_LOG_LEVEL: 'warn',
  },
  stderr: 'ignore',
});
const client = new Client({ name: 'soak', version: '0' });
await client.connect(transport);
const pid = transport.pid;
const call = (c) => client.callTool(c, undefined, { timeout: CALL_TIMEOUT_MS });

function rssMb() {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const listed = await call({ name: 'list_disks', arguments: { status: 'available' } });
const volumeId = listed.structuredContent.volumes[0].id;
const tagsBefore = (await call({ name: 'get_disk', arguments: { volume_id: volumeId } })).structuredContent
  .tags;

// A steady mix: reads, and changes that keep the disk's state bounded (a fixed set of keys and names).
// Each change names the register it writes (a metadata key, the name), so the final state can be checked.
const mix = [
  () => ({ name: 'list_disks', arguments: { limit: 10 } }),
  () => ({ name: 'get_disk', arguments: { volume_id: volumeId } }),
  () => ({ name: 'get_quota_headroom', arguments: {} }),
  (i) => ({
    name: 'set_disk_metadata_key',
    arguments: { volume_id: volumeId, key: `k${i % 20}`, value: `v${i}` },
    writes: [`metadata.k${i % 20}`, `v${i}`],
  }),
  (i) => ({
    name: 'update_disk',
    arguments: { volume_id: volumeId, name: `soak-${i % 50}` },
    writes: ['name', `soak-${i % 50}`],
  }),
  (i) => ({
    name: 'add_disk_tags',
    arguments: { volume_id: volumeId, tags: { soak: `t${i % 10}` }, dry_run: true },
  }),
];
/** What each mutating tool's audit line must say: a sent, successful change, or a dry run that sent nothing. */
const EXPECTED_AUDIT = {
  set_disk_metadata_key: { verdict: 'allowed', sent: true },
  update_disk: { verdict: 'allowed', sent: true },
  add_disk_tags: { verdict: 'dry_run', sent: false },
};

let calls = 0;
let errors = 0;
/** Every distinct error text with its count, so each failure can be told from load and explained. */
const errorTexts = new Map();
const noteError = (tool, text) => {
  errors++;
  const key = `${tool}: ${String(text).slice(0, 300)}`;
  errorTexts.set(key, (errorTexts.get(key) ?? 0) + 1);
};
const mutatingByTool = new Map();
/** Per register (metadata key or name): every write with its value, start and end, in send order. */
const writes = new Map();
let rssStart = NaN;
let rssMax = 0;
const samples = [];
const started = Date.now();
const deadline = started + SECONDS * 1000;
const interval = 1000 / RATE;
const inFlight = new Set();
let next = started;
let nextSample = started;

while (calls < MAX_CALLS && Date.now() < deadline) {
  const i = calls++;
  const c = mix[i % mix.length](i);
  const request = { name: c.name, arguments: c.arguments };
  if (c.name in EXPECTED_AUDIT) mutatingByTool.set(c.name, (mutatingByTool.get(c.name) ?? 0) + 1);
  const w = c.writes && { value: c.writes[1], start: Date.now(), end: Infinity, ok: false };
  if (w) writes.set(c.writes[0], [...(writes.get(c.writes[0]) ?? []), w]);
  const p = call(request)
    .then((r) => {
      if (r.isError) noteError(c.name, r.content?.[0]?.text);
      else if (w) w.ok = true;
    })
    .catch((err) => noteError(c.name, err?.message ?? err))
    .finally(() => {
      if (w) w.end = Date.now();
      inFlight.delete(p);
    });
  inFlight.add(p);
  if (i === WARM_UP_CALLS) rssStart = rssMb();
  if (Date.now() >= nextSample) {
    const r = rssMb();
    rssMax = Math.max(rssMax, r);
    samples.push([Math.round((Date.now() - started) / 1000), r]);
    nextSample += SAMPLE_MS;
  }
  next += interval;
  const wait = next - Date.now();
  if (wait > 0) await sleep(wait);
}
await Promise.all(inFlight);
const rssEnd = rssMb();
rssMax = Math.max(rssMax, rssEnd);
const seconds = (Date.now() - started) / 1000;

// State: each register holds the value of a write that no successful write started after it ended
// (with overlapping writes either order is right); the dry-run tags were never applied.
const problems = [];
const final = (await call({ name: 'get_disk', arguments: { volume_id: volumeId } })).structuredContent;
const valueOf = (register) =>
  register === 'name' ? final.name : final.metadata?.[register.slice('metadata.'.length)];
for (const [register, list] of writes) {
  const okStarts = list.filter((w) => w.ok).map((w) => w.start);
  const lastOkStart = Math.max(...okStarts);
  const allowed = list.filter((w) => !(lastOkStart > w.end)).map((w) => w.value);
  const actual = valueOf(register);
  if (!allowed.includes(actual))
    problems.push(`${register} is ${JSON.stringify(actual)}, expected one of ${JSON.stringify(allowed)}`);
}
if (JSON.stringify(final.tags ?? {}) !== JSON.stringify(tagsBefore ?? {}))
  problems.push(
    `dry-run tags changed the disk: ${JSON.stringify(tagsBefore)} -> ${JSON.stringify(final.tags)}`,
  );
await client.close();

// Audit: one well-formed line per mutating call, per tool, each with the verdict and outcome its call had.
const lines = existsSync(audit) ? readFileSync(audit, 'utf8').trimEnd().split('\n').filter(Boolean) : [];
const auditByTool = new Map();
for (const [n, line] of lines.entries()) {
  let e;
  try {
    e = JSON.parse(line);
  } catch {
    problems.push(`audit line ${n + 1} is not JSON`);
    continue;
  }
  auditByTool.set(e.tool, (auditByTool.get(e.tool) ?? 0) + 1);
  const want = EXPECTED_AUDIT[e.tool];
  const failed = errors > 0 && e.outcome?.ok === false;
  if (!want) problems.push(`audit line ${n + 1} names ${e.tool}, which the soak did not call as a change`);
  else if (
    !failed &&
    (e.verdict !== want.verdict ||
      e.outcome?.sent !== want.sent ||
      (want.sent && e.outcome?.ok !== true) ||
      e.args?.volume_id !== volumeId ||
      typeof e.time !== 'string' ||
      typeof e.principal !== 'string')
  )
    problems.push(`audit line ${n + 1} (${e.tool}) does not match its call: ${line.slice(0, 200)}`);
}
for (const [tool, n] of mutatingByTool)
  if ((auditByTool.get(tool) ?? 0) !== n)
    problems.push(`${tool}: ${n} calls, ${auditByTool.get(tool) ?? 0} audit lines`);
rmSync(home, { recursive: true, force: true });

const mutatingCalls = [...mutatingByTool.values()].reduce((a, b) => a + b, 0);
console.log(
  `soak: calls ${calls}, errors ${errors}, audit lines ${lines.length}, RSS start ${rssStart.toFixed(1)} MB, end ${rssEnd.toFixed(1)} MB, peak ${rssMax.toFixed(1)} MB`,
);
console.log(
  `  ${seconds.toFixed(0)} s at ${(calls / seconds).toFixed(1)} calls/s (target ${RATE}/s); ${mutatingCalls} mutating calls; RSS start is after ${WARM_UP_CALLS} warm-up calls`,
);
for (const [text, n] of errorTexts) console.log(`  error ${n} × ${text}`);
console.log(
  `  state and audit: ${problems.length ? `${problems.length} problem(s)` : `consistent (${writes.size} registers, ${lines.length} audit lines checked)`}`,
);
for (const p of problems.slice(0, 20)) console.log(`    ${p}`);
const every = Math.max(1, Math.round(30_000 / SAMPLE_MS));
console.log(
  `  RSS samples (s:MB): ${samples
    .filter((_, n) => n % every === 0)
    .map(([t, r]) => `${t}:${r.toFixed(0)}`)
    .join(' ')} end:${rssEnd.toFixed(0)}`,
);
process.exitCode = errors === 0 && problems.length === 0 ? 0 : 1;
