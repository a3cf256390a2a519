// Signing speed: our SDK-HMAC-SHA256 signer beside Huawei's AKSKSigner (@huaweicloud/huaweicloud-sdk-core)
// and beside the floor: the SHA-256 and HMAC work alone on the same strings (what any signer must do), done the
// standard way (createHash/createHmac, the body hashed even when empty). A third row compares with only the
// crypto calls our signer itself makes (one-shot crypto.hash, createHmac, no hash of an empty body), so what is
// left of our time beyond them is the text work around the crypto.
// Each side gets its inputs in its own native form, built outside the timed loop (ours a URL, which the client
// builds to send the request anyway; Huawei's the endpoint, query object and body object its client passes), and
// fresh header objects per signature. Our signer reads only url.host, url.pathname and url.search, getters that
// cache nothing, so reusing the URL hides no work.
// Run after `npm run build`: node bench/signing.mjs [rounds=7]
import { createHash, createHmac, hash } from 'node:crypto';
import { createRequire } from 'node:module';
import { signRequest } from '../dist/evs-client/signer.js';
import { row } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');

const ROUNDS = Number(process.argv[2] ?? 7);
const AK = 'HPUAXXXXEXAMPLEAK0001';
const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLESKEY';
const PID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const EVS = 'https://evs.ap-southeast-1.myhuaweicloud.com';
const DATE = '20260101T000000Z';
const NOW = new Date(Date.UTC(2026, 0, 1));

const metadata = {};
for (let i = 0; body1k(metadata).length < 1024; i++) metadata[`key_${i}`] = `value-${i}-${'x'.repeat(20)}`;
function body1k(m) {
  return JSON.stringify({
    volume: { name: 'bench-disk', size: 100, volume_type: 'SSD', availability_zone: 'az-1', metadata: m },
  });
}
const cases = [
  {
    name: 'GET with query',
    method: 'GET',
    url: `${EVS}/v2/${PID}/cloudvolumes/detail?limit=50&status=available&name=db%20disk&sort_key=created_at&marker=8f1c2d`,
    body: '',
  },
  {
    name: 'POST with 1 KB JSON',
    method: 'POST',
    url: `${EVS}/v2/${PID}/cloudvolumes`,
    body: body1k(metadata),
  },
];

const headersOf = () => ({ 'Content-Type': 'application/json' });

function oursFor(c) {
  const url = new URL(c.url);
  const credential = { ak: AK, sk: SK };
  return () =>
    signRequest({ method: c.method, url, headers: headersOf(), body: c.body }, credential, {
      now: NOW,
      projectId: PID,
    }).Authorization;
}

function huaweiInputs(c) {
  const u = new URL(c.url);
  const queryParams = {};
  for (const [k, v] of u.searchParams) queryParams[k] = v;
  return {
    endpoint: `${u.protocol}//${u.host}${u.pathname}`,
    queryParams,
    data: c.body ? JSON.parse(c.body) : undefined,
    credential: new BasicCredentials({ ak: AK, sk: SK }),
  };
}

function huaweiFor(c) {
  const { endpoint, queryParams, data, credential } = huaweiInputs(c);
  return () =>
    AKSKSigner.sign(
      {
        endpoint,
        method: c.method,
        headers: { 'X-Sdk-Date': DATE, 'X-Project-Id': PID, ...headersOf() },
        queryParams,
        ...(data !== undefined ? { data } : {}),
      },
      credential,
    ).Authorization;
}

// The canonical request text of a case, written out (the floor's input).
function canonicalOf(c) {
  const u = new URL(c.url);
  return [
    c.method,
    `${u.pathname}/`,
    [...u.searchParams]
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .sort()
      .join('&'),
    `content-type:application/json\nhost:${u.host}\nx-project-id:${PID}\nx-sdk-date:${DATE}\n`,
    'content-type;host;x-project-id;x-sdk-date',
  ].join('\n');
}

// The floor: hash the body, hash the canonical request, HMAC the string to sign; nothing else.
function floorFor(c) {
  const canonical = canonicalOf(c);
  return () => {
    const bodyHash = createHash('sha256').update(c.body).digest('hex');
    const creq = createHash('sha256').update(`${canonical}\n${bodyHash}`).digest('hex');
    return createHmac('sha256', SK).update(`SDK-HMAC-SHA256\n${DATE}\n${creq}`).digest('hex');
  };
}

// Only the crypto calls our signer makes on these strings: one-shot hashes, no hash of an empty body.
const EMPTY_SHA256 = hash('sha256', '', 'hex');
function oursCryptoFor(c) {
  const canonical = canonicalOf(c);
  return () => {
    const bodyHash = c.body.length === 0 ? EMPTY_SHA256 : hash('sha256', c.body, 'hex');
    const creq = hash('sha256', `${canonical}\n${bodyHash}`, 'hex');
    return createHmac('sha256', SK).update(`SDK-HMAC-SHA256\n${DATE}\n${creq}`).digest('hex');
  };
}

// Signatures per second of CPU time (this process's user + system time, GC threads included), so the other
// processes of a loaded machine taking the CPU away do not count against whichever side was running then.
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// One batch: `n` signatures; returns [n, CPU ms].
function batch(fn, n) {
  let sink = 0;
  const t0 = cpuMs();
  for (let i = 0; i < n; i++) sink += fn().length;
  const ms = cpuMs() - t0;
  if (sink < 0) console.log(sink);
  return [n, ms];
}

for (const c of cases) {
  const sides = { ours: oursFor(c), huawei: huaweiFor(c), floor: floorFor(c), crypto: oursCryptoFor(c) };
  const rates = { ours: [], huawei: [], floor: [], crypto: [] };
  for (const fn of Object.values(sides)) batch(fn, 3000);
  for (let r = 0; r < ROUNDS; r++) {
    // Each round interleaves short batches of every side, so all sides see the same moments of the machine.
    const totals = Object.fromEntries(Object.keys(sides).map((k) => [k, [0, 0]]));
    for (let slice = 0; slice < 8; slice++) {
      for (const [side, fn] of Object.entries(sides)) {
        const [n, ms] = batch(fn, 1000);
        totals[side][0] += n;
        totals[side][1] += ms;
      }
    }
    for (const [side, [n, ms]] of Object.entries(totals)) rates[side].push((n / ms) * 1000);
  }
  console.log(`signing, ${c.name} (signatures per CPU second, ${ROUNDS} rounds)`);
  console.log(
    row(`  vs the hashing floor`, rates.ours, rates.floor, { unit: '/s', target: 0.7, higherIsBetter: true }),
  );
  console.log(row(`  vs Huawei's AKSKSigner`, rates.ours, rates.huawei, { unit: '/s' }));
  console.log(row(`  vs our own crypto calls alone`, rates.ours, rates.crypto, { unit: '/s' }));
}
