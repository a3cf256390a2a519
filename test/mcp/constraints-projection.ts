// The constraint-only view of a JSON Schema, to prove that shortening the published text loses no
// constraint: descriptions and titles are dropped, and canon() removes only what provably constrains
// nothing (both sides of a comparison go through it, so equal results accept exactly the same inputs).
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// Keywords whose value is a map of property name -> schema (a property may be called "description").
const MAP_KEYS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

/** The schema with every annotation (description, title) removed, at any depth. */
export function constraintsOnly(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(constraintsOnly);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' || k === 'title') continue;
    out[k] = MAP_KEYS.has(k) && isObj(v) ? mapValues(v, constraintsOnly) : constraintsOnly(v);
  }
  return out;
}

/**
 * Removes keywords that cannot change what a schema accepts: `minLength: 1` beside a pattern that
 * rejects the empty string, `type: "string"` in propertyNames (JSON property names are strings) and
 * an empty `properties` map; and writes a length-bounded one-class pattern in its long form (see
 * longPattern()). Keys are sorted so that order does not matter.
 */
export function canon(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(canon);
  if (!isObj(node)) return node;
  const long = longPattern(node);
  const out: Json = {};
  for (const k of Object.keys(long).sort()) {
    const v = long[k];
    if (k === 'minLength' && v === 1 && rejectsEmpty(long.pattern)) continue;
    if (k === 'properties' && isObj(v) && Object.keys(v).length === 0) continue;
    if (k === 'propertyNames' && isObj(v) && v.type === 'string') {
      const { type: _string, ...rest } = v;
      out[k] = canon(rest);
      continue;
    }
    out[k] = MAP_KEYS.has(k) && isObj(v) ? mapValues(v, canon) : canon(v);
  }
  return out;
}

/**
 * A class made only of single-unit items: A-Za-z0-9_ or its ECMA-262 spelling \w, `.`, ranges
 * \uXXXX-\uXXXX below U+D000, then at most one literal `-` (so no item forms a range with another).
 */
export const SINGLE_UNIT_CLASS =
  /^(?:A-Za-z0-9_|\\w|\.|\\u[0-9A-Ca-c][0-9A-Fa-f]{3}-\\u[0-9A-Ca-c][0-9A-Fa-f]{3})+-?$/;

/**
 * `^[C]{1,N}$` ({0,N}) as `^[C]+$` (`*`) with maxLength N, and \w in C as A-Za-z0-9_: the same strings
 * when every character C matches is one code point and one UTF-16 unit (the test proves both facts).
 */
export function longPattern(node: Json): Json {
  const m =
    typeof node.pattern === 'string' ? /^\^\[(.+)\](\+|\*|\{([01]),(\d+)\})\$$/.exec(node.pattern) : null;
  if (!m || !SINGLE_UNIT_CLASS.test(m[1]!)) return node;
  const cls = m[1]!.replace('\\w', 'A-Za-z0-9_');
  if (m[3] === undefined) return { ...node, pattern: `^[${cls}]${m[2]}$` };
  if (node.maxLength !== undefined || node.minLength !== undefined) return node;
  return { ...node, pattern: `^[${cls}]${m[3] === '1' ? '+' : '*'}$`, maxLength: Number(m[4]) };
}

function rejectsEmpty(pattern: unknown): boolean {
  return typeof pattern === 'string' && !new RegExp(pattern, 'u').test('');
}

function mapValues(m: Json, f: (v: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)]));
}
