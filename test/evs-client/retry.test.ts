import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvsHttpClient, type EvsHttpClientOptions } from '../../src/evs-client/client.js';
import { StaticTokenAuth } from '../../src/evs-client/credentials/token.js';
import { EvsError } from '../../src/evs-client/errors.js';
import {
  backoffDelay,
  classifyTransportError,
  isRetryable,
  parseRetryAfter,
  retryPolicy,
} from '../../src/evs-client/retry.js';
import { LoopbackServer, freePort, testLogger } from '../helpers/loopback-server.js';

describe('retry rules', () => {
  it('repeats GET on 429, 5xx and a lost connection, but never POST, PUT or DELETE that may have arrived', () => {
    for (const status of [429, 500, 502, 503, 504])
      expect(isRetryable('GET', { kind: 'status', status })).toBe(true);
    for (const status of [400, 401, 403, 404, 409])
      expect(isRetryable('GET', { kind: 'status', status })).toBe(false);
    expect(isRetryable('GET', { kind: 'connection-lost' })).toBe(true);
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      expect(isRetryable(method, { kind: 'status', status: 503 })).toBe(false);
      expect(isRetryable(method, { kind: 'status', status: 429 })).toBe(false);
      expect(isRetryable(method, { kind: 'connection-lost' })).toBe(false);
      expect(isRetryable(method, { kind: 'connect-failed' })).toBe(true);
    }
  });

  it('tells a refused or timed-out connection from one that broke after sending', () => {
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toEqual({
      kind: 'connect-failed',
    });
    expect(classifyTransportError({ cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } })).toEqual({
      kind: 'connect-failed',
    });
    expect(classifyTransportError(new AggregateError([{ code: 'ECONNREFUSED' }]))).toEqual({
      kind: 'connect-failed',
    });
    expect(classifyTransportError({ code: 'ECONNRESET' })).toEqual({ kind: 'connection-lost' });
    expect(classifyTransportError(new Error('other'))).toBeUndefined();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('draws full-jitter backoff below an exponential ceiling capped at maxDelayMs', () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 350 });
    expect(backoffDelay(1, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(2, policy, () => 0.999)).toBe(199);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(349);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(retryPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
  });
});

