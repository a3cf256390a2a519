// The build's precomputed tools/list entries (dist/mcp/tool-definitions.json, written by scripts/postbuild.mjs
// and served by the built server) are exactly what the records give now: a stale file fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { toolDefinition } from '../../src/mcp/tool-list.js';
import { DEFINITIONS_FILE, definitionOf } from '../../src/mcp/tool-definitions.js';

describe('precomputed tool definitions', () => {
  const built = JSON.parse(
    readFileSync(new URL(`../../dist/mcp/${DEFINITIONS_FILE}`, import.meta.url), 'utf8'),
  ) as { name: string }[];

  it('the build lists every record once', () => {
    expect(built.map((t) => t.name)).toEqual(OPERATIONS.map((o) => o.tool));
  });

  it.each(OPERATIONS.map((o) => [o.tool, o] as const))(
    "%s: the built entry equals the record's",
    (_, spec) => {
      expect(built.find((t) => t.name === spec.tool)).toEqual(toolDefinition(spec));
    },
  );

  it('run from the sources, definitions are computed from the records', () => {
    const spec = OPERATIONS[0]!;
    expect(definitionOf(spec)).toEqual(toolDefinition(spec));
  });
});
