// The published schemas keep to the portable subset MCP Inspector's --strict lint accepts (the CI step
// runs the Inspector itself; this is the same rule set, checked in every test run): one `type` per
// node, no node that constrains nothing, no bare boolean schema outside additionalProperties-like
// keywords, no remote $ref. And every tool publishes an outputSchema with both of its branches.
import { describe, expect, it } from 'vitest';
import { portable } from '../../src/mcp/tool-list.js';
import { listTools } from '../helpers/list-server.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const MAP_KEYS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const LIST_KEYS = ['anyOf', 'allOf', 'oneOf', 'prefixItems'];
const ONE_KEYS = ['items', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'additionalProperties'];
const BOOLEAN_OK = new Set([
  'additionalProperties',
  'unevaluatedProperties',
  'additionalItems',
  'unevaluatedItems',
]);
const CONSTRAINING = new Set([
  'type',
  'enum',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'anyOf',
  'allOf',
  'oneOf',
  'not',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'propertyNames',
  'patternProperties',
  '$ref',
  'contains',
  'prefixItems',
]);

/** Findings in the Inspector's words: `path: rule`. */
function lint(node: unknown, path: string, keyword?: string): string[] {
  if (typeof node === 'boolean') return keyword && BOOLEAN_OK.has(keyword) ? [] : [`${path}: boolean-schema`];
  if (!isObj(node)) return [];
  const out: string[] = [];
  if (Array.isArray(node.type)) out.push(`${path}: type-union`);
  if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) out.push(`${path}: remote-ref`);
  if (keyword !== 'not' && !Object.keys(node).some((k) => CONSTRAINING.has(k)))
    out.push(`${path}: untyped-schema`);
  for (const k of MAP_KEYS)
    if (isObj(node[k]))
      for (const [n, s] of Object.entries(node[k])) out.push(...lint(s, `${path}.${k}.${n}`, k));
  for (const k of LIST_KEYS)
    if (Array.isArray(node[k])) node[k].forEach((s, i) => out.push(...lint(s, `${path}.${k}[${i}]`, k)));
  for (const k of ONE_KEYS)
    if (k in node && !Array.isArray(node[k])) out.push(...lint(node[k], `${path}.${k}`, k));
  return out;
}

describe('published schemas', () => {
  it('every tool has an outputSchema: its result, or an outcome marked by one key', async () => {
    const tools = await listTools();
    expect(tools.length).toBe(82);
    for (const t of tools) {
      const out = t.outputSchema as Json | undefined;
      expect(out, t.name).toMatchObject({ type: 'object', anyOf: [expect.any(Object), expect.any(Object)] });
      const outcome = (out!.anyOf as Json[])[1]!;
      // A read-only tool is never dry-run nor confirmed: it can only refuse or fail.
      const markers = t.annotations?.readOnlyHint
        ? ['refused', 'error']
        : ['dry_run', 'refused', 'confirmation_required', 'declined', 'error'];
      expect(outcome, t.name).toEqual({ anyOf: markers.map((k) => ({ required: [k] })) });
    }
  });

  it('pass the portability rules of Inspector --strict with no finding', async () => {
    const findings = (await listTools()).flatMap((t) => [
      ...lint(t.inputSchema, `${t.name}.inputSchema`),
      ...lint(t.outputSchema, `${t.name}.outputSchema`),
    ]);
    expect(findings).toEqual([]);
  });

  it('the rewrite turns type unions into anyOf branches and empty additionalProperties into true', () => {
    const before = {
      type: 'object',
      properties: { name: { type: ['string', 'null'], maxLength: 5, description: 'n' } },
      additionalProperties: {},
    };
    expect(lint(before, 'x')).toEqual([
      'x.properties.name: type-union',
      'x.additionalProperties: untyped-schema',
    ]);
    const after = portable(before);
    expect(after).toEqual({
      type: 'object',
      properties: {
        name: { description: 'n', anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] },
      },
      additionalProperties: true,
    });
    expect(lint(after, 'x')).toEqual([]);
  });
});