describe('EvsHttpClient retries over HTTP', () => {
  let server: LoopbackServer;
  const clients: EvsHttpClient[] = [];

  async function makeClient(extra: Partial<EvsHttpClientOptions> = {}) {
    const { logger, logs } = await testLogger();
    const client = new EvsHttpClient({
      endpoint: server.url,
      projectId: 'p1',
      auth: new StaticTokenAuth({ token: 'tok-retry-0001' }),
      logger,
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 },
      ...extra,
    });
    clients.push(client);
    return { client, logs };
  }

  beforeEach(async () => {
    server = await LoopbackServer.start();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
  });

  it('sends a POST that gets 503 exactly once', async () => {
    server.on('POST', '/v2.1/p1/cloudvolumes', {
      status: 503,
      body: { error: { code: 'EVS.2002', message: 'internal error!' } },
    });
    const { client } = await makeClient();
    const err = (await client
      .request({ method: 'POST', path: '/v2.1/p1/cloudvolumes', body: { volume: { size: 10 } } })
      .catch((e: unknown) => e)) as EvsError;
    expect(err).toBeInstanceOf(EvsError);
    expect(err.status).toBe(503);
    expect(server.received('POST', '/v2.1/p1/cloudvolumes')).toHaveLength(1);
  });

  it('sends a PUT and a DELETE that get 500 or 429 exactly once', async () => {
    server.on('PUT', '/v2/p1/volumes/v1', { status: 500 });
    server.on('DELETE', '/v2/p1/volumes/v1', { status: 429, headers: { 'Retry-After': '0' } });
    const { client } = await makeClient();
    await expect(
      client.request({ method: 'PUT', path: '/v2/p1/volumes/v1', body: {} }),
    ).rejects.toMatchObject({ status: 500 });
    await expect(client.request({ method: 'DELETE', path: '/v2/p1/volumes/v1' })).rejects.toMatchObject({
      status: 429,
    });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a GET on 503 and succeeds', async () => {
    server.on('GET', '/v2/p1/volumes/v1', { status: 503 }, { body: { volume: { id: 'v1' } } });
    const { client } = await makeClient();
    const res = await client.request({ method: 'GET', path: '/v2/p1/volumes/v1' });
    expect(res.body).toEqual({ volume: { id: 'v1' } });
    expect(server.requests).toHaveLength(2);
  });

  it('tries a GET at most maxAttempts times', async () => {
    server.on('GET', '/v2/p1/volumes', { status: 502, body: '<html><body>Bad Gateway</body></html>' });
    const { client } = await makeClient({ retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 10 } });
    const err = (await client
      .request({ method: 'GET', path: '/v2/p1/volumes' })
      .catch((e: unknown) => e)) as EvsError;
    expect(err.kind).toBe('api');
    expect(err.status).toBe(502);
    expect(server.requests).toHaveLength(4);
  });

  it('waits out Retry-After: 1 on a 429 before retrying a GET', async () => {
    server.on(
      'GET',
      '/v2/p1/volumes',
      { status: 429, headers: { 'Retry-After': '1' } },
      { body: { volumes: [] } },
    );
    const { client } = await makeClient();
    const started = Date.now();
    const res = await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    const elapsed = Date.now() - started;
    expect(res.body).toEqual({ volumes: [] });
    expect(server.requests).toHaveLength(2);
    const gap = (server.requests[1]?.receivedAt ?? 0) - (server.requests[0]?.receivedAt ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2500);
  });

  it('gives up at once when Retry-After reaches past the call budget', async () => {
    server.on('GET', '/v2/p1/volumes', { status: 503, headers: { 'Retry-After': '120' } });
    const { client } = await makeClient();
    const started = Date.now();
    const err = (await client
      .request({ method: 'GET', path: '/v2/p1/volumes', timeoutMs: 2000 })
      .catch((e: unknown) => e)) as EvsError;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err.status).toBe(503);
    expect(err.retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a GET whose connection dropped without an answer', async () => {
    server.on('GET', '/v2/p1/volumes', { destroy: true }, { body: { volumes: [] } });
    const { client } = await makeClient();
    expect((await client.request({ method: 'GET', path: '/v2/p1/volumes' })).body).toEqual({ volumes: [] });
    expect(server.requests).toHaveLength(2);
  });

  it('does not resend a POST whose connection dropped after sending, and says to check the state', async () => {
    server.on('POST', '/v2/p1/snapshots', { destroy: true });
    const { client } = await makeClient();
    const err = (await client
      .request({ method: 'POST', path: '/v2/p1/snapshots', body: { snapshot: { volume_id: 'v1' } } })
      .catch((e: unknown) => e)) as EvsError;
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/may have reached the service/);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST whose connection was refused, since nothing was sent', async () => {
    const port = await freePort();
    await server.close();
    let late: LoopbackServer | undefined;
    let starting: Promise<void> | undefined;
    // The server comes up as soon as the first refused attempt is logged.
    const { logger } = await testLogger((entry) => {
      if (entry.msg === 'http attempt failed' && !starting) {
        starting = LoopbackServer.start(port).then((s) => {
          late = s.on('POST', '/v2/p1/volumes', { status: 202, body: { job_id: 'j1' } });
        });
      }
    });
    const client = new EvsHttpClient({
      endpoint: `http://127.0.0.1:${port}`,
      projectId: 'p1',
      auth: new StaticTokenAuth({ token: 'tok-retry-0001' }),
      logger,
      retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 100 },
    });
    clients.push(client);
    try {
      const res = await client.request({
        method: 'POST',
        path: '/v2/p1/volumes',
        body: { volume: { size: 1 } },
      });
      expect(res.body).toEqual({ job_id: 'j1' });
      expect(late?.received('POST', '/v2/p1/volumes')).toHaveLength(1);
    } finally {
      await starting;
      await late?.close();
      server = await LoopbackServer.start();
    }
  });

  it('stops after maxAttempts refused connections with a network error that names the endpoint', async () => {
    const port = await freePort();
    const { client, logs } = await makeClient({ endpoint: `http://127.0.0.1:${port}` });
    const err = (await client
      .request({ method: 'POST', path: '/v2/p1/volumes', body: {} })
      .catch((e: unknown) => e)) as EvsError;
    expect(err.kind).toBe('network');
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).toContain('nothing was sent');
    const attempts = logs.lines().filter((l) => l.msg === 'http attempt failed');
    expect(attempts).toHaveLength(3);
  });

  it('stops at once with kind aborted when the caller aborts mid-request, and does not retry', async () => {
    server.on('GET', '/v2/p1/volumes', { delayMs: 3000, body: {} });
    const { client } = await makeClient();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = (await client
      .request({ method: 'GET', path: '/v2/p1/volumes', signal: controller.signal })
      .catch((e: unknown) => e)) as EvsError;
    expect(err.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.requests).toHaveLength(1);
  });

  it('stops with kind aborted when the caller aborts during the backoff wait', async () => {
    server.on('GET', '/v2/p1/volumes', { status: 503, headers: { 'Retry-After': '5' } });
    const { client } = await makeClient();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const err = (await client
      .request({ method: 'GET', path: '/v2/p1/volumes', signal: controller.signal, timeoutMs: 10_000 })
      .catch((e: unknown) => e)) as EvsError;
    expect(err.kind).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses to start when the signal is already aborted', async () => {
    server.on('GET', '/x', { body: {} });
    const { client } = await makeClient();
    await expect(
      client.request({ method: 'GET', path: '/x', signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(server.requests).toHaveLength(0);
  });
});
