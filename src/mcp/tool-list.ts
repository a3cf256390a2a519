// The tools/list entries, derived from the operation records. The SDK's own listing prefixes every
// schema with `$schema` (about a dozen tokens a tool, for nothing); this one is the same minus that.
// Schemas are written in the portable subset MCP Inspector's --strict lint accepts without warnings:
// one `type` per node (nullable fields as anyOf branches) and no node that constrains nothing; and
// without keywords that a model pays for on every turn yet constrain nothing (see terse()).
import { z } from 'zod';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../evs/operation.js';
import { toolInputSchema } from './engine/engine-args.js';
import { outcomeMarkersOf, resultSchema } from './engine/result-schema.js';
import { toolAnnotations, toolDescription, toolMeta } from './tool-definition.js';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rewrites a converted schema into the portable subset (see the header). */
export function portable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(portable);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'additionalProperties' && isObj(v) && Object.keys(v).length === 0) out[k] = true;
    else if (k === 'properties' && isObj(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, portable(s)]));
    else out[k] = portable(v);
  }
  if (Array.isArray(out.type)) {
    const { type, description, title, ...rest } = out;
    const branches = (type as string[]).map((t) => (t === 'null' ? { type: t } : { type: t, ...rest }));
    return { ...(title ? { title } : {}), ...(description ? { description } : {}), anyOf: branches };
  }
  return out;
}

/**
 * Drops keywords that cannot change what a schema accepts: `minLength: 1` beside a pattern that
 * rejects the empty string (every id), and `type: "string"` in propertyNames (names are strings);
 * and writes a one-class pattern with its maxLength in fewer tokens (see shortPattern()).
 */
export function terse(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(terse);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'minLength' && v === 1 && rejectsEmpty(node.pattern)) continue;
    if (k === 'propertyNames' && isObj(v) && v.type === 'string' && Object.keys(v).length > 1) {
      const { type: _string, ...rest } = v;
      out[k] = terse(rest);
    } else if (k === 'properties' && isObj(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, terse(s)]));
    else out[k] = terse(v);
  }
  return shortPattern(out);
}

const rejectsEmpty = (pattern: unknown): boolean =>
  typeof pattern === 'string' && !new RegExp(pattern, 'u').test('');

// A pattern that is one character class repeated (`^[...]+$` or `^[...]*$`), the class made only of
// A-Za-z0-9_, \w, `.`, ranges \uXXXX-\uXXXX below U+D000 and a last literal `-`: every character it
// matches is one UTF-16 unit and one code point, so the repeat count is the string's length.
const ONE_CLASS =
  /^\^\[((?:A-Za-z0-9_|\\w|\.|\\u[0-9A-Ca-c][0-9A-Fa-f]{3}-\\u[0-9A-Ca-c][0-9A-Fa-f]{3})+-?)\]([+*])\$$/;

/**
 * The same strings in fewer tokens: A-Za-z0-9_ is spelled \w (ECMA-262 defines \w as exactly those
 * 63 characters), and maxLength N moves into the pattern as {1,N} ({0,N} for `*`). Only for a
 * ONE_CLASS pattern with no minLength left (a `+` pattern's `minLength: 1` was dropped above).
 */
function shortPattern(node: Json): Json {
  const m = typeof node.pattern === 'string' ? ONE_CLASS.exec(node.pattern) : null;
  if (!m || node.minLength !== undefined) return node;
  const cls = m[1]!.replace('A-Za-z0-9_', '\\w');
  const { maxLength, ...rest } = node;
  if (typeof maxLength !== 'number') return { ...rest, pattern: `^[${cls}]${m[2]}$` };
  return { ...rest, pattern: `^[${cls}]{${m[2] === '+' ? 1 : 0},${maxLength}}$` };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io,
    unrepresentable: 'any',
  }) as Json;
  return terse(portable(rest)) as Json;
}

// Keywords whose value is a map of names to schemas (each a schema position), not a schema itself.
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

