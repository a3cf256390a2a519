// Shortening the tool list must lose no constraint. test/fixtures/input-constraints.json is the
// constraint-only view (descriptions and titles dropped) of every tool's input schema, taken before the
// tool list was shortened: both what zod converts and what tools/list publishes. Do not regenerate it
// to make this pass; a real change of an input constraint updates it by hand, in review.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { toolInputSchema } from '../../src/mcp/engine/engine-args.js';
import { listTools } from '../helpers/list-server.js';
import { canon, constraintsOnly } from './constraints-projection.js';

type Pair = { zod: unknown; published: unknown };
const before = JSON.parse(
  readFileSync(new URL('../fixtures/input-constraints.json', import.meta.url), 'utf8'),
) as Record<string, Pair>;

describe('no input constraint is lost', () => {
  it('every tool of the fixture is still listed, and no other', async () => {
    const names = (await listTools()).map((t) => t.name).sort();
    expect(names).toEqual(Object.keys(before).sort());
  });

  it('the zod input schemas convert to exactly the same constraints', () => {
    for (const spec of OPERATIONS) {
      const { $schema: _drop, ...json } = z.toJSONSchema(toolInputSchema(spec), {
        target: 'draft-7',
        io: 'input',
        unrepresentable: 'any',
      }) as Record<string, unknown>;
      expect(constraintsOnly(json), spec.tool).toEqual(before[spec.tool]!.zod);
    }
  });

  it('tools/list publishes the same constraints, up to keywords that constrain nothing', async () => {
    for (const t of await listTools())
      expect(canon(constraintsOnly(t.inputSchema)), t.name).toEqual(canon(before[t.name]!.published));
  });

  it('canon() drops only what constrains nothing, and keeps what does', () => {
    const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' };
    expect(canon(id)).toEqual({ type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
    // A pattern that accepts "" leaves minLength doing the work, so it stays.
    const opt = { type: 'string', minLength: 1, pattern: '^[a-z]*$' };
    expect(canon(opt)).toEqual(opt);
    expect(canon({ type: 'object', properties: {}, additionalProperties: false })).toEqual({
      type: 'object',
      additionalProperties: false,
    });
    expect(canon({ type: 'object', propertyNames: { type: 'string', maxLength: 9 } })).toEqual({
      type: 'object',
      propertyNames: { maxLength: 9 },
    });
    // A property called "description" is a constraint (it may be required), not an annotation.
    expect(constraintsOnly({ properties: { description: { type: 'string', description: 'd' } } })).toEqual({
      properties: { description: { type: 'string' } },
    });
  });
});
