// Tool selection: can the words of a user's request pick the right tool? The requests of
// bench/tool-selection/requests.json (disk management in chat, agent-driven ops workflows, quota
// questions), each labelled with the tool a correct agent calls first, are ranked by BM25 against what a
// model reads of each tool (bench/tool-selection/ranker.mjs), for the default, read-only and all
// surfaces of two builds: "before" (the base commit, built in a temporary folder, or --before <cli>) and
// "after" (this build). Top-1, top-3, confusable pairs and intents served by two tools, side by side.
// Run after `npm run build`: node bench/tool-selection.mjs [--before <dist/cli/main.js>] [--base <commit>]
//   [--misses] [--json]
// With EVS_BENCH_MODEL_URL (an OpenAI-compatible /chat/completions URL), EVS_BENCH_MODEL and optionally
// EVS_BENCH_MODEL_KEY set, it also asks that model for its first tool call on the default surface of
// this build; nothing else needs a model.
import { readFileSync } from 'node:fs';
import { beforeBuild } from './lib/base-build.mjs';
import { CLI } from './lib/procs.mjs';
import { SURFACES, surfacesOf } from './lib/tool-lists.mjs';
import { acceptedOf, scoreSurface } from './tool-selection/ranker.mjs';

const argv = process.argv.slice(2);
const load = (f) => JSON.parse(readFileSync(new URL(`./tool-selection/${f}`, import.meta.url), 'utf8'));
const requests = load('requests.json');
const { '//': _why, ...aliases } = load('aliases.json');

const before = beforeBuild(argv);
let b;
try {
  b = surfacesOf(before.cli);
} finally {
  before.remove();
}
const a = surfacesOf(CLI);
const score = (s) =>
  Object.fromEntries(Object.keys(SURFACES).map((k) => [k, scoreSurface(s[k], requests, aliases)]));
const sb = score(b);
const sa = score(a);

if (argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ before: sb, after: sa }, null, 2)}\n`);
} else {
  const pct = (n, d) => (d ? `${n}/${d} ${((100 * n) / d).toFixed(0)}%` : '-');
  const uses = [...new Set(requests.map((r) => r.use))].map(
    (u) => `${requests.filter((r) => r.use === u).length} ${u}`,
  );
  console.log(
    `Tool selection, BM25 over name/title/description/parameters, ${requests.length} requests (${uses.join(', ')})`,
  );
  console.log(
    `${'surface'.padEnd(10)} ${'figure'.padEnd(34)} ${'before'.padStart(16)} ${'after'.padStart(16)}`,
  );
  for (const k of Object.keys(SURFACES)) {
    const x = sb[k];
    const y = sa[k];
    const rows = [
      ['tools', x.tools, y.tools],
      ['requests it can serve', x.served, y.served],
      ['top-1 right', pct(x.top1, x.served), pct(y.top1, y.served)],
      ['top-3 right', pct(x.top3, x.served), pct(y.top3, y.served)],
      ['confusable pairs (within 5%)', x.pairs.length, y.pairs.length],
      ['intents served by two tools', x.doubled.length, y.doubled.length],
    ];
    for (const [f, p, q] of rows)
      console.log(`${k.padEnd(10)} ${f.padEnd(34)} ${String(p).padStart(16)} ${String(q).padStart(16)}`);
  }
  for (const [label, s] of [
    ['before', sb],
    ['after', sa],
  ]) {
    const d = s.default;
    console.log(
      `${label}, default: most confusable pairs: ${
        d.pairs
          .slice(0, 6)
          .map(([p, n]) => `${p} (${n})`)
          .join('; ') || '-'
      }`,
    );
    console.log(
      `${label}, default: intents served by two tools: ${d.doubled.map((i) => `${i.intent}: ${i.tools.join('/')}`).join('; ') || '-'}`,
    );
  }
  if (argv.includes('--misses'))
    for (const m of sa.default.misses)
      console.log(`  miss ${m.id}: "${m.request}" -> ${m.got}, want ${m.want.join('|')}`);
  console.log(`before = ${before.label}; after = this build (${CLI})`);
}

// Optional: a real model's first tool call, on the default surface of this build.
const url = process.env.EVS_BENCH_MODEL_URL;
if (url && process.env.EVS_BENCH_MODEL) {
  const tools = a.default.map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description ?? '', parameters: t.inputSchema },
  }));
  let right = 0;
  let asked = 0;
  for (const req of requests) {
    const ok = acceptedOf(req, a.default, aliases);
    if (!ok.length) continue;
    asked++;
    const res = await globalThis.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(process.env.EVS_BENCH_MODEL_KEY
          ? { authorization: `Bearer ${process.env.EVS_BENCH_MODEL_KEY}` }
          : {}),
      },
      body: JSON.stringify({
        model: process.env.EVS_BENCH_MODEL,
        temperature: 0,
        tool_choice: 'required',
        tools,
        messages: [{ role: 'user', content: req.request }],
      }),
    });
    const body = await res.json();
    const called = body.choices?.[0]?.message?.tool_calls?.[0]?.function?.name;
    if (ok.includes(called)) right++;
  }
  console.log(
    `model ${process.env.EVS_BENCH_MODEL}, default surface of this build: first call right ${right}/${asked}`,
  );
}
