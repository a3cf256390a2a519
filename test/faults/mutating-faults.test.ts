// Every mutating tool against the sandbox's fault injection on its own request (5xx, 429 with
// Retry-After, latency past the request timeout, a dropped connection, a malformed 2xx body):
// no crash, the request never sent twice, never a false success, and an uncertain outcome says the
// operation may have happened and how to check. The request log is the oracle of what was sent.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/sandbox/index.js';
import { call, startToolHarnesses, type ToolHarnesses } from '../e2e/helpers.js';
import { TOOL_CASES } from '../e2e/tool-cases.js';
import { misfit, templateOf } from '../fuzz/oracle.js';

interface FaultKind {
  name: string;
  rule: Omit<FaultRule, 'path' | 'method'>;
  /** The service may have acted on the request: the answer must say so and how to check. */
  uncertain: boolean;
}

// Latency beyond the 1 s request timeout the servers run with here.
const KINDS: FaultKind[] = [
  { name: '503', rule: { status: 503 }, uncertain: false },
  { name: '500', rule: { status: 500 }, uncertain: true },
  { name: '429 with Retry-After', rule: { status: 429, retryAfterSeconds: 1 }, uncertain: false },
  { name: 'dropped connection', rule: { drop: true }, uncertain: true },
  { name: 'malformed 2xx body', rule: { malformed: true }, uncertain: true },
  { name: 'latency past the budget', rule: { latencyMs: 1800 }, uncertain: true },
];

let hs: ToolHarnesses | undefined;
let mutating: Tool[] = [];

beforeAll(async () => {
  hs = await startToolHarnesses({ EVS_MCP_REQUEST_TIMEOUT_MS: '1000' });
  const { tools } = await hs.main.client.listTools();
  mutating = tools.filter((t) => t.annotations?.readOnlyHint !== true);
}, 120_000);
afterAll(async () => {
  await hs?.close();
});

function harnesses(): ToolHarnesses {
  if (!hs) throw new Error('set-up did not finish');
  return hs;
}

// The latency kind runs last: its requests are carried out by the sandbox after the client gave up.
describe.each(KINDS)('fault: $name', (kind) => {
  it('every mutating tool: no crash, never sent twice, no false success, uncertainty said', async () => {
    const { main, peer, ctx } = harnesses();
    expect(mutating.length).toBeGreaterThanOrEqual(30);
    const problems: string[] = [];
    for (const tool of mutating) {
      const c = TOOL_CASES[tool.name];
      if (!c) throw new Error(`no case for ${tool.name}`);
      const h = c.as === 'peer' ? peer : main;
      const own = templateOf(tool, h.config.projectId ?? '')!;
      // The fault hits only the tool's own request; its look-ups and polls go through.
      main.sandbox.faults.clear();
      main.sandbox.faults.add({ ...kind.rule, method: own.method, path: own.re });
      const before = h.sandbox.requestLog.total();
      const args = { ...(await c.ok(ctx)) };
      const res = await call(h, tool.name, args);
      main.sandbox.faults.clear();
      const sent = h.sandbox.requestLog.since(before).filter((e) => !misfit(own, e.method, e.path));
      const label = `${tool.name}: ${res.text.slice(0, 240)}`;
      if (sent.length > 1) problems.push(`${label}\n  sent ${sent.length} times`);
      if (sent.length === 0) continue; // refused before sending (its own look-ups decided)
      if (!res.isError) problems.push(`${label}\n  reported success although the request failed`);
      if (kind.uncertain && !/may have/i.test(res.text))
        problems.push(`${label}\n  does not say the operation may have happened`);
      if (kind.uncertain && !/check/i.test(res.text)) problems.push(`${label}\n  does not say how to check`);
    }
    await expect(main.client.ping()).resolves.toBeDefined();
    // Printed whole: the assertion's diff would elide most of them.
    for (const p of problems) console.log(`[${kind.name}] ${p}`);
    expect(problems).toEqual([]);
  }, 180_000);
});
