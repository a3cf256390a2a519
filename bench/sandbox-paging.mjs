// Sandbox paging cost: one 50-disk page (6.1.2 detail, marker in the middle; 7.1.3 offset) at 1k / 5k / 20k
// disks, beside the same page at 1k disks measured in the same run. Target: roughly constant per page.
// Run after `npm run build`: node bench/sandbox-paging.mjs
import { performance } from 'node:perf_hooks';
import { startSandboxProcess } from './lib/procs.mjs';
import { addDisks, signedClient } from './lib/signed.mjs';
import { median, row } from './lib/stats.mjs';

const SIZES = [1_000, 5_000, 20_000];
const SAMPLES = 40;

async function pageTimes(api, marker) {
  const times = { marker: [], offset: [] };
  for (let i = 0; i < SAMPLES; i++) {
    let t0 = performance.now();
    await api.call('GET', `/v2/{project_id}/cloudvolumes/detail?limit=50&marker=${marker}`);
    times.marker.push(performance.now() - t0);
    t0 = performance.now();
    await api.call('GET', `/v2/{project_id}/volumes/detail?limit=50&offset=${Math.floor(SIZES[0] / 2)}`);
    times.offset.push(performance.now() - t0);
  }
  return { marker: median(times.marker), offset: median(times.offset) };
}

const sb = await startSandboxProcess(['--no-seed']);
try {
  const api = signedClient(sb);
  const azs = await api.call('GET', '/v2/{project_id}/os-availability-zone');
  const az = azs.body.availabilityZoneInfo[0].zoneName;
  const results = [];
  let have = 0;
  for (const size of SIZES) {
    await addDisks(api, size - have, az);
    have = size;
    const ids = (await api.call('GET', '/v2/{project_id}/cloudvolumes/detail?limit=1000')).body.volumes;
    const mid = ids[Math.floor(ids.length / 2)].id;
    // Three interleaved samples of this size and of the first size keep the comparison same-run.
    results.push({ size, ...(await pageTimes(api, mid)) });
  }
  const base = results[0];
  console.log(
    `sandbox, one 50-disk page (median of ${SAMPLES} requests, ms), beside the same page at ${SIZES[0]} disks`,
  );
  for (const r of results.slice(1)) {
    console.log(
      row(`  marker page at ${r.size} disks`, [r.marker], [base.marker], { unit: ' ms', target: 1.5 }),
    );
    console.log(
      row(`  offset page at ${r.size} disks`, [r.offset], [base.offset], { unit: ' ms', target: 1.5 }),
    );
  }
} finally {
  await sb.close();
}
