// Every tool in the registry, through a real MCP client against the sandbox. The client listed the tools
// first, so the SDK validated every structuredContent below against the advertised outputSchema (a
// mismatch throws in callTool): a call that succeeds, a bad input the schema rejects unsent, an error
// answered by the service, all_pages (paginated tools), wait (async tools) and dry_run (mutating tools).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationSpec } from '../../src/evs/operation.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { structuredSchema } from '../../src/mcp/engine/result-schema.js';
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

/** The documented path as a sandbox fault glob: every `{placeholder}` is one segment. */
const pathGlob = (path: string): string => path.replace(/\{[^}]+\}/g, '*');

/** What the advertised schema allows, checked again on this side with the server's own definition. */
function expectAdvertised(spec: OperationSpec, structured: unknown): void {
  const parsed = structuredSchema(spec).safeParse(structured);
  expect(parsed.error?.issues ?? [], JSON.stringify(structured)).toEqual([]);
}

function caseFor(tool: string): ToolCase {
  const c = TOOL_CASES[tool];
  if (!c) throw new Error(`no case in test/e2e/tool-cases.ts for the tool ${tool}`);
  return c;
}

describe('tool cases', () => {
  it('cover exactly the tools in OPERATIONS', () => {
    const tools = OPERATIONS.map((o) => o.tool).sort();
    // The 60 documented sections, get_quota_headroom, the 17 operations of the current SDK newer than
    // the reference, CreateVolume and ResizeVolume on /v2.1/, and the two batch tools: a record dropped
    // with its case still fails here.
    expect(tools).toHaveLength(82);
    expect(Object.keys(TOOL_CASES).sort()).toEqual(tools);
  });

  it('match the tools the server lists with every toolset on', async () => {
    const { tools } = await harnesses().main.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(OPERATIONS.map((o) => o.tool).sort());
  });
});

describe.each(OPERATIONS.map((spec) => [spec.tool, spec] as const))('%s', (tool, spec) => {
  // First: the resources are still as set up, so no guardrail stops the call before the service does.
  it('answers a service error with the EVS code, valid against the advertised schema', async () => {
    const { main, peer, ctx } = harnesses();
    const c = caseFor(tool);
    const h = c.as === 'peer' ? peer : main;
    const args = await c.ok(ctx);
    const before = h.sandbox.requestLog.total();
    h.sandbox.faults.add({ method: spec.method, path: pathGlob(spec.path), status: 403 });
    try {
      const res = await call(h, tool, args);
      expect(res.isError, res.text).toBe(true);
      expectAdvertised(spec, res.structuredContent);
      const s = res.structuredContent as { error?: { status?: number; code?: string } };
      const faulted = h.sandbox.requestLog.since(before).some((e) => e.outcome === 'fault');
      // Runs before the happy path, so every guardrail passes and the service's 403 is what answers:
      // the error names its code and the IAM actions the call needs.
      expect(faulted, res.text).toBe(true);
      expect(s.error, res.text).toMatchObject({ status: 403, code: expect.any(String) });
      expect(res.text).toContain(s.error!.code!);
      if (spec.iamActions.length) expect(res.text).toContain(`Needs IAM actions: ${spec.iamActions[0]}`);
    } finally {
      h.sandbox.faults.clear();
    }
  });

  it('succeeds through the MCP client', async () => {
    const { main, peer, ctx } = harnesses();
    const c = caseFor(tool);
    const h = c.as === 'peer' ? peer : main;
    const before = h.sandbox.requestLog.total();
    const args = await c.ok(ctx);
    const res = await call(h, tool, args);
    expect(res.isError, res.text).toBeFalsy();
    const sent = h.sandbox.requestLog.since(before);
    const documented = pathPattern(spec.path);
    expect(
      sent.filter((e) => e.method === spec.method && documented.test(e.path) && e.status < 400),
      `${spec.method} ${spec.path} in ${JSON.stringify(sent.map((e) => `${e.method} ${e.path} ${e.status}`))}`,
    ).not.toHaveLength(0);
    const structured = res.structuredContent;
    expect(structured, res.text).toBeDefined();
    // The client already checked the advertised outputSchema; check the record's own schema too.
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
    const before = h.sandbox.requestLog.total();
    const res = await call(h, tool, typeof c.bad === 'function' ? c.bad(ctx) : c.bad);
    expect(res.isError, res.text).toBe(true);
    expect(res.text).toContain(`Input validation error: Invalid arguments for tool ${tool}: `);
    expect(res.text).toContain(c.rejects);
    expect(h.sandbox.requestLog.since(before)).toEqual([]);
  });

  if (spec.pagination)
    it('follows pages with all_pages, valid against the advertised schema', async () => {
      const { main, peer, ctx } = harnesses();
      const c = caseFor(tool);
      const h = c.as === 'peer' ? peer : main;
      const res = await call(h, tool, { ...(await c.ok(ctx)), all_pages: true });
      expect(res.isError, res.text).toBeFalsy();
      expectAdvertised(spec, res.structuredContent);
      expect(res.structuredContent).toMatchObject({ pages: expect.any(Number) });
    });

  if (spec.async)
    it('waits, valid against the advertised schema', async () => {
      const { main, peer, ctx } = harnesses();
      const c = caseFor(tool);
      const h = c.as === 'peer' ? peer : main;
      const args = await c.ok(ctx);
      if (!spec.hints.readOnly) {
        // A mutating async tool's happy path is its wait=true call (checked settled above).
        expect(args.wait, 'the happy path of an async mutating tool waits').toBe(true);
        return;
      }
      const res = await call(h, tool, { ...args, wait: true });
      expect(res.isError, res.text).toBeFalsy();
      expectAdvertised(spec, res.structuredContent);
      expect((res.structuredContent as { wait?: unknown }).wait).toMatchObject({
        settled: true,
        succeeded: true,
      });
      expect(res.text).toMatch(/Waited \d+ s: /);
      expect(res.text).not.toContain('NaN');
    });

  if (!spec.hints.readOnly)
    it('dry runs without sending, valid against the advertised schema', async () => {
      const { main, peer, ctx } = harnesses();
      const c = caseFor(tool);
      const h = c.as === 'peer' ? peer : main;
      const args = await c.ok(ctx);
      const before = h.sandbox.requestLog.total();
      const res = await call(h, tool, { ...args, dry_run: true });
      expect(res.isError, res.text).toBeFalsy();
      expectAdvertised(spec, res.structuredContent);
      expect(res.structuredContent).toMatchObject({ dry_run: true, tool });
      // Look-ups may read; nothing else reached the service.
      const sent = h.sandbox.requestLog.since(before);
      expect(sent.filter((e) => e.method !== 'GET').map((e) => `${e.method} ${e.path}`)).toEqual([]);
    });
});
