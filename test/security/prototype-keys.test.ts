// Map inputs (metadata, tags, filters) and metadata keys in paths refuse `__proto__`, `constructor` and
// `prototype`, and an accepted map sends every key it was given. Arguments go out as raw JSON, so a map
// really carries an own `__proto__` property as JSON.parse makes it on the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { RESERVED_KEYS } from '../../src/evs/schemas/common.js';
import { startToolHarnesses, type ToolHarnesses } from '../e2e/helpers.js';
import { TOOL_CASES, type Args } from '../e2e/tool-cases.js';
import { callTool } from './hostile-values.js';

let hs: ToolHarnesses | undefined;
let tools: { name: string; inputSchema: { properties?: Record<string, Record<string, unknown>> } }[] = [];

beforeAll(async () => {
  hs = await startToolHarnesses();
  tools = (await hs.main.client.listTools()).tools as typeof tools;
});
afterAll(async () => {
  await hs?.close();
});

const isMap = (s: Record<string, unknown>) =>
  s.type === 'object' && (s.propertyNames !== undefined || typeof s.additionalProperties === 'object');

/** Every (tool, argument) whose advertised schema is a free-form map. */
function mapArguments(): [string, string][] {
  return tools.flatMap((t) =>
    Object.entries(t.inputSchema.properties ?? {})
      .filter(([, s]) => isMap(s))
      .map(([prop]) => [t.name, prop] as [string, string]),
  );
}

/** `map` plus an own enumerable `key` (a plain assignment of `__proto__` would set the prototype instead). */
function withOwnKey(map: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = JSON.parse(JSON.stringify(map)) as Record<string, unknown>;
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

async function baseArgs(tool: string): Promise<{ args: Args; peer: boolean }> {
  const c = TOOL_CASES[tool];
  if (!c) throw new Error(`no case in test/e2e/tool-cases.ts for ${tool}`);
  return { args: await c.ok((hs as ToolHarnesses).ctx), peer: c.as === 'peer' };
}

describe('map arguments', () => {
  it('are found in the advertised schemas (metadata, tags, filters), none nested deeper', () => {
    const found = mapArguments().map(([t, p]) => `${t}.${p}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'add_disk_metadata.metadata',
        'replace_disk_metadata.metadata',
        'add_snapshot_metadata.metadata',
        'replace_snapshot_metadata.metadata',
        'create_disks.metadata',
        'add_disk_tags.tags',
        'find_disks_by_tags.tags',
      ]),
    );
    const nested = tools.flatMap((t) =>
      Object.entries(t.inputSchema.properties ?? {}).filter(
        ([, s]) => !isMap(s) && JSON.stringify(s).includes('"propertyNames"'),
      ),
    );
    expect(nested, 'a map inside another argument needs a case here').toEqual([]);
  });

  it('refuse each reserved key with a clear error and send nothing', async () => {
    const { main, peer } = hs as ToolHarnesses;
    const maps = mapArguments();
    let calls = 0;
    for (const [tool, prop] of maps) {
      const base = await baseArgs(tool);
      const h = base.peer ? peer : main;
      const given = (base.args[prop] as Record<string, unknown> | undefined) ?? {};
      const value = Object.values(given)[0] ?? 'x';
      for (const key of RESERVED_KEYS) {
        const before = h.sandbox.requestLog.total();
        const res = await callTool(h.client, tool, { ...base.args, [prop]: withOwnKey(given, key, value) });
        expect(res.isError, `${tool}.${prop}.${key}: ${res.text}`).toBe(true);
        expect(res.text).toContain(`key "${key}" is not allowed`);
        expect(h.sandbox.requestLog.since(before), `${tool} ${key}`).toEqual([]);
        calls++;
      }
    }
    expect(calls).toBe(maps.length * RESERVED_KEYS.length);
  });
});

describe('metadata keys in a path', () => {
  const keyTools = OPERATIONS.filter((o) => o.path.endsWith('/metadata/{key}')).map((o) => o.tool);

  it('refuse each reserved key and send nothing', async () => {
    expect(keyTools).toHaveLength(6);
    const { main } = hs as ToolHarnesses;
    for (const tool of keyTools) {
      const { args } = await baseArgs(tool);
      for (const key of RESERVED_KEYS) {
        const before = main.sandbox.requestLog.total();
        const res = await callTool(main.client, tool, { ...args, key });
        expect(res.isError, `${tool} ${key}: ${res.text}`).toBe(true);
        expect(res.text).toContain(`key "${key}" is not allowed`);
        expect(main.sandbox.requestLog.since(before)).toEqual([]);
      }
    }
  });
});

describe('an accepted map', () => {
  // Names that live on Object.prototype or look like the reserved ones, but are ordinary data keys.
  const ODD = [
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__defineGetter__',
    'isPrototypeOf',
    '__proto',
    'constructors',
  ];

  it('sends every metadata key it was given (read back from the sandbox)', async () => {
    const { main, ctx } = hs as ToolHarnesses;
    const metadata = Object.fromEntries(ODD.map((k, i) => [k, `v${i}`]));
    for (const [replace, read, target] of [
      ['replace_disk_metadata', 'get_disk_metadata', { volume_id: ctx.disks.general }],
      ['replace_snapshot_metadata', 'get_snapshot_metadata', { snapshot_id: ctx.snapshots.del }],
    ] as const) {
      const res = await callTool(main.client, replace, { ...target, metadata });
      expect(res.isError, res.text).toBeFalsy();
      const back = await callTool(main.client, read, target);
      expect(back.structuredContent?.metadata, read).toEqual(metadata);
    }
  });

  it('sends every tag key it was given', async () => {
    const { main, ctx } = hs as ToolHarnesses;
    // Not `toString` & co. here: today's sandbox checks repeated tag keys with `in` on a plain object.
    const tags = { __proto: 'a', constructors: 'b', prototype_: 'c' };
    const res = await callTool(main.client, 'add_disk_tags', { volume_id: ctx.disks.extend, tags });
    expect(res.isError, res.text).toBeFalsy();
    const back = await callTool(main.client, 'get_disk_tags', { volume_id: ctx.disks.extend });
    expect(back.structuredContent?.tags).toEqual(tags);
  });
});
