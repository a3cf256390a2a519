// The sandbox's STS: AssumeAgency signed with Huawei's own SDK signer, the trust check, temporary credentials
// whose permissions are the agency's policies intersected with the session policy, expiry on the sandbox clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxProject } from '../../src/sandbox/index.js';
import { call, createBody, start } from './helpers.js';

let h: SandboxHandle;
let p: SandboxProject;
const urnOf = (name: string) => h.agencies.find((a) => a.name === name)!.urn;

const assume = (body: Record<string, unknown>, key?: { ak: string; sk: string; securityToken?: string }) =>
  call(h, p, 'POST', '/v5/agencies/assume', { body, ...(key ? { key } : {}) });

function keyOf(res: { body: { credentials: Record<string, string> } }) {
  const c = res.body.credentials;
  return { ak: c.access_key_id!, sk: c.secret_access_key!, securityToken: c.security_token! };
}

const READ_POLICY = JSON.stringify({
  Version: '5.0',
  Statement: [{ Effect: 'Allow', Action: ['evs:*:get', 'evs:*:list'] }],
});

beforeAll(async () => {
  h = await start();
  p = h.projects[0]!;
});
afterAll(() => h.close());

describe('sandbox STS AssumeAgency', () => {
  it('seeds agencies with trust policies and lists them', () => {
    expect(h.agencies.map((a) => a.name)).toEqual(['evs-operators', 'evs-readers', 'evs-untrusted']);
    expect(h.agencies[0]!.trusted).toEqual([expect.stringMatching(/^iam::[0-9a-f]+:user:sandbox-user$/)]);
    expect(h.agencies[0]!.actions).toContain('evs:volumes:create');
    expect(h.agencies[1]!.actions).not.toContain('evs:volumes:create');
  });

  it('issues temporary credentials that act as the assumed session, recorded as the principal', async () => {
    const res = await assume({
      agency_urn: urnOf('evs-operators'),
      agency_session_name: 'alice',
      source_identity: 'alice',
      duration_seconds: 900,
      tags: [{ key: 'oauth_client_id', value: 'app-1' }],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.assumed_agency.urn).toMatch(/:assumed-agency:evs-operators\/alice$/);
    expect(Date.parse(res.body.credentials.expiration)).toBe(h.clock.now() + 900_000);
    const key = keyOf(res);
    const mark = h.requestLog.total();
    const list = await call(h, p, 'GET', `/v2/${p.id}/cloudvolumes/detail`, { key });
    expect(list.status).toBe(200);
    const made = await call(h, p, 'POST', `/v2/${p.id}/cloudvolumes`, { key, body: createBody() });
    expect(made.status, made.text).toBeLessThan(300);
    const [get, post] = h.requestLog.since(mark);
    expect(get!.principal).toBe(res.body.assumed_agency.urn);
    expect(post!.principal).toBe(res.body.assumed_agency.urn);
    // Without the security token the temporary key is refused.
    const bare = await call(h, p, 'GET', `/v2/${p.id}/cloudvolumes/detail`, {
      key: { ak: key.ak, sk: key.sk },
    });
    expect(bare.status).toBe(401);
  });

  it('intersects the agency policy with the session policy: a read-only session cannot write', async () => {
    const res = await assume({
      agency_urn: urnOf('evs-operators'),
      agency_session_name: 'reader',
      policy: READ_POLICY,
    });
    expect(res.status, res.text).toBe(200);
    const key = keyOf(res);
    expect((await call(h, p, 'GET', `/v2/${p.id}/cloudvolumes/detail`, { key })).status).toBe(200);
    const mark = h.requestLog.total();
    const made = await call(h, p, 'POST', `/v2/${p.id}/cloudvolumes`, { key, body: createBody() });
    expect(made.status).toBe(403);
    expect(h.requestLog.since(mark)[0]!.deniedAction).toBe('evs:volumes:create');
    // The readers agency grants no write either, whatever the session policy allows.
    const wide = JSON.stringify({ Version: '5.0', Statement: [{ Effect: 'Allow', Action: ['evs:*:*'] }] });
    const r2 = await assume({
      agency_urn: urnOf('evs-readers'),
      agency_session_name: 'reader2',
      policy: wide,
    });
    const w = await call(h, p, 'POST', `/v2/${p.id}/cloudvolumes`, { key: keyOf(r2), body: createBody() });
    expect(w.status).toBe(403);
  });

  it('refuses an agency that does not trust the caller, an unknown agency, role chaining and bad bodies', async () => {
    expect((await assume({ agency_urn: urnOf('evs-untrusted'), agency_session_name: 'x1' })).status).toBe(
      403,
    );
    const urn = urnOf('evs-operators');
    expect(
      (await assume({ agency_urn: urn.replace('evs-operators', 'nope'), agency_session_name: 'x1' })).status,
    ).toBe(404);
    const ok = await assume({ agency_urn: urn, agency_session_name: 'x1' });
    expect((await assume({ agency_urn: urn, agency_session_name: 'x2' }, keyOf(ok))).status).toBe(403);
    for (const body of [
      { agency_urn: urn, agency_session_name: 'a' },
      { agency_urn: urn, agency_session_name: 'has space' },
      { agency_urn: urn, agency_session_name: 'ok', duration_seconds: 899 },
      { agency_urn: urn, agency_session_name: 'ok', duration_seconds: 43_201 },
      { agency_urn: urn, agency_session_name: 'ok', policy: 'x'.repeat(2049) },
      { agency_urn: urn, agency_session_name: 'ok', policy: '{"Version":"1.1","Statement":[]}' },
      { agency_urn: urn, agency_session_name: 'ok', surprise: 1 },
      { agency_session_name: 'ok' },
    ])
      expect((await assume(body)).status, JSON.stringify(body)).toBe(400);
    // Unsigned: refused by authentication.
    const anon = await call(h, p, 'POST', '/v5/agencies/assume', {
      anonymous: true,
      body: { agency_urn: urn, agency_session_name: 'ok' },
    });
    expect(anon.status).toBe(401);
  });

  it('refuses the temporary credentials once they expire on the sandbox clock', async () => {
    const res = await assume({
      agency_urn: urnOf('evs-operators'),
      agency_session_name: 'short',
      duration_seconds: 900,
    });
    const key = keyOf(res);
    h.clock.advance(899_000);
    expect((await call(h, p, 'GET', `/v2/${p.id}/cloudvolumes/detail`, { key })).status).toBe(200);
    h.clock.advance(1_000);
    expect((await call(h, p, 'GET', `/v2/${p.id}/cloudvolumes/detail`, { key })).status).toBe(401);
  });
});
