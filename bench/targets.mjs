// The figures of the tool-surface targets, before (the base commit, built in a temporary folder, or
// --before <cli>) and after (this build), from one run: default tools and their model-facing tokens,
// --read-only tools, intents served by two tools (from the tool-selection labels), tools/list bytes on
// the wire, cold start against a one-tool server, and the tools each shipped client config starts.
// Run after `npm run build`: node bench/targets.mjs [--before <dist/cli/main.js>] [--base <commit>] [--rounds N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeBuild, flagOf } from './lib/base-build.mjs';
import { ONE_TOOL_SERVER, coldStart, defaultSurfaceEnv } from './lib/cold-start.mjs';
import { CLI, ROOT, externalEnv, startSandboxProcess } from './lib/procs.mjs';
import { median } from './lib/stats.mjs';
import { SURFACES, listReportOf, wireBytesOf } from './lib/tool-lists.mjs';
import { scoreSurface } from './tool-selection/ranker.mjs';

const argv = process.argv.slice(2);
const ROUNDS = Number(flagOf(argv, '--rounds') ?? 9);
const CONFIGS = ['.cursor/mcp.json', '.mcp.json', '.vscode/mcp.json', 'mcp.json'];
const load = (f) => JSON.parse(readFileSync(new URL(`./tool-selection/${f}`, import.meta.url), 'utf8'));
const requests = load('requests.json');
const { '//': _why, ...aliases } = load('aliases.json');

/**
 * A config entry's settings as its client would pass them to a person who set nothing: literal values
 * kept, `${VAR:-default}` as its default, any other placeholder (credentials, prompts) left out. Only
 * the flags of its args count (the script or package before them is the server itself).
 */
function entrySettings(entry) {
  const env = {};
  for (const [k, v] of Object.entries(entry.env ?? {})) {
    const d = /^\$\{[^}:]+:-([^}]*)\}$/.exec(v);
    if (d) env[k] = d[1];
    else if (!String(v).includes('${') && v !== '') env[k] = v;
  }
  return { env, args: (entry.args ?? []).filter((a) => a.startsWith('--')) };
}

function configTools(cli) {
  return CONFIGS.map((file) => {
    const json = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
    const entries = Object.entries(json.mcpServers ?? json.servers ?? {});
    const per = entries.map(([name, e]) => {
      const { env, args } = entrySettings(e);
      return { name, tools: listReportOf(cli, env, args).tools.length };
    });
    return { file, total: per.reduce((s, x) => s + x.tools, 0), per };
  });
}

async function figures(cli) {
  const reports = Object.fromEntries(Object.entries(SURFACES).map(([k, env]) => [k, listReportOf(cli, env)]));
  const doubled = (k) => scoreSurface(reports[k].tools, requests, aliases).doubled.length;
  return {
    defaultTools: reports.default.tools.length,
    tokens: reports.default.tokens,
    readOnlyTools: reports['read-only'].tools.length,
    doubled: `${doubled('default')} / ${doubled('read-only')}`,
    wire: (await wireBytesOf(cli, SURFACES.default)).bytes,
    wireAll: (await wireBytesOf(cli, SURFACES.all)).bytes,
    allTools: reports.all.tools.length,
    configs: configTools(cli),
  };
}

/** Cold start ratios (median of per-round ratios), the builds and the baseline alternating in each round. */
async function coldStarts(clis) {
  const sb = await startSandboxProcess();
  try {
    const env = defaultSurfaceEnv(externalEnv(sb));
    const series = [...clis.map((c) => [c]), [ONE_TOOL_SERVER]];
    for (const args of series) await coldStart(args, env); // warm the file cache
    const ms = series.map(() => []);
    for (let i = 0; i < ROUNDS; i++)
      for (const [j, args] of series.entries()) ms[j].push((await coldStart(args, env)).ms);
    const base = ms.at(-1);
    return clis.map((_, j) => ({
      ratio: median(ms[j].map((m, i) => m / base[i])),
      ms: median(ms[j]),
      baseMs: median(base),
    }));
  } finally {
    await sb.close();
  }
}

const before = beforeBuild(argv);
try {
  const b = await figures(before.cli);
  const a = await figures(CLI);
  const [cb, ca] = await coldStarts([before.cli, CLI]);
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`; // the units of the issue: 1 KB = 1,000 bytes
  const cfg = (f) => f.configs.map((c) => `${c.file} ${c.total}`).join(', ');
  const rows = [
    [
      'default tools / model-facing tokens',
      `${b.defaultTools} / ${b.tokens}`,
      `${a.defaultTools} / ${a.tokens}`,
      '≤ 30 / ≤ 3,500',
      a.defaultTools <= 30 && a.tokens <= 3500,
    ],
    ['--read-only tools', b.readOnlyTools, a.readOnlyTools, '≤ 15', a.readOnlyTools <= 15],
    [
      'intents served by two tools, default / read-only',
      b.doubled,
      a.doubled,
      '0 / 0',
      a.doubled === '0 / 0',
    ],
    ['tools/list bytes on the wire, default', kb(b.wire), kb(a.wire), '≤ 60 KB', a.wire <= 60 * 1024],
    [
      `tools/list bytes on the wire, --toolsets all (${b.allTools} -> ${a.allTools} tools)`,
      kb(b.wireAll),
      kb(a.wireAll),
      '',
      undefined,
    ],
    [
      `cold start to a listed SDK Client, default, vs a one-tool server (${ROUNDS} rounds)`,
      `${cb.ratio.toFixed(2)}×`,
      `${ca.ratio.toFixed(2)}×`,
      '≤ 1.5×',
      ca.ratio <= 1.5,
    ],
    [
      'tools started by each shipped client config',
      cfg(b),
      cfg(a),
      '≤ 40 each',
      a.configs.every((c) => c.total <= 40),
    ],
  ];
  console.log('Tool-surface targets, one run: before | after | target');
  console.log(`| figure | before | after | target |\n|---|---|---|---|`);
  for (const [f, x, y, t, met] of rows)
    console.log(`| ${f} | ${x} | ${y} | ${t}${met === undefined ? '' : met ? ' (met)' : ' (missed)'} |`);
  console.log(
    `cold start medians: before ${cb.ms.toFixed(0)} ms, after ${ca.ms.toFixed(0)} ms, one-tool server ${ca.baseMs.toFixed(0)} ms`,
  );
  for (const c of a.configs)
    console.log(`  after, ${c.file}: ${c.per.map((p) => `${p.name} ${p.tools}`).join(', ')}`);
  console.log(`before = ${before.label}; after = this build (${CLI})`);
} finally {
  before.remove();
}
