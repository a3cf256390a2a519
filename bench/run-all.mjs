// Runs every benchmark script in this folder, one after the other, printing their figures.
// Scripts that are not part of the everyday run (the soak) are skipped unless named: node bench/run-all.mjs soak.mjs
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LONG = new Set(['soak.mjs']);
const here = fileURLToPath(new URL('.', import.meta.url));
let failed = 0;
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run-all.mjs')
  .filter((f) => (process.argv.length > 2 ? process.argv.slice(2).includes(f) : !LONG.has(f)))
  .sort()) {
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, [here + file], { stdio: 'inherit' });
  if (r.status !== 0) failed += 1;
}
process.exitCode = failed ? 1 : 0;
