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
 * an empty `properties` map. Keys are sorted so that order does not matter.
 */
export function canon(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(canon);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const k of Object.keys(node).sort()) {
    const v = node[k];
    if (k === 'minLength' && v === 1 && rejectsEmpty(node.pattern)) continue;
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

function rejectsEmpty(pattern: unknown): boolean {
  return typeof pattern === 'string' && !new RegExp(pattern, 'u').test('');
}

function mapValues(m: Json, f: (v: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)]));
}
