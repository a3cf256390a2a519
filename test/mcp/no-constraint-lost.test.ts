// Shortening the tool list must lose no constraint. test/fixtures/input-constraints.json is the
// constraint-only view (descriptions and titles dropped) of every tool's input schema, taken before the
// tool list was shortened: both what zod converts and what tools/list publishes. Do not regenerate it
// to make this pass; a real change of an input constraint updates it by hand, in review.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { toolInputSchema } from '../../src/mcp/engine/engine-args.js';
import { listTools } from '../helpers/list-server.js';
import { canon, constraintsOnly, longPattern, SINGLE_UNIT_CLASS } from './constraints-projection.js';

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
    // A one-class pattern under maxLength has one short form; other shapes keep their maxLength.
    const shortId = { type: 'string', pattern: '^[\\w-]{1,64}$' };
    expect(canon(shortId)).toEqual(canon(id));
    expect(canon({ type: 'string', pattern: '^[\\w-]{1,63}$' })).not.toEqual(canon(id));
    const tagValue = { type: 'string', maxLength: 43, pattern: '^[A-Za-z0-9_.\\u4E00-\\u9FFF-]*$' };
    expect(canon({ type: 'string', pattern: '^[\\w.\\u4E00-\\u9FFF-]{0,43}$' })).toEqual(canon(tagValue));
    // Astral characters are two UTF-16 units: {1,N} would not count what maxLength counts.
    const astral = { type: 'string', pattern: '^[\\u{1F600}-\\u{1F64F}]{1,4}$' };
    expect(canon(astral)).toEqual(astral);
    // A range that would start at \w is not a list of single items.
    expect(longPattern({ pattern: '^[\\w-z]{1,4}$' })).toEqual({ pattern: '^[\\w-z]{1,4}$' });
    // A property called "description" is a constraint (it may be required), not an annotation.
    expect(constraintsOnly({ properties: { description: { type: 'string', description: 'd' } } })).toEqual({
      properties: { description: { type: 'string' } },
    });
  });

  // The published list spells id-like patterns shorter (src/mcp/tool-list.ts shortPattern). These
  // prove that canon()'s long form accepts exactly the same strings as the short one.
  it('\\w matches exactly A-Za-z0-9_: every code point, with and without the u flag', () => {
    const forms = [/^\w$/u, /^\w$/, /^[A-Za-z0-9_]$/];
    const long = /^[A-Za-z0-9_]$/u;
    let differ = 0;
    let matched = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const c = String.fromCodePoint(cp);
      const want = long.test(c);
      if (want) matched++;
      if (forms.some((re) => re.test(c) !== want)) differ++;
    }
    expect(differ).toBe(0);
    expect(matched).toBe(63);
  });

  it('every published one-class {m,N} pattern holds only one-unit characters and counts like maxLength', async () => {
    const shorts = new Set<string>();
    const collect = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(collect);
      else if (n && typeof n === 'object') {
        const p = (n as { pattern?: unknown }).pattern;
        if (typeof p === 'string' && /\{[01],\d+\}\$$/.test(p)) shorts.add(p);
        Object.values(n).forEach(collect);
      }
    };
    for (const t of await listTools()) collect(t.inputSchema);
    expect(shorts.size).toBeGreaterThanOrEqual(3); // ids, tag keys, tag values
    for (const short of shorts) {
      const long = longPattern({ pattern: short });
      expect(long, short).toHaveProperty('maxLength');
      const cls = /^\^\[(.+)\]/.exec(short)![1]!;
      expect(SINGLE_UNIT_CLASS.test(cls), short).toBe(true);
      const one = new RegExp(`^[${cls}]$`, 'u');
      const oneNoU = new RegExp(`^[${cls}]$`);
      const members: string[] = [];
      let wide = 0;
      for (let cp = 0; cp <= 0x10ffff; cp++) {
        const c = String.fromCodePoint(cp);
        const hit = one.test(c);
        if (hit && members.length < 50) members.push(c);
        if (hit && (cp >= 0xd800 || oneNoU.test(c) !== hit)) wide++;
        if (!hit && cp < 0xd800 && oneNoU.test(c)) wide++;
      }
      expect(wide, short).toBe(0);
      // Hence: short accepts s <=> long.pattern accepts s and s has at most maxLength code points.
      const max = long.maxLength as number;
      const shortRe = new RegExp(short, 'u');
      const longRe = new RegExp(long.pattern as string, 'u');
      const accepts = (s: string) => longRe.test(s) && [...s].length <= max;
      expect(shortRe.test(members[0]!.repeat(max)), short).toBe(true);
      expect(shortRe.test(members[0]!.repeat(max + 1)), short).toBe(false);
      const chars = fc.constantFrom(...members, ' ', '/', '.', '\u00e9', '\u{1F600}', '\uD800', '\n');
      const strings = fc.array(chars, { maxLength: max + 3 }).map((a) => a.join(''));
      fc.assert(
        fc.property(
          strings,
          (s) => shortRe.test(s) === accepts(s) && new RegExp(short).test(s) === accepts(s),
        ),
        { seed: 20261201, numRuns: 300 },
      );
    }
  });
});
