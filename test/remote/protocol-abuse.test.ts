// Protocol abuse over the HTTP transport with raw POSTs: a request nested 1k, 100k or 1M deep and a body
// over the limit that carries an id each get exactly one JSON-RPC error for that id (a 4xx, never a 500),
// nothing reaches EVS, and the calls sent beside them are answered.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTools, post, startRemote, type Remote } from './helpers.js';

let r: Remote;
beforeAll(async () => {
  // A body limit high enough for the 1M-deep request (2 MB of brackets) to reach the depth check.
  r = await startRemote({ env: { EVS_MCP_HTTP_BODY_LIMIT: String(4 * 1024 * 1024) } });
});
afterAll(() => r.close());

const deepCall = (id: string, depth: number) =>
  `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":"tools/call","params":{"name":"get_disk",` +
  `"arguments":{"volume_id":${'['.repeat(depth)}${']'.repeat(depth)}}}}`;

/** A POST sent in chunks with no Content-Length, so the server reads the start before refusing it. */
function chunkedPost(url: string, parts: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // The server may close the connection once it refused the body: that is not a failure here.
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    for (const p of parts) req.write(p);
    req.end();
  });
}

describe('a request nested too deep over HTTP', () => {
  it.each([1_000, 100_000, 1_000_000])(
    'nested %i deep is answered once with a 400 and a -32600 for its id; a call beside it is answered',
    async (depth) => {
      const id = `deep-${depth}`;
      const logged = r.sandbox.requestLog.entries().length;
      const [deep, beside] = await Promise.all([post(r.url, deepCall(id, depth)), post(r.url, listTools)]);
      expect(deep.status).toBe(400);
      const answer = (await deep.json()) as { id: unknown; error: { code: number; message: string } };
      expect(answer).toMatchObject({ jsonrpc: '2.0', id, error: { code: -32600 } });
      expect(answer.error.message).toMatch(/more than \d+ levels deep/);
      expect(beside.status).toBe(200);
      expect(await beside.text()).toMatch(/"tools":\[/);
      expect(
        r.sandbox.requestLog
          .entries()
          .slice(logged)
          .filter((e) => e.path.includes('volumes/')),
      ).toEqual([]);
      // The server kept serving.
      expect((await post(r.url, listTools)).status).toBe(200);
    },
  );

  it('a deep request in a batch is refused as a whole, once, with id null (a batch has no single id)', async () => {
    const res = await post(r.url, `[${deepCall('in-batch', 100_000)}]`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ id: null, error: { code: -32600 } });
  });
});

describe('a body over the limit that carries an id', () => {
  it('is answered once with a 413 for that id, and later calls are answered', async () => {
    const limit = 4 * 1024 * 1024;
    const start =
      '{"jsonrpc":"2.0","id":"too-big","method":"tools/call","params":{"name":"list_disks","arguments":{"name":"';
    const pad = 'x'.repeat(1024 * 1024);
    const parts = [start, ...Array.from({ length: Math.ceil(limit / pad.length) + 1 }, () => pad), '"}}}'];
    const res = await chunkedPost(r.url, parts);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ jsonrpc: '2.0', id: 'too-big', error: { code: -32000 } });
    expect((await post(r.url, listTools)).status).toBe(200);
  });
});
