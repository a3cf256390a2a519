// Authentication: signatures, signed headers, clock skew, tokens, and the project in the path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxProject } from '../../src/sandbox/index.js';
import { call, start } from './helpers.js';

let h: SandboxHandle;
let a: SandboxProject;
let b: SandboxProject;

beforeAll(async () => {
  h = await start({ tokenTtlSeconds: 3600 });
  [a, b] = h.projects as [SandboxProject, SandboxProject];
});
afterAll(() => h.close());

const unauthorized = { error: { message: 'Authentication required.', code: 'EVS.5401' } };

describe('AK/SK signatures', () => {
  it('accepts a correctly signed request', async () => {
    const r = await call(h, a, 'GET', `/v2/${a.id}/volumes`);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toMatch(/^req-/);
  });

  it('rejects a wrong signature with 401 and logs it as rejected_auth', async () => {
    h.requestLog.clear();
    const r = await call(h, a, 'GET', `/v2/${a.id}/volumes`, {
      tamper: (hd) => ({
        ...hd,
        Authorization: hd.Authorization!.replace(
          /Signature=(\w)/,
          (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`,
        ),
      }),
    });
    expect(r.status).toBe(401);
    expect(r.body).toEqual(unauthorized);
    expect(h.requestLog.entries().map((e) => e.outcome)).toEqual(['rejected_auth']);
  });

  it('rejects a body changed after signing, and nothing is created', async () => {
    const body = {
      volume: { availability_zone: 'sandbox-1a', volume_type: 'SSD', size: 10, name: 'signed' },
    };
    const r = await call(h, a, 'POST', `/v2/${a.id}/volumes`, {
      body,
      sendBody: JSON.stringify({ volume: { ...body.volume, size: 20 } }),
    });
    expect(r.status).toBe(401);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`)).body.volumes).toEqual([]);
  });

  it('rejects a signature whose SignedHeaders leave out host or x-sdk-date', async () => {
    for (const drop of ['host', 'x-sdk-date']) {
      const r = await call(h, a, 'GET', `/v2/${a.id}/volumes`, {
        tamper: (hd) => ({
          ...hd,
          Authorization: hd.Authorization!.replace(
            /SignedHeaders=([^,]+)/,
            (_m, list: string) =>
              `SignedHeaders=${list
                .split(';')
                .filter((x) => x !== drop)
                .join(';')}`,
          ),
        }),
      });
      expect(r.status, drop).toBe(401);
    }
  });

  it('rejects an X-Sdk-Date more than 15 minutes off, accepts one 10 minutes off', async () => {
    const skewed = await call(h, a, 'GET', `/v2/${a.id}/volumes`, {
      now: new Date(h.clock.now() - 16 * 60_000),
    });
    expect(skewed.status).toBe(401);
    const ahead = await call(h, a, 'GET', `/v2/${a.id}/volumes`, {
      now: new Date(h.clock.now() + 16 * 60_000),
    });
    expect(ahead.status).toBe(401);
    const near = await call(h, a, 'GET', `/v2/${a.id}/volumes`, {
      now: new Date(h.clock.now() - 10 * 60_000),
    });
    expect(near.status).toBe(200);
  });

  it('rejects an unknown AK and a request without credentials', async () => {
    const unknown = await call(h, { ...a, ak: 'NOSUCHKEY' }, 'GET', `/v2/${a.id}/volumes`);
    expect(unknown.status).toBe(401);
    const none = await call(h, a, 'GET', `/v2/${a.id}/volumes`, { anonymous: true });
    expect(none.status).toBe(401);
    expect(none.body).toEqual(unauthorized);
  });

  it("refuses another project's path with EVS.0001 and sends nothing of it", async () => {
    const r = await call(h, a, 'GET', `/v2/${b.id}/volumes`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { message: 'invalid tenant id!', code: 'EVS.0001' } });
    const x = await call(h, a, 'POST', `/v2/${b.id}/cloudvolumes`, {
      body: { volume: { availability_zone: 'sandbox-1a', volume_type: 'SSD', size: 10 } },
    });
    expect(x.status).toBe(400);
    const list = await call(h, b, 'GET', `/v2/${b.id}/volumes`);
    expect(list.body.volumes).toEqual([]);
  });

  it('needs no credentials for the version APIs (5.1 answers 300, 5.2 200)', async () => {
    const all = await call(h, a, 'GET', '/', { anonymous: true });
    expect(all.status).toBe(300);
    expect(all.body.versions.map((v: { id: string }) => v.id)).toEqual(['v1.0', 'v2.0', 'v3.0']);
    const one = await call(h, a, 'GET', '/v2', { anonymous: true });
    expect(one.status).toBe(200);
    expect(one.body.versions).toHaveLength(1);
    expect(one.body.versions[0].id).toBe('v2.0');
  });
});

describe('tokens', () => {
  it('issues a Keystone v3 password token that then authenticates EVS calls', async () => {
    const r = await call(h, a, 'POST', '/v3/auth/tokens', {
      anonymous: true,
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: a.user, password: a.password, domain: { name: a.domain } } },
          },
          scope: { project: { name: a.name, domain: { name: a.domain } } },
        },
      },
    });
    expect(r.status).toBe(201);
    const token = r.headers.get('x-subject-token')!;
    expect(token.length).toBeGreaterThan(20);
    expect(r.body.token.project).toMatchObject({ id: a.id, name: a.name });
    expect(Date.parse(r.body.token.expires_at)).toBe(h.clock.now() + 3600_000);
    expect(r.text).not.toContain(token);
    const list = await call(h, a, 'GET', `/v2/${a.id}/volumes`, { token });
    expect(list.status).toBe(200);
    const other = await call(h, a, 'GET', `/v2/${b.id}/volumes`, { token });
    expect(other.status).toBe(400);
    expect(other.body).toEqual({ error: { message: 'Invalid token in the header', code: 'Common.0018' } });
  });

  it('refuses a wrong password and a project of another account', async () => {
    const body = (password: string, project: string) => ({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: a.user, password, domain: { name: a.domain } } },
        },
        scope: { project: { name: project } },
      },
    });
    expect(
      (await call(h, a, 'POST', '/v3/auth/tokens', { anonymous: true, body: body('wrong', a.name) })).status,
    ).toBe(401);
    expect(
      (await call(h, a, 'POST', '/v3/auth/tokens', { anonymous: true, body: body(a.password, b.name) }))
        .status,
    ).toBe(401);
  });

  it('rejects expired and unknown tokens with 401', async () => {
    const expired = h.issueToken(a.id, -1);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`, { token: expired })).status).toBe(401);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`, { token: 'MIInot-a-token' })).status).toBe(401);
    const fresh = h.issueToken(a.id, 60);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`, { token: fresh })).status).toBe(200);
    h.clock.advance(59_999);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`, { token: fresh })).status).toBe(200);
    h.clock.advance(1);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`, { token: fresh })).status).toBe(401);
  });

  it('finds the main project by region name (A.6), signed or with a token', async () => {
    const r = await call(h, a, 'GET', '/v3/projects', { query: { name: h.region } });
    expect(r.status).toBe(200);
    expect(r.body.projects.map((p: { id: string }) => p.id)).toEqual([a.id]);
    expect(a.name).toBe(h.region);
    const byToken = await call(h, a, 'GET', '/v3/projects', {
      query: { name: h.region },
      token: h.issueToken(a.id),
    });
    expect(byToken.body.projects[0].id).toBe(a.id);
    const peer = await call(h, b, 'GET', '/v3/projects', { query: { name: h.region } });
    expect(peer.body.projects).toEqual([]);
    expect((await call(h, a, 'GET', '/v3/projects', { anonymous: true })).status).toBe(401);
  });
});
