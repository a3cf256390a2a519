// After tsc and postbuild: bundles the CLI into dist/cli/ (main.js, the file `bin` names, and its chunks), so
// a cold start reads a few files instead of ~220 modules. What only some commands use (sandbox, HTTP transport,
// doctor, tool-list report) stays in lazy chunks; packages stay external (installed and updated by npm).
// The library (dist/index.js and the rest of dist/) stays tsc's output.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const outdir = fileURLToPath(new URL('dist/cli/', root));

// dist/cli holds the bundle only (tsconfig.build.json leaves src/cli out, so a later bare tsc cannot put the
// unbundled entry back); chunks of an earlier build would otherwise pile up (their names carry a content hash).
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: [fileURLToPath(new URL('src/cli/main.ts', root))],
  outdir,
  bundle: true,
  splitting: true, // without it the lazy imports would be inlined and cold start gets slower
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  sourcesContent: false, // the map points at src/, which the stack traces then name
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});

// tsc does not keep file modes; the precomputed tools/list entries must sit beside the module that reads them.
chmodSync(new URL('dist/cli/main.js', root), 0o755);
const { DEFINITIONS_FILE } = await import('../dist/mcp/tool-definitions.js');
copyFileSync(new URL(`dist/mcp/${DEFINITIONS_FILE}`, root), new URL(`dist/cli/${DEFINITIONS_FILE}`, root));
