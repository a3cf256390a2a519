// fast-check arbitraries built from a tool's PUBLISHED input schema (JSON Schema from tools/list),
// plus hostile variants that say whether the published schema makes them certainly invalid.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
}

export type Args = Record<string, unknown>;

/** A generated input and what the published schema says about it. */
export interface FuzzCase {
  args: Args;
  /** What was done to a valid input. */
  mutation: string;
  /** True when the published schema certainly rejects it: it must be refused unsent. */
  invalid: boolean;
}

const isRecord = (s: JsonSchema) => s.type === 'object' && typeof s.additionalProperties === 'object';
const isFixedObject = (s: JsonSchema) => s.type === 'object' && !isRecord(s);

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, 40);
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    return fc
      .stringMatching(re)
      .map((v) => v.slice(0, max))
      .filter((v) => v.length >= min && re.test(v));
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, max) });
}

/** Whether a string schema's length and pattern admit `v`. */
function fitsString(s: JsonSchema, v: string): boolean {
  return (s.maxLength ?? Infinity) >= v.length && (!s.pattern || new RegExp(s.pattern).test(v));
}

/** Values the published schema accepts (as far as JSON Schema can say). */
export function validArb(s: JsonSchema): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf) return fc.oneof(...s.anyOf.map(validArb));
  switch (s.type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validArb(s.items ?? {}), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, 4),
      });
    case 'object': {
      if (isRecord(s)) {
        const keys = s.propertyNames ? stringArb({ ...s.propertyNames }) : fc.string({ maxLength: 20 });
        return (
          fc
            .dictionary(keys, validArb(s.additionalProperties as JsonSchema), {
              minKeys: s.minProperties ?? 0,
              maxKeys: Math.min(s.maxProperties ?? 4, 4),
              noNullPrototype: true,
            })
            // dictionary() never makes a __proto__ key on its own; the hostile cases do that on purpose.
            .filter((d) => Object.keys(d).length >= (s.minProperties ?? 0))
        );
      }
      const props = s.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validArb(v)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.jsonValue();
  }
}

/** A value certainly of another JSON type than the schema's. */
function wrongTypeArb(s: JsonSchema): fc.Arbitrary<unknown> {
  const all: Record<string, unknown[]> = {
    string: [42, true, null, [], {}, ['a']],
    integer: ['1', 1.5, true, null, [], {}],
    number: ['1', true, null, [], {}],
    boolean: ['true', 0, 1, null, [], {}],
    array: ['x', 1, {}, null, true],
    object: ['x', 1, [], null, true],
  };
  return fc.constantFrom(...(all[s.type ?? ''] ?? [Symbol.for('unused')]));
}

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export const UNICODE_EDGES = [
  '\uD800', // lone high surrogate
  'a\uDC00b', // lone low surrogate
  '\u202Eevil\u202C', // right-to-left override
  '\u05E9\u05DC\u05D5\u05DD', // Hebrew (RTL)
  'a\u200Bb\u200D', // zero-width space and joiner
  '\uFEFFbom',
  'e\u0301\u0301\u0301', // stacked combining marks
  '\u{1F600}\u{1F469}\u200D\u{1F4BB}', // emoji and a ZWJ sequence
  '\u0000',
  '',
];

export const PATHY = [
  '.',
  '..',
  '../..',
  'a/b',
  '/',
  'a?b=c',
  '?',
  'a#frag',
  '#',
  '%2F',
  '..%2F..',
  '%2e%2e',
  'a\r\nX-Injected: 1',
  '\r\n',
  'a\u0000b',
  'a b',
  'a%00b',
];

export const HOSTILE_STRINGS = UNICODE_EDGES;
/** Values that would change a URL if they reached it unescaped: ids, keys, names. */
export const PATH_SHAPED = PATHY;

/** One megabyte in one string. */
export const MEGABYTE = 'x'.repeat(1024 * 1024);

interface Site {
  /** Where in the arguments: property names from the top. */
  path: string[];
  schema: JsonSchema;
  /** The site is a key of a free-keyed object (metadata, tags) rather than a fixed property. */
  required: boolean;
}

/** Every property position of a fixed-shape schema, depth first (records are leaves). */
function sites(s: JsonSchema, path: string[] = []): Site[] {
  if (!isFixedObject(s)) return [];
  const out: Site[] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    out.push({ path: [...path, k], schema: v, required: (s.required ?? []).includes(k) });
    out.push(...sites(v, [...path, k]));
  }
  return out;
}

function getAt(obj: Args, path: string[]): unknown {
  let cur: unknown = obj;
  for (const k of path) cur = cur && typeof cur === 'object' ? (cur as Args)[k] : undefined;
  return cur;
}

/** A deep copy through JSON, so a `__proto__` key stays an own property. */
function clone(args: Args): Args {
  return JSON.parse(JSON.stringify(args)) as Args;
}

