// Soak: the built server over stdio against its embedded sandbox at a steady call rate for a bounded
// time (default 10 minutes), printing calls, errors, audit lines and the server's RSS at start and end.
// Usage: node bench/soak.mjs [--seconds 600] [--rate 20]   (needs `npm run build` first)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
    EVS_MCP_LOG_LEVEL: 'warn',
  },
  stderr: 'ignore',
});
const client = new Client({ name: 'soak', version: '0' });
await client.connect(transport);
const pid = transport.pid;

function rssMb() {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const listed = await client.callTool({ name: 'list_disks', arguments: { status: 'available' } });
const volumeId = listed.structuredContent.volumes[0].id;

// A steady mix: reads, and changes that keep the disk's state bounded (a fixed set of keys and names).
const mix = [
  () => ({ name: 'list_disks', arguments: { limit: 10 } }),
  () => ({ name: 'get_disk', arguments: { volume_id: volumeId } }),
  () => ({ name: 'get_quota_headroom', arguments: {} }),
  (i) => ({
    name: 'set_disk_metadata_key',
    arguments: { volume_id: volumeId, key: `k${i % 20}`, value: `v${i}` },
  }),
  (i) => ({ name: 'update_disk', arguments: { volume_id: volumeId, name: `soak-${i % 50}` } }),
  (i) => ({
    name: 'add_disk_tags',
    arguments: { volume_id: volumeId, tags: { soak: `t${i % 10}` }, dry_run: true },
  }),
];
const MUTATING = new Set(['set_disk_metadata_key', 'update_disk', 'add_disk_tags']);

let calls = 0;
let errors = 0;
/** The first distinct error texts, so a failure can be told from load. */
const errorTexts = new Map();
const noteError = (tool, text) => {
  errors++;
  const key = `${tool}: ${String(text).slice(0, 160)}`;
  if (errorTexts.size < 5 || errorTexts.has(key)) errorTexts.set(key, (errorTexts.get(key) ?? 0) + 1);
};
let mutatingCalls = 0;
let rssStart = NaN;
let rssMax = 0;
const samples = [];
const started = Date.now();
const deadline = started + SECONDS * 1000;
const interval = 1000 / RATE;
const inFlight = new Set();
let next = started;

while (calls < MAX_CALLS && Date.now() < deadline) {
  const i = calls++;
  const call = mix[i % mix.length](i);
  if (MUTATING.has(call.name)) mutatingCalls++;
  const p = client
    .callTool(call)
    .then((r) => {
      if (r.isError) noteError(call.name, r.content?.[0]?.text);
    })
    .catch((err) => noteError(call.name, err?.message ?? err))
    .finally(() => inFlight.delete(p));
  inFlight.add(p);
  if (i === WARM_UP_CALLS) rssStart = rssMb();
  if (i % (RATE * 30) === 0) {
    const r = rssMb();
    rssMax = Math.max(rssMax, r);
    samples.push(`${Math.round((Date.now() - started) / 1000)}s:${r.toFixed(0)}`);
  }
  next += interval;
  const wait = next - Date.now();
  if (wait > 0) await sleep(wait);
}
await Promise.all(inFlight);
const rssEnd = rssMb();
rssMax = Math.max(rssMax, rssEnd);
await client.close();
const auditLines = existsSync(audit) ? readFileSync(audit, 'utf8').trimEnd().split('\n').length : 0;
const seconds = (Date.now() - started) / 1000;

console.log(
  `soak: ${calls} calls in ${seconds.toFixed(0)} s (${(calls / seconds).toFixed(1)}/s target ${RATE}/s)`,
);
console.log(`  errors: ${errors}`);
for (const [text, n] of errorTexts) console.log(`    ${n} × ${text}`);
console.log(`  audit lines: ${auditLines} for ${mutatingCalls} mutating calls`);
console.log(
  `  server RSS: ${rssStart.toFixed(1)} MB after ${WARM_UP_CALLS} warm-up calls (baseline), ${rssEnd.toFixed(1)} MB at the end, max ${rssMax.toFixed(1)} MB; change ${(rssEnd - rssStart).toFixed(1)} MB`,
);
console.log(`  RSS samples (MB): ${samples.join(' ')}`);
process.exitCode = errors === 0 && auditLines === mutatingCalls ? 0 : 1;
