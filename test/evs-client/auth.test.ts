import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvsHttpClient } from '../../src/evs-client/client.js';
import {
  AkSkAuth,
  IamPasswordAuth,
  StaticTokenAuth,
  passwordTokenRequest,
} from '../../src/evs-client/credentials/index.js';
import { EvsError } from '../../src/evs-client/errors.js';
import { discoverProjectId } from '../../src/evs-client/project-discovery.js';
import { parseAuthorization, verifySignature } from '../../src/evs-client/signer.js';
import type { AuthProvider } from '../../src/evs-client/types.js';
import { LoopbackServer, type RecordedRequest, testLogger } from '../helpers/loopback-server.js';

const AK = 'AKTESTAKTESTAKTEST01';
const SK = 'sk-secret-value-0123456789';
const SECURITY_TOKEN = 'security-token-value-abcdef';
const PASSWORD = 'Pa55word-never-logged';

/** Checks a received request's signature the way the service would. */
function signatureIsValid(req: RecordedRequest, sk: string): boolean {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  const auth = parseAuthorization(headers.authorization ?? '');
  if (!auth) return false;
  return verifySignature({
    method: req.method,
    pathname: req.pathname,
    query: [...req.query],
    headers,
    body: req.body,
    sk,
    signatureHex: auth.signature,
    signedHeaders: auth.signedHeaders,
  });
}

let server: LoopbackServer;
const closers: { close(): Promise<void> }[] = [];

async function clientWith(auth: AuthProvider) {
  const { logger, logs } = await testLogger();
  const client = new EvsHttpClient({
    endpoint: server.url,
    projectId: 'p1',
    auth,
    logger,
    retry: { baseDelayMs: 5, maxDelayMs: 10 },
  });
  closers.push(client);
  return { client, logs, logger };
}

beforeEach(async () => {
  server = await LoopbackServer.start();
});

afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
  await server.close();
});

describe('AkSkAuth', () => {
  it('signs a GET with a query so the service can verify it, with X-Project-Id and X-Sdk-Date', async () => {
    server.on('GET', '/v2/p1/cloudvolumes/detail', { body: { volumes: [] } });
    const { client } = await clientWith(new AkSkAuth({ ak: AK, sk: SK, projectId: 'p1' }));
    await client.request({
      method: 'GET',
      path: '/v2/p1/cloudvolumes/detail',
      query: { name: 'disk with spaces+plus*', status: ['available', 'in-use'], limit: 5 },
    });
    const [req] = server.requests;
    expect(req).toBeDefined();
    expect(signatureIsValid(req!, SK)).toBe(true);
    expect(signatureIsValid(req!, 'wrong-sk-wrong-sk')).toBe(false);
    expect(req!.headers['x-project-id']).toBe('p1');
    expect(req!.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req!.headers['x-security-token']).toBeUndefined();
    expect(req!.headers.authorization).toContain(`Access=${AK}`);
  });

  it('signs the exact body bytes of a POST and sends the security token when set', async () => {
    server.on('POST', '/v2.1/p1/cloudvolumes', { status: 202, body: { job_id: 'j' } });
    const { client } = await clientWith(new AkSkAuth({ ak: AK, sk: SK, securityToken: SECURITY_TOKEN }));
    await client.request({
      method: 'POST',
      path: '/v2.1/p1/cloudvolumes',
      body: { volume: { name: 'dïsk', size: 10 } },
    });
    const [req] = server.requests;
    expect(signatureIsValid(req!, SK)).toBe(true);
    expect(req!.headers['x-security-token']).toBe(SECURITY_TOKEN);
    const signed = parseAuthorization(req!.headers.authorization as string)?.signedHeaders ?? [];
    expect(signed).toEqual(
      expect.arrayContaining(['content-type', 'host', 'x-sdk-date', 'x-security-token']),
    );
  });

  it('names itself by the first four AK characters and lists its secrets', () => {
    const auth = new AkSkAuth({ ak: AK, sk: SK, securityToken: SECURITY_TOKEN });
    expect(auth.principal).toBe('aksk:AKTE…');
    expect(auth.secrets()).toEqual(expect.arrayContaining([SK, SECURITY_TOKEN, AK]));
  });
});

describe('StaticTokenAuth', () => {
  it('sends X-Auth-Token and treats a 401 as final', async () => {
    server.on(
      'GET',
      '/v2/p1/volumes',
      { body: {} },
      { status: 401, body: { error: { message: 'token expired' } } },
    );
    const auth = new StaticTokenAuth({ token: 'static-token-xyz' });
    const { client } = await clientWith(auth);
    await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    expect(server.requests[0]?.headers['x-auth-token']).toBe('static-token-xyz');
    const err = (await client
      .request({ method: 'GET', path: '/v2/p1/volumes' })
      .catch((e: unknown) => e)) as EvsError;
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(server.requests).toHaveLength(2);
    expect(auth.invalidate()).toBe(false);
    expect(auth.secrets()).toEqual(['static-token-xyz']);
  });
});