/** Rewrites every schema position below `node` (not `node` itself) with `visit`, which recurses itself. */
function mapSubschemas(node: Json, visit: (n: Json) => Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(k) && isObj(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, isObj(s) ? visit(s) : s]));
    else if (Array.isArray(v)) out[k] = v.map((n) => (isObj(n) ? visit(n) : n));
    else out[k] = isObj(v) && k !== 'const' && k !== 'default' ? visit(v) : v;
  }
  return out;
}

// A part smaller than this costs less inline than as a definition and its references.
const SHARE_MIN_BYTES = 160;

/**
 * States a part the result repeats once (a wait outcome in each batch item and at the top, a quota
 * counter per kind): in `definitions`, referred to by local $ref, which every JSON Schema validator
 * resolves (MCP Inspector's --strict lint only refuses remote ones).
 */
function sharedOnce(schema: unknown): { schema: Json; definitions?: Json } {
  if (!isObj(schema)) return { schema: {} };
  const seen = new Map<string, number>();
  const count = (n: Json): Json => {
    const key = JSON.stringify(n);
    if (key.length >= SHARE_MIN_BYTES) seen.set(key, (seen.get(key) ?? 0) + 1);
    return mapSubschemas(n, count);
  };
  mapSubschemas(schema, count);
  const names = new Map<string, string>();
  for (const [key, n] of seen) if (n > 1) names.set(key, `s${names.size}`);
  if (!names.size) return { schema };
  // Outermost first: a repeated part is replaced whole, and its own definition is shared the same way.
  const definitions: Json = {};
  const share = (n: Json): Json => {
    const name = names.get(JSON.stringify(n));
    if (!name) return mapSubschemas(n, share);
    definitions[name] ??= mapSubschemas(n, share);
    return { $ref: `#/definitions/${name}` };
  };
  return { schema: mapSubschemas(schema, share), definitions };
}

// z.number().int() converts to the safe-integer range: bounds no result comes near, ~50 bytes each.
const SAFE_INT = Number.MAX_SAFE_INTEGER;
function withoutSafeIntBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSafeIntBounds);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'minimum' && v === -SAFE_INT && node.type === 'integer') continue;
    if (k === 'maximum' && v === SAFE_INT && node.type === 'integer') continue;
    out[k] =
      k === 'properties' && isObj(v)
        ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, withoutSafeIntBounds(s)]))
        : withoutSafeIntBounds(v);
  }
  return out;
}

/**
 * Every tool publishes an outputSchema: its result (with what the engine adds), or an outcome that is
 * not its result, marked by its key. The outcomes' shapes are the same for every tool (outcomeSchema, the
 * server instructions say what each means), so a tool's schema does not repeat them (1.2 KB a tool): its
 * branch only says which markers this tool can answer with (outcomeMarkersOf), each an open object.
 */
export function outputSchemaOf(spec: OperationSpec): Tool['outputSchema'] {
  const { schema: result, definitions } = sharedOnce(
    withoutSafeIntBounds(jsonSchema(resultSchema(spec), 'output')),
  );
  const outcome = { anyOf: outcomeMarkersOf(spec).map((k) => ({ required: [k] })) };
  return {
    type: 'object',
    anyOf: [result, outcome],
    ...(definitions ? { definitions } : {}),
  } as Tool['outputSchema'];
}

export function toolDefinition(spec: OperationSpec): Tool {
  return {
    name: spec.tool,
    title: spec.title,
    description: toolDescription(spec),
    inputSchema: jsonSchema(toolInputSchema(spec), 'input') as Tool['inputSchema'],
    outputSchema: outputSchemaOf(spec),
    annotations: toolAnnotations(spec),
    _meta: toolMeta(spec),
  };
}

/** The part of a tool a model reads on every turn: name, description, input schema. */
export function modelFacing(tool: Tool): {
  name: string;
  description?: string;
  inputSchema: Tool['inputSchema'];
} {
  return {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: tool.inputSchema,
  };
}
