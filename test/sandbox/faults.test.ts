// Fault injection: fixed statuses and rates, 429 with Retry-After, dropped connections, malformed bodies, latency.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ManualClock,
  parseFaultFlag,
  type SandboxHandle,
  type SandboxProject,
} from '../../src/sandbox/index.js';
import { call, createBody, start } from './helpers.js';

let h: SandboxHandle;
let a: SandboxProject;
const clock = new ManualClock();

beforeAll(async () => {
  h = await start({ clock });
  a = h.projects[0]!;
});
afterEach(() => h.faults.clear());
afterAll(() => h.close());

describe('parseFaultFlag', () => {
  it('reads method, glob path and settings', () => {
    expect(parseFaultFlag('POST /v2/*/volumes status=503 rate=0.5')).toEqual({
      method: 'POST',
      path: '/v2/*/volumes',
      status: 503,
      rate: 0.5,
    });
    expect(parseFaultFlag('/v2/** status=429 retry-after=7 times=2')).toEqual({
      path: '/v2/**',
      status: 429,
      retryAfterSeconds: 7,
      times: 2,
    });
    expect(parseFaultFlag('GET re:^/v1/ drop latency=20')).toMatchObject({
      method: 'GET',
      drop: true,
      latencyMs: 20,
    });
    expect(() => parseFaultFlag('POST')).toThrow(/path/);
    expect(() => parseFaultFlag('/x rate=2')).toThrow(/rate/);
    expect(() => parseFaultFlag('/x colour=red')).toThrow(/unknown/);
  });
});

describe('faults', () => {
  it('answers 503 on the matching route only, changes nothing, and logs it as a fault', async () => {
    h.faults.add(parseFaultFlag('POST /v2/*/volumes status=503'));
    h.requestLog.clear();
    const r = await call(h, a, 'POST', `/v2/${a.id}/volumes`, { body: createBody() });
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ error: { code: 'EVS.5503', message: 'Service unavailable.' } });
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`)).body.volumes).toEqual([]);
    expect(h.requestLog.mutating().map((e) => [e.status, e.outcome])).toEqual([[503, 'fault']]);
  });

  it('fires at the given rate', async () => {
    h.faults.add({ path: '/v2/*/types', status: 500, rate: 0.5 });
    let failures = 0;
    for (let i = 0; i < 200; i++)
      if ((await call(h, a, 'GET', `/v2/${a.id}/types`)).status === 500) failures++;
    expect(failures).toBeGreaterThan(60);
    expect(failures).toBeLessThan(140);
  });

  it('sends 429 with Retry-After, a limited number of times', async () => {
    h.faults.add({ path: '/v2/**', status: 429, retryAfterSeconds: 3, times: 1 });
    const r = await call(h, a, 'GET', `/v2/${a.id}/extensions`);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
    expect((await call(h, a, 'GET', `/v2/${a.id}/extensions`)).status).toBe(200);
  });

  it('drops the connection', async () => {
    h.faults.add({ method: 'GET', path: /os-availability-zone$/, drop: true });
    await expect(call(h, a, 'GET', `/v2/${a.id}/os-availability-zone`)).rejects.toThrow();
  });

  it('returns a body that is not valid JSON', async () => {
    h.faults.add({ path: '/v2/*/volumes/detail', malformed: true });
    const r = await call(h, a, 'GET', `/v2/${a.id}/volumes/detail`);
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('adds latency on the sandbox clock and then answers normally', async () => {
    h.faults.add({ path: '/v2/*/types', latencyMs: 120 });
    let answered = false;
    const pending = call(h, a, 'GET', `/v2/${a.id}/types`).then((r) => {
      answered = true;
      return r;
    });
    // Real time only for the request to arrive; the delay itself is on the manual clock.
    for (let i = 0; clock.pendingSleeps() === 0; i++) {
      if (i > 1000) throw new Error('the request never reached the latency fault');
      await new Promise((r) => setTimeout(r, 10));
    }
    clock.advance(119);
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    expect(clock.pendingSleeps()).toBe(1);
    clock.advance(1);
    expect((await pending).status).toBe(200);
  });

  it('is driven by the admin endpoints too', async () => {
    const add = await fetch(`${h.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ flag: 'GET /v2/*/extensions status=500' }),
    });
    expect(add.status).toBe(201);
    expect((await call(h, a, 'GET', `/v2/${a.id}/extensions`)).status).toBe(500);
    expect((await fetch(`${h.url}/__sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(h, a, 'GET', `/v2/${a.id}/extensions`)).status).toBe(200);
    const log = (await (await fetch(`${h.url}/__sandbox/requests`)).json()) as {
      requests: { path: string }[];
    };
    expect(log.requests.at(-1)!.path).toBe(`/v2/${a.id}/extensions`);
    expect((await fetch(`${h.url}/__sandbox/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(h.requestLog.entries()).toEqual([]);
  });
});
