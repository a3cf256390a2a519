// Every tool in the registry, through a real MCP client against the sandbox: one call that succeeds
// (structured result valid against the record's schema), one bad input the schema rejects unsent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { call, startToolHarnesses, type ToolHarnesses } from './helpers.js';
import { TOOL_CASES, type ToolCase } from './tool-cases.js';

let hs: ToolHarnesses | undefined;

beforeAll(async () => {
  hs = await startToolHarnesses();
});
afterAll(async () => {
  await hs?.close();
});

function harnesses(): ToolHarnesses {
  if (!hs) throw new Error('set-up did not finish');
  return hs;
}

/** The documented path as a pattern: every `{placeholder}` is one path segment. */
function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

function caseFor(tool: string): ToolCase {
  const c = TOOL_CASES[tool];
  if (!c) throw new Error(`no case in test/e2e/tool-cases.ts for the tool ${tool}`);
  return c;
}

describe('tool cases', () => {
  it('cover exactly the tools in OPERATIONS', () => {
    const tools = OPERATIONS.map((o) => o.tool).sort();
    // The 60 documented sections plus get_quota_headroom: a record dropped with its case still fails here.
    expect(tools).toHaveLength(61);
    expect(Object.keys(TOOL_CASES).sort()).toEqual(tools);
  });

  it('match the tools the server lists with every toolset on', async () => {
    const { tools } = await harnesses().main.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(OPERATIONS.map((o) => o.tool).sort());
  });
});

describe.each(OPERATIONS.map((spec) => [spec.tool, spec] as const))('%s', (tool, spec) => {
  it('succeeds through the MCP client', async () => {
    const { main, peer, ctx } = harnesses();
    const c = caseFor(tool);
    const h = c.as === 'peer' ? peer : main;
    const before = h.sandbox.requestLog.entries().length;
    const args = await c.ok(ctx);
    const res = await call(h, tool, args);
    expect(res.isError, res.text).toBeFalsy();
    const sent = h.sandbox.requestLog.entries().slice(before);
    const documented = pathPattern(spec.path);
    expect(
      sent.filter((e) => e.method === spec.method && documented.test(e.path) && e.status < 400),
      `${spec.method} ${spec.path} in ${JSON.stringify(sent.map((e) => `${e.method} ${e.path} ${e.status}`))}`,
    ).not.toHaveLength(0);
    const structured = res.structuredContent;
    expect(structured, res.text).toBeDefined();
    // The client already checked the advertised outputSchema (read-only tools); check every record's schema.
    const parsed = spec.output?.schema?.safeParse(structured);
    if (parsed) expect(parsed.error?.issues ?? [], JSON.stringify(structured)).toEqual([]);
    // Guarded tools passed their look-ups for real (confirmation is off, the checks are not).
    const guard = spec.guard ?? {};
    if (guard.preflight?.length || guard.reads?.length) {
      expect(structured!.checks, 'pre-flight notes').toEqual(expect.arrayContaining([expect.any(String)]));
    }
    if (args.wait === true) expect(structured!.wait).toMatchObject({ settled: true, succeeded: true });
    c.check?.(structured!, ctx);
  });

  it('rejects a bad input without sending any request', async () => {
    const { main, peer, ctx } = harnesses();
    const c = caseFor(tool);
    const h = c.as === 'peer' ? peer : main;
    const before = h.sandbox.requestLog.entries().length;
    const res = await call(h, tool, typeof c.bad === 'function' ? c.bad(ctx) : c.bad);
    expect(res.isError, res.text).toBe(true);
    expect(res.text).toContain(`Input validation error: Invalid arguments for tool ${tool}: `);
    expect(res.text).toContain(c.rejects);
    expect(h.sandbox.requestLog.entries().slice(before)).toEqual([]);
  });
});
