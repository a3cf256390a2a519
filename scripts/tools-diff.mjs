// The tools/list difference between two builds, for the default, read-only and all surfaces: tools
// added, removed, and for a tool in both, the fields that changed (down to a schema's properties).
// Usage: node scripts/tools-diff.mjs <a/dist/cli/main.js> <b/dist/cli/main.js> [--json]
import { SURFACES, surfacesOf } from '../bench/lib/tool-lists.mjs';

const [a, b] = process.argv.slice(2).filter((x) => !x.startsWith('--'));
if (!a || !b) {
  process.stderr.write(
    'usage: node scripts/tools-diff.mjs <a/dist/cli/main.js> <b/dist/cli/main.js> [--json]\n',
  );
  process.exit(2);
}
const asJson = process.argv.includes('--json');

const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);

/** Paths where x and y differ: objects are followed down to `depth` levels, then compared whole. */
function changedPaths(x, y, path = '', depth = 4) {
  if (same(x, y)) return [];
  if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && depth > 0)
    return x.flatMap((v, i) => changedPaths(v, y[i], `${path}[${i}]`, depth - 1));
  if (!isObj(x) || !isObj(y) || depth === 0) {
    const what = x === undefined ? 'added' : y === undefined ? 'removed' : 'changed';
    return [`${path || '(whole)'} ${what}`];
  }
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
  return keys.flatMap((k) => changedPaths(x[k], y[k], path ? `${path}.${k}` : k, depth - 1));
}

const bytes = (tools) => Buffer.byteLength(JSON.stringify(tools));

function diffSurface(before, after) {
  const byName = (ts) => new Map(ts.map((t) => [t.name, t]));
  const A = byName(before);
  const B = byName(after);
  return {
    tools: [before.length, after.length],
    bytes: [bytes(before), bytes(after)],
    added: [...B.keys()].filter((n) => !A.has(n)).sort(),
    removed: [...A.keys()].filter((n) => !B.has(n)).sort(),
    changed: [...A.keys()]
      .filter((n) => B.has(n))
      .sort()
      .map((n) => ({ tool: n, fields: changedPaths(A.get(n), B.get(n)) }))
      .filter((c) => c.fields.length),
  };
}

const sa = surfacesOf(a);
const sb = surfacesOf(b);
const report = Object.fromEntries(Object.keys(SURFACES).map((s) => [s, diffSurface(sa[s], sb[s])]));
if (asJson) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const out = [`a: ${a}`, `b: ${b}`];
  for (const [s, d] of Object.entries(report)) {
    out.push(
      '',
      `== ${s}: ${d.tools[0]} -> ${d.tools[1]} tools, ${d.bytes[0]} -> ${d.bytes[1]} bytes of tool definitions`,
    );
    out.push(`added (${d.added.length}): ${d.added.join(', ') || '-'}`);
    out.push(`removed (${d.removed.length}): ${d.removed.join(', ') || '-'}`);
    out.push(`changed (${d.changed.length}):${d.changed.length ? '' : ' -'}`);
    for (const c of d.changed) {
      const shown = c.fields.slice(0, 12);
      const more = c.fields.length > shown.length ? `, … ${c.fields.length - shown.length} more` : '';
      out.push(`  ${c.tool}: ${shown.join(', ')}${more}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
