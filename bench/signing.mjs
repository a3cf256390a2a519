// Signing speed: our SDK-HMAC-SHA256 signer beside Huawei's AKSKSigner (@huaweicloud/huaweicloud-sdk-core)
// and beside the floor: the SHA-256 and HMAC work alone on the same strings (what any signer must do).
// Run after `npm run build`: node bench/signing.mjs [rounds=7]
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { signRequest } from '../dist/http/signer.js';
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

function ours(c) {
  return signRequest(
    { method: c.method, url: new URL(c.url), headers: headersOf(), body: c.body },
    { ak: AK, sk: SK },
    {
      now: NOW,
      projectId: PID,
    },
  ).Authorization;
}

function huawei(c) {
  const u = new URL(c.url);
  const queryParams = {};
  for (const [k, v] of u.searchParams) queryParams[k] = v;
  const out = AKSKSigner.sign(
    {
      endpoint: `${u.protocol}//${u.host}${u.pathname}`,
      method: c.method,
      headers: { 'X-Sdk-Date': DATE, 'X-Project-Id': PID, ...headersOf() },
      queryParams,
      ...(c.body ? { data: JSON.parse(c.body) } : {}),
    },
    new BasicCredentials({ ak: AK, sk: SK }),
  );
  return out.Authorization;
}

// The floor: hash the body, hash the canonical request, HMAC the string to sign; nothing else.
function floorFor(c) {
  const u = new URL(c.url);
  const canonical = [
    c.method,
    `${u.pathname}/`,
    [...u.searchParams]
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .sort()
      .join('&'),
    `content-type:application/json\nhost:${u.host}\nx-project-id:${PID}\nx-sdk-date:${DATE}\n`,
    'content-type;host;x-project-id;x-sdk-date',
  ].join('\n');
  return () => {
    const bodyHash = createHash('sha256').update(c.body).digest('hex');
    const creq = createHash('sha256').update(`${canonical}\n${bodyHash}`).digest('hex');
    return createHmac('sha256', SK).update(`SDK-HMAC-SHA256\n${DATE}\n${creq}`).digest('hex');
  };
}

function opsPerSecond(fn, c, ms = 300) {
  let n = 0;
  const t0 = performance.now();
  let sink = 0;
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 200; i++) sink += fn(c).length;
    n += 200;
  }
  if (sink < 0) console.log(sink);
  return (n / (performance.now() - t0)) * 1000;
}

for (const c of cases) {
  const floor = floorFor(c);
  opsPerSecond(ours, c, 200);
  opsPerSecond(huawei, c, 200);
  opsPerSecond(floor, c, 200);
  const o = [];
  const h = [];
  const f = [];
  for (let r = 0; r < ROUNDS; r++) {
    o.push(opsPerSecond(ours, c));
    h.push(opsPerSecond(huawei, c));
    f.push(opsPerSecond(floor, c));
  }
  console.log(`signing, ${c.name} (signatures/s, ${ROUNDS} rounds)`);
  console.log(row(`  vs the hashing floor`, o, f, { unit: '/s', target: 0.7, higherIsBetter: true }));
  console.log(row(`  vs Huawei's AKSKSigner`, o, h, { unit: '/s' }));
}
