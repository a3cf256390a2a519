// The sandbox and the contract suite are independent witnesses: they share no code with the client.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|json)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Every module specifier in a file: static and dynamic imports, re-exports, require(). */
function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  return out;
}

describe('independence of the sandbox', () => {
  const files = filesUnder('src/sandbox').filter((f) => f.endsWith('.ts'));

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports nothing outside src/sandbox but Node built-ins and pino types', () => {
    const outside: string[] = [];
    for (const file of files) {
      for (const spec of specifiers(file)) {
        if (spec.startsWith('node:') || spec === 'pino') continue;
        const target = relative(root, resolve(root, dirname(file), spec));
        if (!spec.startsWith('.') || !target.startsWith('src/sandbox/')) outside.push(`${file}: ${spec}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('does not mention the client folders at all (grep "src/evs-client|../http|src/evs|src/mcp")', () => {
    const hits = files.filter((f) =>
      /src\/http|\.\.\/http|src\/evs|\.\.\/evs\/|src\/mcp|\.\.\/mcp\//.test(
        readFileSync(join(root, f), 'utf8'),
      ),
    );
    expect(hits).toEqual([]);
  });
});

describe('independence of the contract suite', () => {
  it('imports from src/ only the sandbox entry point', () => {
    const imported = filesUnder('test/contract')
      .filter((f) => f.endsWith('.ts'))
      .flatMap((file) =>
        specifiers(file)
          .filter((s) => s.startsWith('.'))
          .map((s) => relative(root, resolve(root, dirname(file), s)))
          .filter((t) => t.startsWith('src/')),
      );
    expect(imported.length).toBeGreaterThan(0);
    expect([...new Set(imported)]).toEqual(['src/sandbox/index.js']);
  });

  it('imports nothing from the rest of the test tree either', () => {
    const leaks = filesUnder('test/contract')
      .filter((f) => f.endsWith('.ts'))
      .flatMap((file) =>
        specifiers(file)
          .filter((s) => s.startsWith('.'))
          .map((s) => relative(root, resolve(root, dirname(file), s)))
          .filter((t) => !t.startsWith('src/') && !t.startsWith('test/contract/'))
          .map((t) => `${file}: ${t}`),
      );
    expect(leaks).toEqual([]);
  });
});
