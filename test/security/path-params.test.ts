// Every path parameter of every operation, with hostile values, through a real MCP client against the sandbox:
// each call is either refused with a clear message and nothing sent, or reaches only its documented path with
// the value as one literal segment (the sandbox's request log is the witness).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationSpec } from '../../src/evs/operation.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import documented from '../fixtures/documented-operations.json' with { type: 'json' };
import { startToolHarnesses, type ToolHarnesses } from '../e2e/helpers.js';
import { TOOL_CASES, type Args } from '../e2e/tool-cases.js';
import { HOSTILE_VALUES, callTool, hitsTemplate, pathParams } from './hostile-values.js';

const CASES = OPERATIONS.flatMap((spec) => pathParams(spec.path).map((param) => ({ spec, param })));
const TEMPLATES = [...new Set(OPERATIONS.map((o) => o.path))];

let hs: ToolHarnesses | undefined;
const tally = { refused: 0, sentLiterally: 0, fromConfiguration: 0 };

beforeAll(async () => {
  hs = await startToolHarnesses();
});
afterAll(async () => {
  await hs?.close();
});

/** The tool argument that fills `{param}`: the one whose value `request()` puts there (none: from configuration). */
function argumentFor(spec: OperationSpec, param: string, base: Args): string | undefined {
  const mark = 'MARK-7f3a';
  for (const key of Object.keys(spec.input.shape)) {
    const given = spec.batch && key === spec.batch.idsArg ? [mark] : mark;
    try {
      if (spec.request({ ...base, [key]: given } as never, { projectId: 'p' }).pathParams?.[param] === mark)
        return key;
    } catch {
      // This argument has another type; request() could not use a string there.
    }
  }
  return undefined;
}

describe('the hostile path-parameter cases', () => {
  it('cover every path parameter the API Reference documents', () => {
    const fromFixture = documented.flatMap((d) => pathParams(d.path).map((p) => `${d.section} {${p}}`));
    const fromRegistry = CASES.map((c) => `${c.spec.section} {${c.param}}`);
    // 48 path parameters besides {project_id} in the 60 documented operations: the fixture cannot shrink unseen.
    expect(fromFixture).toHaveLength(48);
    expect([...new Set(fromRegistry)].sort()).toEqual(expect.arrayContaining([...new Set(fromFixture)]));
  });
});

describe.each(CASES.map((c) => [`${c.spec.tool} {${c.param}}`, c] as const))(
  '%s',
  (_name, { spec, param }) => {
    it.each(HOSTILE_VALUES)('%s (%j)', async (_label, value) => {
      const { main, peer, ctx } = hs as ToolHarnesses;
      const c = TOOL_CASES[spec.tool];
      if (!c) throw new Error(`no case in test/e2e/tool-cases.ts for ${spec.tool}`);
      const h = c.as === 'peer' ? peer : main;
      const base = await c.ok(ctx);
      const arg = argumentFor(spec, param, base);
      if (arg === undefined) {
        // No argument reaches this placeholder: it must be the configured project, never caller input.
        expect(spec.request(base as never, { projectId: value }).pathParams?.[param]).toBe(value);
        tally.fromConfiguration++;
        return;
      }
      const before = h.sandbox.requestLog.total();
      // A batch tool's ids reach the placeholder one item at a time.
      const given = spec.batch && arg === spec.batch.idsArg ? [value] : value;
      const res = await callTool(h.client, spec.tool, { ...base, [arg]: given });
      const sent = h.sandbox.requestLog.since(before);
      const seen = JSON.stringify(sent.map((e) => `${e.method} ${e.path} ${e.status}`));

      if (sent.length === 0) {
        // Refused before anything left: an error that names the argument.
        expect(res.isError, `nothing sent but no error: ${res.text}`).toBe(true);
        expect(res.text).toMatch(/Input validation error|Refused/);
        expect(res.text).toContain(arg);
        tally.refused++;
        return;
      }
      // Sent: every request (the call's own and its guard's look-ups) hit a documented path, segment for segment,
      // and every request to this operation's path carries the value as that one literal segment.
      for (const e of sent)
        expect(
          TEMPLATES.some((t) => hitsTemplate(e.path, t)),
          `${e.method} ${e.path} is not a documented path`,
        ).toBe(true);
      const own = sent.filter((e) => e.method === spec.method && hitsTemplate(e.path, spec.path));
      for (const e of own)
        expect(
          hitsTemplate(e.path, spec.path, { param, value }),
          `${e.path}: {${param}} is not ${JSON.stringify(value)}`,
        ).toBe(true);
      if (!res.isError) expect(own, `${spec.method} ${spec.path} not in ${seen}`).not.toHaveLength(0);
      tally.sentLiterally++;
    });
  },
);

describe('tally', () => {
  it('ran every hostile value on every path parameter', () => {
    const { refused, sentLiterally, fromConfiguration } = tally;
    expect(refused + sentLiterally + fromConfiguration).toBe(CASES.length * HOSTILE_VALUES.length);
    // Only get_quota_headroom's {target_project_id} is not an argument.
    expect(fromConfiguration).toBe(HOSTILE_VALUES.length);
    // `..`, `.` and the empty string can never be one segment: each of those is refused on every parameter.
    expect(refused).toBeGreaterThanOrEqual((CASES.length - 1) * 3);
  });
});
