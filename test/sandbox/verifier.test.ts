// The sandbox's own SDK-HMAC-SHA256 verifier, against Huawei's SDK signer: path segments encoded exactly
// once (a double-encoded signature fails), temporary credentials, declared body hashes, the sandbox clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxProject } from '../../src/sandbox/index.js';
import { signWithSdk } from '../contract/sdk-signer.js';
import { call, createBody, start, waitForVolume } from './helpers.js';

let h: SandboxHandle;
let a: SandboxProject;
let disk: string;

const KEYS = ['数据', 'a*b', 'k e y', 'é', "~!$&'()*+,;=:@"];

beforeAll(async () => {
  h = await start();
  a = h.projects[0]!;
  const r = await call(h, a, 'POST', `/v2/${a.id}/volumes`, { body: createBody() });
  disk = (await waitForVolume(h, a, r.body.volume.id, 'available')).id;
});
afterAll(() => h.close());

/** Sends `wirePath` signed as if the path were `signedPath` (what a signer that encodes twice does). */
async function sendSignedAs(wirePath: string, signedPath: string) {
  const signed = signWithSdk(
    { method: 'GET', url: new URL(h.url + signedPath), now: new Date(h.clock.now()) },
    a,
  );
  return fetch(h.url + wirePath, { headers: signed.headers });
}

describe('path encoding', () => {
  it('round-trips metadata keys with unicode, spaces and reserved characters through path parameters', async () => {
    const metadata = Object.fromEntries(KEYS.map((k, i) => [k, `v${i}`]));
    const set = await call(h, a, 'POST', `/v2/${a.id}/volumes/${disk}/metadata`, { body: { metadata } });
    expect(set.status).toBe(200);
    for (const [i, key] of KEYS.entries()) {
      const r = await call(h, a, 'GET', `/v2/${a.id}/volumes/${disk}/metadata/${encodeURIComponent(key)}`);
      expect(r.status, key).toBe(200);
      expect(r.body, key).toEqual({ meta: { [key]: `v${i}` } });
    }
  });

  it('accepts a sub-delimiter sent raw or percent-encoded: both are the same segment once decoded', async () => {
    const base = `/v2/${a.id}/volumes/${disk}/metadata/`;
    expect((await sendSignedAs(`${base}a*b`, `${base}a*b`)).status).toBe(200);
    expect((await sendSignedAs(`${base}a%2Ab`, `${base}a%2Ab`)).status).toBe(200);
  });

  it('refuses a signature computed over a path encoded twice', async () => {
    const base = `/v2/${a.id}/volumes/${disk}/metadata/`;
    for (const key of KEYS) {
      const once = encodeURIComponent(key).replace(/\*/g, '%2A');
      const twice = encodeURIComponent(once);
      if (once === key) continue;
      h.requestLog.clear();
      const r = await sendSignedAs(base + once, base + twice);
      expect(r.status, key).toBe(401);
      expect(h.requestLog.entries().map((e) => e.outcome)).toEqual(['rejected_auth']);
    }
  });
});

describe('temporary credentials', () => {
  it('needs the X-Security-Token of the key, signed', async () => {
    const tmp = h.addUser(a.id, { name: 'temp-user', temporary: true });
    expect(tmp.securityToken).toBeTruthy();
    const path = `/v2/${a.id}/volumes`;
    expect((await call(h, a, 'GET', path, { key: tmp })).status).toBe(200);
    const { securityToken: _dropped, ...withoutToken } = tmp;
    expect((await call(h, a, 'GET', path, { key: withoutToken })).status).toBe(401);
    expect(
      (await call(h, a, 'GET', path, { key: { ...tmp, securityToken: `${tmp.securityToken}x` } })).status,
    ).toBe(401);
    // A permanent key must not carry a security token.
    expect((await call(h, a, 'GET', path, { key: { ak: a.ak, sk: a.sk, securityToken: 'x' } })).status).toBe(
      401,
    );
    // Sent but left out of SignedHeaders.
    const unsigned = await call(h, a, 'GET', path, {
      key: tmp,
      tamper: (hd) => ({
        ...hd,
        Authorization: hd.Authorization!.replace(/;x-security-token/, ''),
      }),
    });
    expect(unsigned.status).toBe(401);
  });
});

describe('body hash', () => {
  it('accepts X-Sdk-Content-Sha256 only when it is the hash of the bytes received', async () => {
    const raw = JSON.stringify({ metadata: { raw: 'yes' } });
    const ok = await call(h, a, 'POST', `/v2/${a.id}/volumes/${disk}/metadata`, { rawBody: raw });
    expect(ok.status).toBe(200);
    const changed = await call(h, a, 'POST', `/v2/${a.id}/volumes/${disk}/metadata`, {
      rawBody: raw,
      sendBody: JSON.stringify({ metadata: { raw: 'no!' } }),
    });
    expect(changed.status).toBe(401);
  });
});

describe('sandbox clock', () => {
  it('is read and moved through the admin endpoint, and signatures follow it', async () => {
    const before = (await (await fetch(`${h.url}/__sandbox/clock`)).json()) as {
      now: number;
      manual: boolean;
    };
    expect(before).toEqual({ now: h.clock.now(), manual: true });
    const signedNow = new Date(h.clock.now());
    const moved = await fetch(`${h.url}/__sandbox/clock/advance`, {
      method: 'POST',
      body: JSON.stringify({ ms: 16 * 60_000 }),
    });
    expect(((await moved.json()) as { now: number }).now).toBe(before.now + 16 * 60_000);
    // Signed 16 sandbox minutes ago: outside the 15-minute window.
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`, { now: signedNow })).status).toBe(401);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`)).status).toBe(200);
    const back = await fetch(`${h.url}/__sandbox/clock/advance`, { method: 'POST', body: '{"ms": -1}' });
    expect(back.status).toBe(400);
  });
});
