// Sandbox paging cost: one 50-disk page at 5k and 20k disks beside the same page at 1k disks, measured in
// the same run. Two sandbox processes run side by side (one kept at 1k disks as the baseline, one grown)
// and every round times a batch of pages on each, so machine noise hits both alike. Pages: 6.1.2 detail
// with a marker in the middle of the list, 7.1.5 detail with an offset in the middle, and 6.1.2 filtered
// by name (a filter may scan every disk: shown for reference, without a target).
// Rows: wall time per page as the client sees it, and the sandbox process's CPU time per page.
// Target: roughly constant per page (ratio ≤ 1.5×). Run after `npm run build`: node bench/sandbox-paging.mjs
import { performance } from 'node:perf_hooks';
import { cpuMsOf, startSandboxProcess } from './lib/procs.mjs';
import { addDisks, signedClient } from './lib/signed.mjs';
import { median, row } from './lib/stats.mjs';

const BASE_SIZE = 1_000;
const SIZES = [5_000, 20_000];
const ROUNDS = 5;
// 50 pages per batch: the CPU figure comes in 10 ms ticks, so 0.2 ms per page is its resolution.
const PER_ROUND = 50;

/** The pages one round times, given where the middle of the list is. */
function pages(middleId, middle) {
  return {
    'marker page (6.1.2)': `/v2/{project_id}/cloudvolumes/detail?limit=50&marker=${middleId}`,
    'offset page (7.1.5)': `/v2/{project_id}/volumes/detail?limit=50&offset=${middle}`,
    'filtered page (6.1.2 name=, may scan)': `/v2/{project_id}/cloudvolumes/detail?limit=50&name=bulk`,
  };
}

async function setUp(sb) {
  const api = signedClient(sb);
  const azs = await api.call('GET', '/v2/{project_id}/os-availability-zone');
  return { sb, api, az: azs.body.availabilityZoneInfo[0].zoneName, disks: 0 };
}

async function grow(side, size) {
  await addDisks(side.api, size - side.disks, side.az);
  side.disks = size;
  const middle = Math.floor(size / 2);
  const at = await side.api.call('GET', `/v2/{project_id}/volumes?limit=1&offset=${middle}`);
  side.pages = pages(at.body.volumes[0].id, middle);
}

/** Wall ms per page (median of the batch) and sandbox CPU ms per page (whole batch / count). */
async function batch(side, path) {
  const walls = [];
  const cpu0 = await cpuMsOf(side.sb.pid);
  for (let i = 0; i < PER_ROUND; i++) {
    const t0 = performance.now();
    await side.api.call('GET', path);
    walls.push(performance.now() - t0);
  }
  return { wall: median(walls), cpu: ((await cpuMsOf(side.sb.pid)) - cpu0) / PER_ROUND };
}

const baseSb = await startSandboxProcess(['--no-seed']);
const oursSb = await startSandboxProcess(['--no-seed']);
try {
  const base = await setUp(baseSb);
  const ours = await setUp(oursSb);
  await grow(base, BASE_SIZE);
  console.log(
    `sandbox, one 50-disk page at N disks beside the same page at ${BASE_SIZE} disks (${ROUNDS} rounds of ${PER_ROUND} pages each; ms per page)`,
  );
  for (const size of SIZES) {
    await grow(ours, size);
    for (const name of Object.keys(ours.pages)) {
      const o = { wall: [], cpu: [] };
      const b = { wall: [], cpu: [] };
      for (let r = 0; r < ROUNDS; r++) {
        // Alternate which side goes first so neither always follows the other's garbage.
        const first = r % 2 === 0 ? [ours, o, base, b] : [base, b, ours, o];
        for (let k = 0; k < 4; k += 2) {
          const m = await batch(first[k], first[k].pages[name]);
          first[k + 1].wall.push(m.wall);
          first[k + 1].cpu.push(m.cpu);
        }
      }
      const target = name.includes('may scan') ? undefined : 1.5;
      console.log(row(`  ${name} at ${size} disks, wall`, o.wall, b.wall, { unit: ' ms', target }));
      console.log(row(`  ${name} at ${size} disks, sandbox CPU`, o.cpu, b.cpu, { unit: ' ms', target }));
    }
  }
} finally {
  await Promise.all([baseSb.close(), oursSb.close()]);
}
