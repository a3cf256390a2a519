// Runs every benchmark script in this folder, one after the other, printing their figures.
// Scripts that are not part of the everyday run (the soak) are skipped unless named: node bench/run-all.mjs soak.mjs
// The before/after scripts share one build of the base commit (--before <cli> names another build).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeBuild } from './lib/base-build.mjs';

const LONG = new Set(['soak.mjs']);
const BEFORE_AFTER = new Set(['targets.mjs', 'tool-selection.mjs', 'workflows.mjs', 'startup.mjs']);
const here = fileURLToPath(new URL('.', import.meta.url));
const argv = process.argv.slice(2);
const named = argv.filter((a) => a.endsWith('.mjs'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run-all.mjs')
  .filter((f) => (named.length ? named.includes(f) : !LONG.has(f)))
  .sort();
const before = files.some((f) => BEFORE_AFTER.has(f)) ? beforeBuild(argv) : undefined;
let failed = 0;
try {
  for (const file of files) {
    console.log(`\n== ${file}`);
    const extra = before && BEFORE_AFTER.has(file) ? ['--before', before.cli] : [];
    const r = spawnSync(process.execPath, [here + file, ...extra], { stdio: 'inherit' });
    if (r.status !== 0) failed += 1;
  }
} finally {
  before?.remove();
}
process.exitCode = failed ? 1 : 0;
