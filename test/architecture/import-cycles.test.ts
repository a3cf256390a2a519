// No import cycle in src/: not between files, not between the folders of any level (each folder
// standing for everything under it). A cycle is named with its members so it can be broken.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, folderEdges, importGraph, parents } from './import-graph.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const graph = importGraph(repo);

describe('import graph of src/', () => {
  it('reads a graph that has edges (the parser finds imports)', () => {
    expect(graph.files.length).toBeGreaterThan(100);
    expect(graph.edges.get('src/mcp/server.ts')).toContain('src/mcp/engine/run-operation.ts');
    expect(graph.edges.get('src/mcp/guardrails/guard.ts')).toContain('src/evs/operation.ts');
  });

  it('finds a cycle when there is one', () => {
    const ring = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles([...ring.keys()], (n) => ring.get(n) ?? [])).toEqual([['a', 'b', 'c']]);
  });

  it('has no cycle between files', () => {
    expect(cycles(graph.files, (f) => graph.edges.get(f) ?? [])).toEqual([]);
  });

  it.each(parents(graph))('has no cycle between the folders of %s', (parent) => {
    const edges = folderEdges(graph, parent);
    expect(cycles([...edges.keys()], (d) => [...(edges.get(d) ?? [])])).toEqual([]);
  });
});
