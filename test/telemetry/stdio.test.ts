// On stdio the metrics have a loopback port of their own (--metrics-port 0: any free one, logged at
// start): stdout stays the protocol, and a call through the SDK client shows up in the scrape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type Spawned } from '../e2e/spawn.js';
import { parseSamples, sum } from './prom-text.js';
import { LIST_DISKS } from './session.js';

let server: Spawned;
let url = '';

describe('metrics on stdio', () => {
  beforeAll(async () => {
    server = await spawnServer({ EVS_MCP_LOG_LEVEL: 'info' }, ['--sandbox', '--metrics-port', '0']);
    // Hang guard only: the line is written before the server reads its first request.
    for (let i = 0; i < 200 && !url; i++) {
      url = /"url":"(http:\/\/127\.0\.0\.1:\d+\/metrics)"/.exec(server.stderr())?.[1] ?? '';
      if (!url) await new Promise((r) => setTimeout(r, 50));
    }
    expect(url).not.toBe('');
  }, 60_000);
  afterAll(async () => server?.close());

  it('counts a call made over stdio, on the loopback metrics port only', async () => {
    const r = await server.client.callTool({ name: LIST_DISKS, arguments: { limit: 1 } });
    expect(r.isError).toBeFalsy();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const samples = parseSamples(await res.text());
    expect(sum(samples, 'evs_mcp_tool_calls_total', { tool: LIST_DISKS, outcome: 'ok' })).toBe(1);
    expect(sum(samples, 'evs_mcp_http_requests_total')).toBe(0);
    expect((await fetch(url.replace('/metrics', '/mcp'))).status).toBe(404);
    // Nothing but JSON-RPC on stdout.
    for (const line of server.stdout().split('\n').filter(Boolean))
      expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
  });
});
