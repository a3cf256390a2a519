// The HTTP client's own per-call cost: EvsHttpClient.request (AK/SK auth, budget, retries, error
// normalisation) beside a bare signed GET on an undici pool (what the one-tool baseline server does), both in
// this process against the sandbox in its own process. CPU time of this process per call, in interleaved
// batches, so the load of the machine does not decide the ratio.
// Run after `npm run build`: node bench/http-client.mjs [rounds=7]
import { Pool } from 'undici';
import { pino } from 'pino';
import { AkSkAuth } from '../dist/evs-client/credentials/aksk.js';
import { EvsHttpClient } from '../dist/evs-client/client.js';
import { signRequest } from '../dist/evs-client/signer.js';
import { startSandboxProcess } from './lib/procs.mjs';
import { row } from './lib/stats.mjs';

const ROUNDS = Number(process.argv[2] ?? 7);
const BATCH = 100;
const SLICES = 5;

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const sb = await startSandboxProcess();
const pid = sb.project.id;
const cred = { ak: sb.project.ak, sk: sb.project.sk };
const endpoint = new URL(sb.endpoint);
const client = new EvsHttpClient({
  endpoint: sb.endpoint,
  projectId: pid,
  auth: new AkSkAuth({ ...cred, projectId: pid }),
  logger: pino({ level: 'info' }, { write() {} }),
});
const pool = new Pool(endpoint.origin, { connections: 16 });
try {
  const listed = await client.request({
    method: 'GET',
    path: `/v2/${pid}/cloudvolumes/detail`,
    query: { limit: 1 },
  });
  const id = listed.body?.volumes?.[0]?.id;
  if (!id) throw new Error('no disk in the sandbox to read');
  const path = `/v2/${pid}/volumes/${id}`;

  const sides = {
    ours: async () => (await client.request({ method: 'GET', path })).body,
    raw: async () => {
      const url = new URL(path, endpoint);
      const headers = signRequest(
        { method: 'GET', url, headers: { 'Content-Type': 'application/json' }, body: '' },
        cred,
        { projectId: pid },
      );
      const res = await pool.request({ method: 'GET', path: url.pathname, headers });
      return JSON.parse(await res.body.text());
    },
  };
  const batch = async (fn) => {
    const t0 = cpuMs();
    for (let i = 0; i < BATCH; i++) {
      const body = await fn();
      if (!body?.volume) throw new Error('unexpected answer');
    }
    return cpuMs() - t0;
  };
  for (const fn of Object.values(sides)) await batch(fn); // warm up
  const perCall = { ours: [], raw: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const spent = { ours: 0, raw: 0 };
    for (let s = 0; s < SLICES; s++)
      for (const [side, fn] of Object.entries(sides)) spent[side] += await batch(fn);
    for (const side of Object.keys(sides)) perCall[side].push((spent[side] / (BATCH * SLICES)) * 1000);
  }
  console.log(`HTTP client, GET one disk, CPU time of this process per call (µs), ${ROUNDS} rounds`);
  console.log(row('client per call vs a bare signed undici GET', perCall.ours, perCall.raw, { unit: ' µs' }));
} finally {
  await client.close();
  await pool.close();
  await sb.close();
}
