// The tools/list entries, derived from the operation records. The SDK's own listing prefixes every
// schema with `$schema` (about a dozen tokens a tool, for nothing); this one is the same minus that.
// Schemas are written in the portable subset MCP Inspector's --strict lint accepts without warnings:
// one `type` per node (nullable fields as anyOf branches) and no node that constrains nothing; and
// without keywords that a model pays for on every turn yet constrain nothing (see terse()).
import { z } from 'zod';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../evs/operation.js';
import { toolInputSchema } from './engine/engine-args.js';
import { OUTCOME_MARKERS, outcomeSchema, resultSchema } from './engine/result-schema.js';
import { toolAnnotations, toolMeta } from './tool-definition.js';

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

/**
 * Every tool publishes an outputSchema: its result (with what the engine adds), or an outcome that is
 * not its result (dry run, refusal, confirmation request, error), each marked by its own key.
 */
export function outputSchemaOf(spec: OperationSpec): Tool['outputSchema'] {
  const result = jsonSchema(resultSchema(spec), 'output');
  const outcome = jsonSchema(outcomeSchema, 'output');
  outcome.anyOf = OUTCOME_MARKERS.map((k) => ({ required: [k] }));
  return { type: 'object', anyOf: [result, outcome] } as Tool['outputSchema'];
}

export function toolDefinition(spec: OperationSpec): Tool {
  return {
    name: spec.tool,
    title: spec.title,
    description: spec.description,
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
