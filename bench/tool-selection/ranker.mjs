// A lexical tool ranker: BM25 over exactly what a model reads of each tool (name, title, description,
// parameter names and descriptions from tools/list), with light stemming. Offline and deterministic: a
// stand-in for "can the words of a request tell this tool from the others", not for a model.

const STOP = new Set(
  (
    'a an and are as at be by can do does for from have how i if in is it its me my of on or please ' +
    'show so that the their them there these this to was what when which with you your all any'
  ).split(' '),
);

/** A light stemmer: plural and verb endings only, so "disks"/"disk" and "snapshotting"/"snapshot" meet. */
export function stem(w) {
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length > 5) return undouble(w.slice(0, -3));
  if (w.endsWith('ed') && w.length > 4) return undouble(w.slice(0, -2));
  if (w.endsWith('es') && /(ch|sh|x|ss)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}
const undouble = (w) => (/([^aeiouls])\1$/.test(w) ? w.slice(0, -1) : w);

/** Words of a text: camelCase and snake_case split, lower-cased, stop words out, stemmed. */
export function tokenize(text) {
  return String(text)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w))
    .map(stem);
}

/** Parameter names and descriptions of a JSON schema, nested objects included (a model reads them all). */
function schemaText(node, out = []) {
  if (Array.isArray(node)) {
    for (const n of node) schemaText(n, out);
    return out;
  }
  if (typeof node !== 'object' || node === null) return out;
  if (typeof node.description === 'string') out.push(node.description);
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && v && typeof v === 'object')
      for (const [p, s] of Object.entries(v)) {
        out.push(p);
        schemaText(s, out);
      }
    else if (k !== 'description' && typeof v === 'object') schemaText(v, out);
  }
  return out;
}

/** The text a model sees of a tool (no output schema, annotations or _meta: those are for the client). */
export function toolText(t) {
  return [t.name, t.title ?? '', t.description ?? '', ...schemaText(t.inputSchema ?? {})].join(' ');
}

/** A BM25 index over tools; rank(query) answers [{ name, score }] best first, ties by name. */
export function bm25(tools, { k1 = 1.2, b = 0.75 } = {}) {
  const docs = tools.map((t) => {
    const words = tokenize(toolText(t));
    const tf = new Map();
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    return { name: t.name, tf, len: words.length };
  });
  const avg = docs.reduce((s, d) => s + d.len, 0) / Math.max(1, docs.length);
  const df = new Map();
  for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w) => {
    const n = df.get(w) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };
  return {
    rank(query) {
      const q = [...new Set(tokenize(query))];
      return docs
        .map((d) => {
          let score = 0;
          for (const w of q) {
            const f = d.tf.get(w);
            if (!f) continue;
            score += (idf(w) * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.len) / avg));
          }
          return { name: d.name, score };
        })
        .sort((x, y) => y.score - x.score || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    },
  };
}

/** The tools of a surface that serve a request: its labels and their aliases, with the parameters it needs. */
export function acceptedOf(req, tools, aliases) {
  const names = new Set([...req.tools, ...req.tools.flatMap((t) => aliases[t] ?? []), ...(req.also ?? [])]);
  return tools
    .filter((t) => names.has(t.name))
    .filter((t) => (req.needs ?? []).every((p) => Object.hasOwn(t.inputSchema?.properties ?? {}, p)))
    .map((t) => t.name)
    .sort();
}

/**
 * Scores one surface: top-1 and top-3 over the requests it can serve; the confusable pairs (a request's
 * top tool and another whose score is within `margin` of it, both tools of this surface); and the
 * intents (a label with its needed parameters and extras) served by two or more tools of the surface.
 */
export function scoreSurface(tools, requests, aliases, { margin = 0.05 } = {}) {
  const ranker = bm25(tools);
  let served = 0;
  let top1 = 0;
  let top3 = 0;
  const misses = [];
  const pairs = new Map();
  const intents = new Map();
  for (const req of requests) {
    const ok = acceptedOf(req, tools, aliases);
    // One intent per label, needed parameters and request-specific extras (tags of a disk is not its detail).
    const intent = `${req.tools.join('+')}${req.needs?.length ? `[${req.needs.join(',')}]` : ''}${req.also?.length ? ` or ${req.also.join('/')}` : ''}`;
    const known = intents.get(intent) ?? new Set();
    for (const n of ok) known.add(n);
    intents.set(intent, known);
    const ranked = ranker.rank(req.request);
    const best = ranked[0];
    if (best && best.score > 0)
      for (const other of ranked.slice(1)) {
        if (other.score < best.score * (1 - margin)) break;
        const key = [best.name, other.name].sort().join(' ~ ');
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    if (!ok.length) continue;
    served++;
    const top = ranked.slice(0, 3).map((r) => r.name);
    if (ok.includes(top[0])) top1++;
    else misses.push({ id: req.id, request: req.request, want: ok, got: top[0] });
    if (top.some((n) => ok.includes(n))) top3++;
  }
  const doubled = [...intents].filter(([, s]) => s.size >= 2).map(([i, s]) => ({ intent: i, tools: [...s] }));
  return {
    tools: tools.length,
    requests: requests.length,
    served,
    top1,
    top3,
    misses,
    pairs: [...pairs].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)),
    doubled,
  };
}
