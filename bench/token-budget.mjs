// Token budget of the model-facing tool list: name + description + inputSchema of every tool,
// counted with the o200k tokenizer. Budget: all documented operations in at most 10,000 tokens.
// Run after `npm run build`: node bench/token-budget.mjs
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { single } from './lib/stats.mjs';
import { DEFAULT_TOOLSETS, TOOLSETS } from '../dist/evs/toolsets.js';
import { OPERATIONS } from '../dist/evs/operations/index.js';
import { selectOperations } from '../dist/mcp/select-tools.js';
import { modelFacing, toolDefinition } from '../dist/mcp/tool-list.js';

const BUDGET = 10_000;
const documented = new Set(OPERATIONS.filter((o) => o.tool !== 'get_quota_headroom').map((o) => o.section));

/** The schema without `description` annotations (a property may be named "description": kept). */
function undescribed(node) {
  if (Array.isArray(node)) return node.map(undescribed);
  if (typeof node !== 'object' || node === null) return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description') continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, undescribed(s)]))
        : undescribed(v);
  }
  return out;
}

function measure(selection, shape = (t) => t) {
  const tools = selectOperations(OPERATIONS, selection).map(toolDefinition).map(modelFacing).map(shape);
  const text = JSON.stringify(tools);
  const perTool = tools.map((t) => ({ name: t.name, tokens: countTokens(JSON.stringify(t)) }));
  return { tools: tools.length, bytes: Buffer.byteLength(text), tokens: countTokens(text), perTool };
}

const all = measure({ toolsets: TOOLSETS, readOnly: false });
const defaults = measure({ toolsets: DEFAULT_TOOLSETS, readOnly: false });
const readOnly = measure({ toolsets: TOOLSETS, readOnly: true });

const line = (label, m) =>
  `${label.padEnd(34)} ${String(m.tools).padStart(3)} tools ${String(m.bytes).padStart(7)} bytes ${String(m.tokens).padStart(6)} tokens ${(m.tokens / m.tools).toFixed(1).padStart(6)} tokens/tool`;

console.log('tools/list, model-facing part (name, description, inputSchema), o200k tokens');
console.log(line('all toolsets (every operation)', all));
console.log(line('default toolsets', defaults));
console.log(line('read-only, all toolsets', readOnly));
// Where the tokens are: the same list without property descriptions, and without any description
// (what the constraints, names and JSON alone cost: the floor no wording change can go below).
const noArgText = measure({ toolsets: TOOLSETS, readOnly: false }, (t) => ({
  ...t,
  inputSchema: undescribed(t.inputSchema),
}));
const floor = measure({ toolsets: TOOLSETS, readOnly: false }, ({ name, inputSchema }) => ({
  name,
  inputSchema: undescribed(inputSchema),
}));
console.log(line('  without argument descriptions', noArgText));
console.log(line('  without any description (floor)', floor));
console.log(`documented sections covered: ${documented.size}`);
console.log('largest tools:');
for (const t of [...all.perTool].sort((a, b) => b.tokens - a.tokens).slice(0, 5))
  console.log(`  ${t.name.padEnd(30)} ${t.tokens}`);
console.log(
  single('tool list, model-facing tokens per tool (all toolsets)', all.tokens / all.tools, {
    unit: ' tokens',
    target: 115,
  }),
);
const verdict = all.tokens <= BUDGET ? 'within' : 'OVER';
console.log(`budget: ${all.tokens} / ${BUDGET} tokens for all tools: ${verdict} budget`);
process.exitCode = all.tokens <= BUDGET ? 0 : 1;
