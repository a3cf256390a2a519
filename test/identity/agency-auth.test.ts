// The agency auth provider against the sandbox's STS on a manual clock: renewal before expiry, one
// AssumeAgency for concurrent calls, a read-only caller's credentials refused a write by the cloud side,
// and an STS that does not answer in time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyAuth, RENEW_BEFORE_MS } from '../../src/evs-client/credentials/agency.js';
import { readOnlySessionPolicy, sessionNameOf, sourceIdentityOf } from '../../src/identity/agency-session.js';
import { runAsCaller, type CallerContext } from '../../src/evs-client/credentials/caller-context.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import type { PreparedRequest } from '../../src/evs-client/types.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { createBody, start } from '../sandbox/helpers.js';

let h: SandboxHandle;
const STS = '/v5/agencies/assume';

function caller(sub: string, readOnly = false, agency = 'evs-operators'): CallerContext {
  return {
    sub,
    clientId: 'client-1',
    session: {
      agencyUrn: h.agencies.find((a) => a.name === agency)!.urn,
      sessionName: sessionNameOf(sub),
      sourceIdentity: sourceIdentityOf(sub),
      readOnly,
    },
  };
}

function newAuth(timeoutMs = 10_000) {
  const p = h.projects[0]!;
  return new AgencyAuth({
    credential: { ak: p.ak, sk: p.sk },
    stsEndpoint: h.url,
    durationSeconds: 3600,
    readOnlyPolicy: readOnlySessionPolicy(OPERATIONS),
    projectId: p.id,
    timeoutMs,
    now: () => h.clock.now(),
  });
}

/** Signs as the caller and sends the request to the sandbox, as the HTTP client would. */
async function send(
  auth: AgencyAuth,
  ctx: CallerContext,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const req: PreparedRequest = {
    method,
    url: new URL(h.url + path),
    headers: text ? { 'Content-Type': 'application/json;charset=UTF-8' } : {},
    body: text,
  };
  const headers = await runAsCaller(ctx, () => auth.authorize(req));
  const res = await fetch(req.url, { method, headers, ...(text ? { body: text } : {}) });
  return { status: res.status, text: await res.text() };
}

const stsCalls = () => h.requestLog.entries().filter((e) => e.path === STS);

beforeAll(async () => {
  h = await start();
});
afterAll(() => h.close());

