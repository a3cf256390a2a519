import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvsHttpClient, buildQueryString, requestIdOf } from '../../src/evs-client/client.js';
import { StaticTokenAuth } from '../../src/evs-client/credentials/token.js';
import { EvsError } from '../../src/evs-client/errors.js';
import { LoopbackServer, testLogger } from '../helpers/loopback-server.js';

let server: LoopbackServer;
let client: EvsHttpClient;

async function makeClient(
  extra: Partial<ConstructorParameters<typeof EvsHttpClient>[0]> = {},
): Promise<EvsHttpClient> {
  const { logger } = await testLogger();
  return new EvsHttpClient({
    endpoint: server.url,
    projectId: 'p1',
    auth: new StaticTokenAuth({ token: 'tok-static-0001' }),
    logger,
    retry: { baseDelayMs: 10, maxDelayMs: 20 },
    ...extra,
  });
}

beforeEach(async () => {
  server = await LoopbackServer.start();
  client = await makeClient();
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe('buildQueryString', () => {
  it('repeats array keys, skips undefined and null, spells booleans, encodes spaces as %20', () => {
    expect(
      buildQueryString({ a: ['x', 'y'], b: undefined, c: null, d: true, e: false, f: 3, g: 'two words+*' }),
    ).toBe('a=x&a=y&d=true&e=false&f=3&g=two%20words%2B%2A');
    expect(buildQueryString(undefined)).toBe('');
  });
});

describe('requestIdOf', () => {
  it('reads any of the three request id headers in any letter case', () => {
    expect(requestIdOf({ 'X-Request-Id': 'r1' })).toBe('r1');
    expect(requestIdOf({ 'x-openstack-request-id': 'r2' })).toBe('r2');
    expect(requestIdOf({ 'X-COMPUTE-REQUEST-ID': 'r3' })).toBe('r3');
    expect(requestIdOf({ other: 'x' })).toBeUndefined();
  });
});

describe('EvsHttpClient', () => {
  it('sends a GET with query, Host and no body or content type, and parses the JSON answer', async () => {
    server.on('GET', '/v2/p1/cloudvolumes/detail', {
      body: { volumes: [{ id: 'v1' }] },
      headers: { 'X-Openstack-Request-Id': 'req-123' },
    });
    const res = await client.request<{ volumes: { id: string }[] }>({
      method: 'GET',
      path: '/v2/p1/cloudvolumes/detail',
      query: { limit: 2, status: ['available', 'in-use'], name: undefined, multiattach: false },
    });
    expect(res.status).toBe(200);
    expect(res.body.volumes[0]?.id).toBe('v1');
    expect(res.requestId).toBe('req-123');
    const [sent] = server.requests;
    expect(sent?.rawUrl).toBe(
      '/v2/p1/cloudvolumes/detail?limit=2&status=available&status=in-use&multiattach=false',
    );
    expect(sent?.headers.host).toBe(`127.0.0.1:${server.port}`);
    expect(sent?.headers['content-type']).toBeUndefined();
    expect(sent?.body).toBe('');
    expect(sent?.headers['user-agent']).toMatch(/evs-mcp/);
  });

  it('sends the body as the exact JSON bytes with the JSON content type', async () => {
    server.on('POST', '/v2.1/p1/cloudvolumes', { status: 202, body: { job_id: 'j1' } });
    const body = { volume: { name: 'ünïcode disk', size: 10, metadata: { a: 'b' } } };
    const res = await client.request({ method: 'POST', path: '/v2.1/p1/cloudvolumes', body });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ job_id: 'j1' });
    expect(server.requests[0]?.body).toBe(JSON.stringify(body));
    expect(server.requests[0]?.headers['content-type']).toBe('application/json;charset=UTF-8');
  });

  it('returns undefined for an empty success body and text for a non-JSON one', async () => {
    server.on('DELETE', '/v2/p1/volumes/v1', { status: 202 });
    server.on('GET', '/text', { body: 'plain words' });
    expect((await client.request({ method: 'DELETE', path: '/v2/p1/volumes/v1' })).body).toBeUndefined();
    expect((await client.request({ method: 'GET', path: '/text' })).body).toBe('plain words');
  });

  it('keeps the connection alive between requests', async () => {
    server.on('GET', '/ping', { body: { ok: true } });
    for (let i = 0; i < 4; i++) await client.request({ method: 'GET', path: '/ping' });
    expect(server.requests).toHaveLength(4);
    // undici may open a second socket while the first is settling, but sockets are reused.
    expect(new Set(server.requests.map((r) => r.remotePort)).size).toBeLessThan(4);
  });

  it('lets a caller header through without sending a second copy in another case', async () => {
    server.on('GET', '/h', { body: {} });
    await client.request({
      method: 'GET',
      path: '/h',
      headers: { accept: 'application/xml', 'X-Extra': '1' },
    });
    expect(server.requests[0]?.headers.accept).toBe('application/xml');
    expect(server.requests[0]?.headers['x-extra']).toBe('1');
  });

  it('gives up with a timeout error when the call budget runs out', async () => {
    server.on('GET', '/slow', { delayMs: 2000, body: {} });
    const started = Date.now();
    const err = await client
      .request({ method: 'GET', path: '/slow', timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvsError);
    expect((err as EvsError).kind).toBe('timeout');
    expect((err as EvsError).message).toMatch(/300 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });

  it('joins an endpoint base path and refuses requests after close()', async () => {
    server.on('GET', '/base/v2/x', { body: { ok: 1 } });
    const based = await makeClient({ endpoint: `${server.url}/base/` });
    expect((await based.request({ method: 'GET', path: '/v2/x' })).body).toEqual({ ok: 1 });
    await based.close();
    await expect(based.request({ method: 'GET', path: '/v2/x' })).rejects.toMatchObject({ kind: 'network' });
  });

  it('logs method, path, status, attempt and request id at debug level', async () => {
    const { logger, logs } = await testLogger();
    const logged = new EvsHttpClient({
      endpoint: server.url,
      projectId: 'p1',
      auth: new StaticTokenAuth({ token: 'tok-static-0001' }),
      logger,
    });
    server.on('GET', '/v2/p1/volumes', { body: {}, headers: { 'X-Request-Id': 'rid-9' } });
    await logged.request({ method: 'GET', path: '/v2/p1/volumes' });
    await logged.close();
    const entry = logs.lines().find((l) => (l as { msg?: string }).msg === 'http response') as Record<
      string,
      unknown
    >;
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/v2/p1/volumes',
      status: 200,
      attempt: 1,
      requestId: 'rid-9',
    });
    expect(typeof entry?.durationMs).toBe('number');
    expect(logs.text()).not.toContain('tok-static-0001');
  });
});
