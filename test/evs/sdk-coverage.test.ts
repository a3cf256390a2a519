// Coverage of the current official EVS API (test/fixtures/sdk-operations.json, from Huawei's SDK clients)
// by the operation records, and the table in docs/current-api.md that says so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operationName } from '../../src/evs/operation.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';

interface SdkOperation {
  operation: string;
  method: string;
  path: string;
  version: string | null;
  job: boolean;
  tool: string | null;
  also?: string[];
}

interface ToolRow {
  tool: string;
  section: string;
  method: string;
  path: string;
  action?: string;
  operation: string | null;
  match: 'exact' | 'version' | null;
  nearest?: string;
  reason?: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sdk-operations.json', import.meta.url), 'utf8'),
) as {
  operations: SdkOperation[];
  tools: ToolRow[];
};
const doc = readFileSync(new URL('../../docs/current-api.md', import.meta.url), 'utf8');

/** The path without its API version segment, and with placeholder names erased. */
const shape = (path: string) => path.replace(/^\/v[\d.]+\//, '/v/').replace(/\{\w+\}/g, '{}');

describe('coverage of the current official EVS API', () => {
  it('maps every tool to its official operation, or says why it has none', () => {
    expect(fixture.tools.map((t) => t.tool).sort()).toEqual(OPERATIONS.map((o) => o.tool).sort());
    for (const t of fixture.tools) {
      const op = OPERATIONS.find((o) => o.tool === t.tool)!;
      expect([op.section, op.method, op.path, op.action], t.tool).toEqual([
        t.section,
        t.method,
        t.path,
        t.action,
      ]);
      // The record itself names its official operation (published as _meta["evs/operation"]).
      expect(operationName(op), t.tool).toBe(t.operation);
      if (t.operation === null) {
        expect(t.reason, t.tool).toMatch(/\S/);
        expect(op.operation, t.tool).toEqual({ none: t.reason });
        continue;
      }
      const sdk = fixture.operations.find((o) => o.operation === t.operation);
      expect(sdk, `${t.tool}: ${t.operation} is not an SDK operation`).toBeDefined();
      expect(sdk!.method, t.tool).toBe(op.method);
      if (t.match === 'exact')
        expect(op.path.replace(/\{\w+\}/g, '{}'), t.tool).toBe(sdk!.path.replace(/\{\w+\}/g, '{}'));
      else expect(shape(op.path), t.tool).toBe(shape(sdk!.path));
    }
  });

  it('has a tool for every SDK operation, by the operation name its record gives', () => {
    // Compared by name with the records themselves: an SDK operation no record names fails here.
    const named = new Set(OPERATIONS.map(operationName).filter((n): n is string => n !== null));
    const missing = fixture.operations.map((o) => o.operation).filter((name) => !named.has(name));
    expect(missing, 'SDK operations without a tool').toEqual([]);
    for (const o of fixture.operations) {
      expect(o.tool, o.operation).not.toBeNull();
      const mapped = OPERATIONS.filter((t) => operationName(t) === o.operation).map((t) => t.tool);
      expect([o.tool, ...(o.also ?? [])].sort(), o.operation).toEqual(mapped.sort());
    }
  });

  it('fails when a record naming an SDK operation is missing', () => {
    // The check above, on the registry without one record: the operation it named is reported.
    const without = OPERATIONS.filter((o) => o.tool !== 'retype_disk');
    const named = new Set(without.map(operationName));
    expect(fixture.operations.map((o) => o.operation).filter((n) => !named.has(n))).toEqual(['RetypeVolume']);
  });

  it('lists the same operations, tools and new ones in docs/current-api.md', () => {
    const rows = doc
      .split('\n')
      .map((line) =>
        /^\| ([A-Z]\w+) +\| (GET|POST|PUT|DELETE) +\| `([^`]+)` +\| (yes)? *\| ([^|]+)\|/.exec(line),
      )
      .filter((m): m is RegExpExecArray => m !== null);
    expect(rows.map((m) => m[1]).sort()).toEqual(fixture.operations.map((o) => o.operation).sort());
    for (const m of rows) {
      const o = fixture.operations.find((x) => x.operation === m[1])!;
      expect([m[2], m[3], m[4] === 'yes'], o.operation).toEqual([o.method, o.path, o.job]);
      const tools = [...m[5]!.matchAll(/`(\w+)`/g)].map((t) => t[1]);
      expect(tools.length === 0 ? null : tools, o.operation).toEqual(
        o.tool ? [o.tool, ...(o.also ?? [])] : null,
      );
    }
    for (const t of fixture.tools) expect(doc, t.tool).toContain(`| \`${t.tool}\``);
  });
});
