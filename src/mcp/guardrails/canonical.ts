// One spelling per set of arguments: keys sorted at every depth, undefined members dropped.
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== undefined) out[key] = normalise(inner);
    }
    return out;
  }
  return value;
}

/** Sorted-key JSON of the documented arguments, so the same call always yields the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value ?? {}));
}
