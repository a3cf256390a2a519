// Transport security and per-request behaviour of the HTTP transport: Host/Origin, body limit,
// per-subject rate limits, stateless requests, narrowing headers, progress on the call's stream.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/harness.js';
import { startIssuer } from './issuer.js';
import { connectClient, listTools, post, PUBLIC_URL, startRemote, type Remote } from './helpers.js';

let r: Remote | undefined;
let other: Remote | undefined;
afterEach(async () => {
  await other?.close();
  await r?.close();
  r = other = undefined;
});

const names = async (res: Response) =>
  ((await sseJson(res)) as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name);

/** The JSON-RPC answer of a POST: one JSON body, or the message on its SSE stream. */
async function sseJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (res.headers.get('content-type')?.includes('application/json')) return JSON.parse(text);
  const data = text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as { id?: unknown });
  return data.find((d) => d.id !== undefined);
}

/** A POST with a chosen Host header (fetch does not let one set it). */
function rawStatus(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(listTools));
  });
}

describe('transport security', () => {
  it('refuses a foreign Origin or Host with 403 and sends nothing; loopback origins pass', async () => {
    r = await startRemote();
    const res = await post(r.url, listTools, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/Origin not allowed/);
    expect(await rawStatus(r.url, 'evil.example')).toBe(403);
    expect(await rawStatus(r.url, 'localhost:8080')).toBe(200);
    expect((await post(r.url, listTools, { origin: 'http://localhost:5173' })).status).toBe(200);
    expect(r.sandbox.requestLog.entries().filter((e) => !e.path.includes('availability'))).toEqual([]);
  });

  it('refuses an oversize body with 413 before reading it', async () => {
    r = await startRemote({ env: { EVS_MCP_HTTP_BODY_LIMIT: '2048' } });
    const big = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'list_disks', arguments: { name: 'x'.repeat(4096) } },
    };
    const res = await post(r.url, big);
    expect(res.status).toBe(413);
    expect(r.sandbox.requestLog.entries()).toEqual([]);
    expect((await post(r.url, listTools)).status).toBe(200);
  });

  it('limits each token subject separately: 429 with Retry-After for the one over its rate', async () => {
    const issuer = await startIssuer(PUBLIC_URL);
    try {
      r = await startRemote({
        env: { EVS_MCP_AUTH_ISSUER: issuer.url, EVS_MCP_PUBLIC_URL: PUBLIC_URL, EVS_MCP_RATE_LIMIT: '3' },
      });
      const alice = { authorization: `Bearer ${await issuer.token({ sub: 'alice', scope: 'evs:read' })}` };
      // A second token of the same subject shares the budget: the key is the subject, not the token or IP.
      const alice2 = {
        authorization: `Bearer ${await issuer.token({ sub: 'alice', scope: 'evs:read', expiresIn: 900 })}`,
      };
      const bob = { authorization: `Bearer ${await issuer.token({ sub: 'bob', scope: 'evs:read' })}` };
      const statuses = [];
      for (const h of [alice, alice2, alice]) statuses.push((await post(r.url, listTools, h)).status);
      expect(statuses).toEqual([200, 200, 200]);
      const over = await post(r.url, listTools, alice2);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await post(r.url, listTools, bob)).status).toBe(200);
    } finally {
      await issuer.close();
    }
  });

  it('is stateless: no session id, JSON unless progress is asked for, GET and DELETE are refused with 405, parse errors with 400', async () => {
    r = await startRemote();
    const res = await post(r.url, listTools);
    expect(res.status).toBe(200);
    expect(res.headers.get('mcp-session-id')).toBeNull();
    // One JSON answer unless the caller asked for progress, which needs the call's SSE stream.
    expect(res.headers.get('content-type')).toContain('application/json');
    const streamed = await post(r.url, { ...listTools, params: { _meta: { progressToken: 1 } } });
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    expect((await fetch(r.url, { headers: { accept: 'text/event-stream' } })).status).toBe(405);
    expect((await fetch(r.url, { method: 'DELETE' })).status).toBe(405);
    expect((await post(r.url, '{not json')).status).toBe(400);
  });
});

describe('narrowing headers', () => {
  it('X-EVS-Readonly and X-EVS-Toolsets narrow the tool list and never widen the operator’s', async () => {
    r = await startRemote({ env: { EVS_MCP_TOOLSETS: 'disks,tags' } });
    const all = await names(await post(r.url, listTools));
    expect(all).toContain('delete_disk');
    expect(all.some((n) => n.includes('snapshot'))).toBe(false);
    const ro = await names(await post(r.url, listTools, { 'x-evs-readonly': 'true' }));
    expect(ro).toContain('list_disks');
    expect(ro).not.toContain('delete_disk');
    expect(ro.length).toBeLessThan(all.length);
    const tags = await names(await post(r.url, listTools, { 'x-evs-toolsets': 'tags' }));
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.every((n) => all.includes(n))).toBe(true);
    expect(tags).not.toContain('list_disks');
    // Asking for a toolset the operator did not enable gives nothing more.
    expect(await names(await post(r.url, listTools, { 'x-evs-toolsets': 'snapshots' }))).toEqual([]);
    expect((await post(r.url, listTools, { 'x-evs-toolsets': 'everything' })).status).toBe(400);
    // A narrowed-away tool cannot be called either.
    const c = await connectClient(r.url, { 'x-evs-readonly': 'true' });
    const res = await c
      .callTool({ name: 'delete_disk', arguments: { volume_id: '0'.repeat(8) } })
      .catch((e: Error) => e);
    expect(res instanceof Error ? res.message : textOf(res)).toMatch(/not found|disabled/i);
    await c.close();
    expect(r.sandbox.requestLog.mutating()).toEqual([]);
  });
});

describe('calls over stateless HTTP', () => {
  it('sends wait progress on the call’s SSE stream', async () => {
    r = await startRemote();
    r.sandbox.setDelays({ job: 300, create: 300 });
    const c = await connectClient(r.url);
    const zones = await c.callTool({ name: 'list_availability_zones', arguments: {} });
    const zone = /"(?:zone_name|name|zoneName)":"([^"]+)"/.exec(JSON.stringify(zones.structuredContent))![1]!;
    const progress: unknown[] = [];
    const res = await c.callTool(
      {
        name: 'create_disks',
        arguments: { availability_zone: zone, volume_type: 'SSD', size: 10, name: 'http-wait', wait: true },
      },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(res.isError, textOf(res)).toBeFalsy();
    expect((res.structuredContent as { wait: { settled: boolean } }).wait.settled).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    await c.close();
  });

  it('honours a confirmation token issued by another replica with the same secret', async () => {
    r = await startRemote();
    other = await startRemote({ sandbox: r.sandbox });
    const a = await connectClient(r.url);
    const b = await connectClient(other.url);
    const list = await a.callTool({ name: 'list_disks', arguments: { status: 'available' } });
    const disk = /"id":"([0-9a-f-]{36})"/.exec(JSON.stringify(list.structuredContent))![1]!;
    const first = await a.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    const token = (first.structuredContent as { confirm_token: string }).confirm_token;
    expect(r.sandbox.requestLog.mutating()).toEqual([]);
    const second = await b.callTool({
      name: 'delete_disk',
      arguments: { volume_id: disk, confirm_token: token },
    });
    expect(second.isError, textOf(second)).toBeFalsy();
    expect(r.sandbox.requestLog.mutating().map((e) => e.method)).toEqual(['DELETE']);
    await a.close();
    await b.close();
  });
});
