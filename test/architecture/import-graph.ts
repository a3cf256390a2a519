// The import graph of src/, read statically (no TypeScript program, no new dependency): every
// `import`/`export ... from`, side-effect and dynamic import with a relative specifier, type-only included.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export interface ImportGraph {
  /** Every .ts file under the root, relative to the repository (`src/mcp/server.ts`). */
  files: string[];
  /** File -> the .ts files it imports (JSON data files are leaves without imports and are left out). */
  edges: Map<string, string[]>;
}

const IMPORT =
  /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
}

/** Comments may quote imports; strip them so only code counts. */
const uncomment = (src: string): string =>
  src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');

export function importGraph(repo: string, root = 'src'): ImportGraph {
  const abs: string[] = [];
  walk(join(repo, root), abs);
  const files = abs.map((f) => relative(repo, f)).sort();
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const src = uncomment(readFileSync(join(repo, file), 'utf8'));
    const deps = new Set<string>();
    for (const m of src.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      const target = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
      if (target.endsWith('.json')) continue;
      const resolved = existsSync(join(repo, target))
        ? target
        : join(target.replace(/\.ts$/, ''), 'index.ts');
      if (!existsSync(join(repo, resolved))) throw new Error(`${file} imports ${spec}, which does not exist`);
      deps.add(resolved);
    }
    edges.set(file, [...deps].sort());
  }
  return { files, edges };
}

/** Strongly connected components with more than one node (Tarjan): each is an import cycle. */
export function cycles(nodes: readonly string[], next: (n: string) => readonly string[]): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next(v).includes(v)) found.push(scc.sort());
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return found;
}

/**
 * The folder graph at one level: the sub-folders of `parent`, each standing for everything under it,
 * with an edge when a file under one imports a file under another. The parent's own files are its
 * glue (they may use and be used by its parts); a cycle through them is a file cycle, caught above.
 */
export function folderEdges(graph: ImportGraph, parent: string): Map<string, Set<string>> {
  const unitOf = (file: string): string | undefined => {
    const rest = relative(parent, file);
    if (rest.startsWith('..')) return undefined;
    const parts = rest.split('/');
    return parts.length > 1 ? join(parent, parts[0]!) : undefined;
  };
  const out = new Map<string, Set<string>>();
  for (const [from, tos] of graph.edges) {
    const a = unitOf(from);
    if (!a) continue;
    if (!out.has(a)) out.set(a, new Set());
    for (const to of tos) {
      const b = unitOf(to);
      if (b && b !== a) out.get(a)!.add(b);
    }
  }
  return out;
}

/** Every folder under root that has sub-folders. */
export function parents(graph: ImportGraph, root = 'src'): string[] {
  const dirs = new Set<string>();
  for (const f of graph.files) {
    let d = dirname(f);
    while (d !== '.' && d.startsWith(root)) {
      dirs.add(d);
      d = dirname(d);
    }
  }
  return [...dirs].filter((d) => [...dirs].some((x) => dirname(x) === d)).sort();
}