function setAt(obj: Args, path: string[], value: unknown): Args {
  const copy = clone(obj);
  let cur = copy;
  for (const k of path.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Args;
  }
  const last = path.at(-1)!;
  if (value === undefined) delete cur[last];
  else Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Adds an own property (even `__proto__`) to the object at `path` ([] = the top). */
function addOwnKey(obj: Args, path: string[], key: string, value: unknown): Args {
  const copy = clone(obj);
  const target = (path.length ? getAt(copy, path) : copy) as Args | undefined;
  if (!target || typeof target !== 'object' || Array.isArray(target)) return copy;
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Valid inputs and hostile variants, without `__proto__`-style keys (protoKeyCases) or path-shaped values (hostileValueCases with PATH_SHAPED). */
export function fuzzCases(schema: JsonSchema): fc.Arbitrary<FuzzCase> {
  const all = sites(schema);
  const valid = validArb(schema) as fc.Arbitrary<Args>;
  const ok = valid.map((args) => ({ args, mutation: 'valid', invalid: false }));
  const variants: fc.Arbitrary<FuzzCase>[] = [ok];
  const typed = all.filter((x) => x.schema.type && !x.schema.anyOf);
  if (typed.length)
    variants.push(
      fc.tuple(valid, fc.constantFrom(...typed)).chain(([args, site]) =>
        wrongTypeArb(site.schema).map((bad) => ({
          args: setAt(args, site.path, bad),
          mutation: `wrong type at ${site.path.join('.')}`,
          // Only certain when every object on the way exists (a required chain or one the value created).
          invalid: site.path.length === 1,
        })),
      ),
    );
  const required = all.filter((x) => x.required && x.path.length === 1);
  if (required.length)
    variants.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([args, site]) => ({
        args: setAt(args, site.path, undefined),
        mutation: `missing ${site.path.join('.')}`,
        invalid: true,
      })),
    );
  variants.push(
    fc.tuple(valid, fc.constantFrom('zz_extra', 'projectId', 'project_id', 'id', '')).map(([args, key]) => ({
      args: addOwnKey(args, [], key, 'x'),
      mutation: `extra key ${JSON.stringify(key)}`,
      invalid: schema.additionalProperties === false && !(key in (schema.properties ?? {})),
    })),
  );
  const strings = all.filter((x) => x.schema.type === 'string' && !x.schema.enum);
  if (strings.length)
    variants.push(
      fc.tuple(valid, fc.constantFrom(...strings)).map(([args, site]) => ({
        args: setAt(args, site.path, MEGABYTE),
        mutation: `1 MB string at ${site.path.join('.')}`,
        // Too long for maxLength, or for a pattern that bounds the length ({1,64}).
        invalid: site.path.length === 1 && !fitsString(site.schema, MEGABYTE),
      })),
    );
  const hostile = hostileValueCases(schema, HOSTILE_STRINGS);
  if (hostile) variants.push(hostile);
  return fc.oneof(...variants);
}

/** A valid input with one string value, or one free key (metadata, tags), replaced by one of `values`. */
export function hostileValueCases(
  schema: JsonSchema,
  values: readonly string[],
): fc.Arbitrary<FuzzCase> | undefined {
  const all = sites(schema);
  const valid = validArb(schema) as fc.Arbitrary<Args>;
  const variants: fc.Arbitrary<FuzzCase>[] = [];
  const strings = all.filter((x) => x.schema.type === 'string' && !x.schema.enum);
  if (strings.length)
    variants.push(
      fc.tuple(valid, fc.constantFrom(...strings), fc.constantFrom(...values)).map(([args, site, v]) => ({
        args: setAt(args, site.path, v),
        mutation: `hostile string ${JSON.stringify(v)} at ${site.path.join('.')}`,
        invalid: false,
      })),
    );
  const records = all.filter((x) => isRecord(x.schema));
  if (records.length)
    variants.push(
      fc.tuple(valid, fc.constantFrom(...records), fc.constantFrom(...values)).map(([args, site, key]) => {
        const withObj = getAt(args, site.path) ? args : setAt(args, site.path, {});
        return {
          args: addOwnKey(withObj, site.path, key, 'v'),
          mutation: `hostile key ${JSON.stringify(key)} in ${site.path.join('.')}`,
          invalid: false,
        };
      }),
    );
  return variants.length ? fc.oneof(...variants) : undefined;
}

/** Objects in a schema where a key can be put: the top and every nested object property. */
export function objectSites(schema: JsonSchema): string[][] {
  return [
    [],
    ...sites(schema)
      .filter((x) => x.schema.type === 'object')
      .map((x) => x.path),
  ];
}

/** A valid input with a `__proto__`, `constructor` or `prototype` own key put at one level. */
export function protoKeyCases(schema: JsonSchema): fc.Arbitrary<FuzzCase> {
  const valid = validArb(schema) as fc.Arbitrary<Args>;
  return fc
    .tuple(
      valid,
      fc.constantFrom(...objectSites(schema)),
      fc.constantFrom(...PROTO_KEYS),
      fc.constantFrom<unknown>('x', {}, { polluted: true }),
    )
    .map(([args, path, key, value]) => {
      const withObj = path.length === 0 || getAt(args, path) ? args : setAt(args, path, {});
      return {
        args: addOwnKey(withObj, path, key, value),
        mutation: `${key} key at ${path.length ? path.join('.') : 'the top'}`,
        invalid: true,
      };
    });
}

/** Every key of every free-keyed object (metadata, tags) in the arguments, with its value. */
export function recordEntries(schema: JsonSchema, args: Args): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const site of sites(schema)) {
    if (!isRecord(site.schema)) continue;
    const obj = getAt(args, site.path);
    if (obj && typeof obj === 'object') out.push(...Object.entries(obj));
  }
  return out;
}