describe('IamPasswordAuth', () => {
  let iam: LoopbackServer;
  let clock: number;
  let tokenCount: number;

  beforeEach(async () => {
    iam = await LoopbackServer.start();
    clock = Date.parse('2026-03-01T00:00:00Z');
    tokenCount = 0;
  });

  afterEach(async () => {
    await iam.close();
  });

  /** IAM answers each token request with a new token valid for `lifetimeMs` from the test clock. */
  function serveTokens(lifetimeMs = 24 * 3600_000, delayMs = 0): void {
    iam.on('POST', '/v3/auth/tokens', () => {
      tokenCount++;
      return {
        status: 201,
        delayMs,
        headers: { 'X-Subject-Token': `iam-token-${tokenCount}` },
        body: { token: { expires_at: new Date(clock + lifetimeMs).toISOString(), methods: ['password'] } },
      };
    });
  }

  async function iamAuth(extra: Partial<ConstructorParameters<typeof IamPasswordAuth>[0]> = {}) {
    const { logger, logs } = await testLogger();
    const auth = new IamPasswordAuth({
      iamEndpoint: iam.url,
      user: 'alice',
      password: PASSWORD,
      domain: 'acme',
      projectName: 'cn-north-4',
      httpTimeoutMs: 5000,
      logger,
      now: () => clock,
      ...extra,
    });
    closers.push(auth);
    return { auth, logs };
  }

  it('posts the standard Keystone v3 password body scoped to the project by name and domain', async () => {
    serveTokens();
    server.on('GET', '/v2/p1/volumes', { body: {} });
    const { auth } = await iamAuth();
    const { client } = await clientWith(auth);
    await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    const [tokenReq] = iam.received('POST', '/v3/auth/tokens');
    expect(JSON.parse(tokenReq!.body)).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'alice', password: PASSWORD, domain: { name: 'acme' } } },
        },
        scope: { project: { name: 'cn-north-4', domain: { name: 'acme' } } },
      },
    });
    expect(tokenReq!.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(server.requests[0]?.headers['x-auth-token']).toBe('iam-token-1');
    expect(auth.principal).toBe('iam:alice@acme');
  });

  it('scopes by project id when one is given', () => {
    const body = passwordTokenRequest({
      user: 'u',
      password: 'p',
      domain: 'd',
      projectId: 'pid',
      projectName: 'x',
    });
    expect((body as { auth: { scope: unknown } }).auth.scope).toEqual({ project: { id: 'pid' } });
  });

  it('fetches the token once and reuses it across calls', async () => {
    serveTokens();
    server.on('GET', '/v2/p1/volumes', { body: {} });
    const { auth } = await iamAuth();
    const { client } = await clientWith(auth);
    for (let i = 0; i < 3; i++) await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    expect(tokenCount).toBe(1);
    expect(server.requests.map((r) => r.headers['x-auth-token'])).toEqual([
      'iam-token-1',
      'iam-token-1',
      'iam-token-1',
    ]);
  });

  it('refreshes the token when it comes within the refresh margin of expiry', async () => {
    serveTokens(60 * 60_000); // one hour: margin is five minutes
    server.on('GET', '/v2/p1/volumes', { body: {} });
    const { auth } = await iamAuth();
    const { client } = await clientWith(auth);
    await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    clock += 54 * 60_000;
    await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    expect(tokenCount).toBe(1);
    clock += 2 * 60_000; // 4 minutes left
    await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    expect(tokenCount).toBe(2);
    expect(server.requests[2]?.headers['x-auth-token']).toBe('iam-token-2');
  });

  it('uses a tenth of the lifetime as the margin for short-lived tokens', async () => {
    serveTokens(10 * 60_000); // ten minutes: margin is one minute
    server.on('GET', '/v2/p1/volumes', { body: {} });
    const { auth } = await iamAuth();
    const { client } = await clientWith(auth);
    await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    clock += 8 * 60_000;
    await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    expect(tokenCount).toBe(1);
    clock += 90_000;
    await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    expect(tokenCount).toBe(2);
  });

  it('refreshes exactly once on a 401 and then succeeds, even for a POST', async () => {
    serveTokens();
    server.on(
      'POST',
      '/v2/p1/snapshots',
      {
        status: 401,
        body: { error: { code: 401, message: 'The request you have made requires authentication.' } },
      },
      { status: 202, body: { snapshot: { id: 's1' } } },
    );
    const { auth } = await iamAuth();
    const { client } = await clientWith(auth);
    const res = await client.request({
      method: 'POST',
      path: '/v2/p1/snapshots',
      body: { snapshot: { volume_id: 'v' } },
    });
    expect(res.body).toEqual({ snapshot: { id: 's1' } });
    expect(tokenCount).toBe(2);
    expect(server.requests.map((r) => r.headers['x-auth-token'])).toEqual(['iam-token-1', 'iam-token-2']);
  });

  it('surfaces an auth error when the refreshed token is refused too', async () => {
    serveTokens();
    server.on('GET', '/v2/p1/volumes', { status: 401, body: { error: { message: 'Unauthorized' } } });
    const { auth } = await iamAuth();
    const { client } = await clientWith(auth);
    const err = (await client
      .request({ method: 'GET', path: '/v2/p1/volumes' })
      .catch((e: unknown) => e)) as EvsError;
    expect(err).toBeInstanceOf(EvsError);
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(server.requests).toHaveLength(2);
    expect(tokenCount).toBe(2);
  });

  it('makes one token request for many concurrent first calls', async () => {
    serveTokens(24 * 3600_000, 150);
    server.on('GET', '/v2/p1/volumes', { body: {} });
    const { auth } = await iamAuth();
    const { client } = await clientWith(auth);
    await Promise.all(
      Array.from({ length: 6 }, () => client.request({ method: 'GET', path: '/v2/p1/volumes' })),
    );
    expect(tokenCount).toBe(1);
    expect(iam.requests).toHaveLength(1);
    expect(server.requests).toHaveLength(6);
  });

  it('reports a refused login as an auth error without the password', async () => {
    iam.on('POST', '/v3/auth/tokens', {
      status: 401,
      body: { error: { code: 401, message: `Invalid password ${PASSWORD}`, title: 'Unauthorized' } },
    });
    const { auth, logs } = await iamAuth();
    const { client } = await clientWith(auth);
    const err = (await client
      .request({ method: 'GET', path: '/v2/p1/volumes' })
      .catch((e: unknown) => e)) as EvsError;
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/IAM refused the token request/);
    expect(err.message).toMatch(/Check the IAM user name, password/);
    expect(err.message).not.toContain(PASSWORD);
    expect(JSON.stringify(err)).not.toContain(PASSWORD);
    expect(logs.text()).not.toContain(PASSWORD);
    expect(server.requests).toHaveLength(0);
  });

  it('fails clearly when IAM answers without X-Subject-Token', async () => {
    iam.on('POST', '/v3/auth/tokens', { status: 201, body: { token: {} } });
    const { auth } = await iamAuth();
    const { client } = await clientWith(auth);
    await expect(client.request({ method: 'GET', path: '/v2/p1/volumes' })).rejects.toMatchObject({
      kind: 'auth',
      message: expect.stringMatching(/X-Subject-Token/),
    });
  });

  it('needs a project to scope to', async () => {
    const { logger } = await testLogger();
    expect(
      () =>
        new IamPasswordAuth({
          iamEndpoint: iam.url,
          user: 'u',
          password: 'p',
          domain: 'd',
          httpTimeoutMs: 1,
          logger,
        }),
    ).toThrow(/project/);
  });
});