describe('AgencyAuth', () => {
  it('renews the credentials before they expire, on the clock it is given', async () => {
    h.requestLog.clear();
    const auth = newAuth();
    const ctx = caller('renew-me');
    const list = `/v2/${h.projects[0]!.id}/cloudvolumes/detail`;
    expect((await send(auth, ctx, 'GET', list)).status).toBe(200);
    expect(stsCalls()).toHaveLength(1);
    // Still more than 5 minutes left: the cached session is used.
    h.clock.advance(3600_000 - RENEW_BEFORE_MS - 60_000);
    expect((await send(auth, ctx, 'GET', list)).status).toBe(200);
    expect(stsCalls()).toHaveLength(1);
    // Inside the renewal window, before expiry: a new session is assumed and used.
    h.clock.advance(120_000);
    expect((await send(auth, ctx, 'GET', list)).status).toBe(200);
    expect(stsCalls()).toHaveLength(2);
    const evs = h.requestLog.entries().filter((e) => e.path !== STS);
    expect(evs.map((e) => e.status)).toEqual([200, 200, 200]);
    expect(evs.some((e) => e.outcome === 'rejected_auth')).toBe(false);
  });

  it('shares one AssumeAgency among concurrent calls of a caller, and keeps callers apart', async () => {
    h.requestLog.clear();
    const auth = newAuth();
    const list = `/v2/${h.projects[0]!.id}/cloudvolumes/detail`;
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => send(auth, caller('many'), 'GET', list)),
      send(auth, caller('other'), 'GET', list),
    ]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(stsCalls()).toHaveLength(2);
    expect(auth.assumeCount).toBe(2);
    const principals = h.requestLog
      .entries()
      .filter((e) => e.path !== STS)
      .map((e) => e.principal);
    expect(principals.filter((p) => p?.endsWith('/many'))).toHaveLength(20);
    expect(principals.filter((p) => p?.endsWith('/other'))).toHaveLength(1);
  });

  it('gives an evs:read caller credentials the sandbox refuses for a write, even through a write-capable agency', async () => {
    const auth = newAuth();
    const pid = h.projects[0]!.id;
    const reader = caller('read-only-carol', true);
    expect((await send(auth, reader, 'GET', `/v2/${pid}/cloudvolumes/detail`)).status).toBe(200);
    h.requestLog.clear();
    const write = await send(auth, reader, 'POST', `/v2/${pid}/cloudvolumes`, createBody());
    expect(write.status, write.text).toBe(403);
    expect(h.requestLog.entries()[0]!.deniedAction).toBe('evs:volumes:create');
    // The same agency without the session policy can write: the policy, not the agency, refused it.
    const writer = await send(auth, caller('writer-carol'), 'POST', `/v2/${pid}/cloudvolumes`, createBody());
    expect(writer.status, writer.text).toBeLessThan(300);
  });

  it('refuses when STS does not answer in time, with nothing sent to EVS', async () => {
    h.requestLog.clear();
    // On the manual clock the sandbox holds the answer until the clock moves, which the test never does.
    h.faults.add({ method: 'POST', path: STS, latencyMs: 60_000, times: 1 });
    const auth = newAuth(300);
    const err = await send(
      auth,
      caller('slow-sts'),
      'GET',
      `/v2/${h.projects[0]!.id}/cloudvolumes/detail`,
    ).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/no answer .* within 300 ms.*Nothing was sent to EVS/);
    expect(h.requestLog.entries().filter((e) => e.path !== STS)).toEqual([]);
    h.faults.clear();
  });

  it('refuses outside any caller, and names no secret in its principal', async () => {
    const auth = newAuth();
    const req: PreparedRequest = {
      method: 'GET',
      url: new URL(`${h.url}/v2/x/cloudvolumes/detail`),
      headers: {},
      body: '',
    };
    await expect(auth.authorize(req)).rejects.toThrow(/only as an authenticated caller/);
    expect(runAsCaller(caller('pat'), () => auth.principal)).toBe('agency-session:pat');
  });
});

describe('session names', () => {
  it('keeps a safe subject, and cuts or cleans others with a hash so no two collide', () => {
    expect(sessionNameOf('alice')).toBe('alice');
    const long = 'x'.repeat(200);
    expect(sessionNameOf(long)).toHaveLength(128);
    expect(sourceIdentityOf(long)).toHaveLength(64);
    const names = ['a b', 'a_b', 'a/b', 'a', `${'y'.repeat(130)}1`, `${'y'.repeat(130)}2`];
    const made = names.map(sessionNameOf);
    expect(new Set(made).size).toBe(names.length);
    for (const n of made) expect(n).toMatch(/^[\w+=,.@-]{2,128}$/);
    // A subject that already looks like a cleaned one still gets its own hash.
    const cleaned = sessionNameOf('a b');
    expect(sessionNameOf(cleaned)).not.toBe(cleaned);
  });

  it('derives the read-only policy from the read-only records only', () => {
    const policy = JSON.parse(readOnlySessionPolicy(OPERATIONS)) as { Statement: { Action: string[] }[] };
    const actions = policy.Statement[0]!.Action;
    const writes = new Set(OPERATIONS.filter((o) => !o.hints.readOnly).flatMap((o) => o.iamActions));
    const reads = new Set(OPERATIONS.filter((o) => o.hints.readOnly).flatMap((o) => o.iamActions));
    expect(actions.length).toBe(reads.size);
    expect(actions.filter((a) => writes.has(a) && !reads.has(a))).toEqual([]);
    expect(actions).not.toContain('evs:volumes:create');
  });
});