describe('discoverProjectId', () => {
  async function discover(auth: AuthProvider = new AkSkAuth({ ak: AK, sk: SK })) {
    const { logger } = await testLogger();
    return discoverProjectId({ iamEndpoint: server.url, region: 'cn-north-4', auth, logger });
  }

  it('returns the one project named after the region, asking with a signed request', async () => {
    server.on('GET', '/v3/projects', {
      body: { projects: [{ id: 'proj-123', name: 'cn-north-4', domain_id: 'd' }], links: {} },
    });
    await expect(discover()).resolves.toBe('proj-123');
    const [req] = server.requests;
    expect(req!.query.get('name')).toBe('cn-north-4');
    expect(signatureIsValid(req!, SK)).toBe(true);
  });

  it('says to check the region when there is no such project', async () => {
    server.on('GET', '/v3/projects', { body: { projects: [] } });
    await expect(discover()).rejects.toMatchObject({
      message: expect.stringMatching(
        /no project named "cn-north-4".*Check the region name, or set the project id/,
      ),
    });
  });

  it('says to set the project id when several projects match', async () => {
    server.on('GET', '/v3/projects', {
      body: {
        projects: [
          { id: 'a1', name: 'cn-north-4' },
          { id: 'b2', name: 'cn-north-4' },
        ],
      },
    });
    await expect(discover()).rejects.toMatchObject({
      message: expect.stringMatching(/2 projects.*a1, b2.*Set the project id/),
    });
  });

  it('passes an IAM refusal through as an auth error', async () => {
    server.on('GET', '/v3/projects', {
      status: 401,
      body: {
        error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
        error_code: 'APIGW.0301',
      },
    });
    await expect(discover()).rejects.toMatchObject({ kind: 'auth', code: 'APIGW.0301', status: 401 });
  });
});
