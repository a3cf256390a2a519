// Protocol abuse against the built binary over stdio, with a raw JSON-RPC client: every bad line is
// answered, an over-long line is refused without taking the server down, and a flood is answered
// exactly once per request while the server's memory stays bounded.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from './raw-client.js';

let server: RawClient | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function started(): Promise<RawClient> {
  server = RawClient.start();
  await server.initialize();
  return server;
}

/** The sandbox endpoint the server logged at start-up (its admin API injects faults). */
function sandboxUrl(s: RawClient): string {
  const m = /"endpoint":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(s.stderr);
  if (!m) throw new Error(`no sandbox endpoint in stderr: ${s.stderr.slice(0, 500)}`);
  return m[1]!;
}

describe('malformed input over stdio', () => {
  // One server for these cases: each one also shows that the server kept serving after the last.
  let shared: RawClient;
  beforeAll(async () => {
    shared = RawClient.start();
    await shared.initialize();
  });
  afterAll(() => shared.stop());
  const started = () => Promise.resolve(shared);

  it.each([
    ['not JSON at all', '{this is not json'],
    ['truncated JSON', '{"jsonrpc":"2.0","id":1,"method":"ping"'],
    ['a lone NUL byte', '\u0000'],
    ['invalid UTF-8 bytes', Buffer.from([0xff, 0xfe, 0x7b])],
  ])('answers %s with a -32700 parse error and keeps serving', async (_what, line) => {
    const s = await started();
    const before = s.replies.length;
    await s.write(Buffer.concat([Buffer.from(line), Buffer.from('\n')]));
    await s.until(() => s.replies.length > before, 'an answer to the malformed line');
    expect(s.replies[before]).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    const after = `after-${before}`;
    await s.send({ jsonrpc: '2.0', id: after, method: 'ping' });
    expect((await s.reply(after)).result).toEqual({});
    expect(s.junk).toEqual([]);
  });

  it.each([
    [
      'an invalid progressToken type',
      { jsonrpc: '2.0', id: 41, method: 'tools/list', params: { _meta: { progressToken: { x: 1 } } } },
      41,
    ],
    ['a wrong jsonrpc version', { jsonrpc: '1.0', id: 42, method: 'ping' }, 42],
    ['a method that is not a string', { jsonrpc: '2.0', id: 43, method: 7 }, 43],
    ['a batch array', [{ jsonrpc: '2.0', id: 44, method: 'ping' }], null],
    ['a bare JSON number', 12, null],
    ['an id that is an object', { jsonrpc: '2.0', id: { a: 1 }, method: 'ping' }, null],
  ])('answers a request the SDK would drop (%s) with a -32600 error reply', async (_what, msg, id) => {
    const s = await started();
    const before = s.replies.length;
    await s.send(msg);
    await s.until(() => s.replies.length > before, 'an answer to the invalid request');
    expect(s.replies[before]).toMatchObject({ jsonrpc: '2.0', id, error: { code: -32600 } });
    expect(s.replies[before]!.error!.message).toMatch(/Invalid Request/);
  });

  it('answers a request whose id is already in flight once, with an error, not twice', async () => {
    const s = await started();
    const url = sandboxUrl(s);
    // A slow list so the first request is still running when its id is reused.
    await fetch(`${url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ flag: 'GET /v2/*/cloudvolumes/detail latency=1500 times=1' }),
    });
    const call = {
      jsonrpc: '2.0',
      id: 'dup',
      method: 'tools/call',
      params: { name: 'list_disks', arguments: {} },
    };
    await s.send(call);
    await s.send(call);
    await s.until(() => s.repliesTo('dup').length >= 2, 'both answers');
    const answers = s.repliesTo('dup');
    expect(answers.filter((a) => a.error?.code === -32600)).toHaveLength(1);
    expect(answers.filter((a) => a.result)).toHaveLength(1);
  });
});

describe('a line over the read limit', () => {
  it('is refused with an error reply and a log line naming the cause; calls in flight and later ones are answered', async () => {
    const s = await started();
    const url = sandboxUrl(s);
    await fetch(`${url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ flag: 'GET /v2/*/cloudvolumes/detail latency=1500 times=1' }),
    });
    await s.send({
      jsonrpc: '2.0',
      id: 'slow',
      method: 'tools/call',
      params: { name: 'list_disks', arguments: {} },
    });
    const before = s.replies.length;
    // 11 MB in one line: a JSON string value, so only its length is wrong.
    const huge = `{"jsonrpc":"2.0","id":"huge","method":"ping","params":{"pad":"${'x'.repeat(11 * 1024 * 1024)}"}}\n`;
    await s.write(huge);
    await s.send({ jsonrpc: '2.0', id: 'next', method: 'ping' });
    expect((await s.reply('next')).result).toEqual({});
    // Answered with its own id, read from the start of the line, and only once.
    const refusal = await s.reply('huge');
    expect(s.repliesTo('huge')).toHaveLength(1);
    expect(s.replies.slice(before).filter((r) => r.id === null)).toEqual([]);
    expect(refusal.error?.code).toBe(-32600);
    expect(refusal.error?.message).toMatch(/read limit of \d+ bytes/);
    expect(s.stderr).toMatch(/"cause":"line over read limit"/);
    const slow = await s.reply('slow');
    expect(slow.result).toBeDefined();
    expect(s.exit).toBeUndefined();
  });
});

describe('a request nested too deep', () => {
  let shared: RawClient;
  beforeAll(async () => {
    shared = RawClient.start();
    await shared.initialize();
  });
  afterAll(() => shared.stop());

  it.each([1_000, 100_000, 1_000_000])(
    'nested %i deep is answered exactly once with a -32600 for its id, while other calls are answered',
    async (depth) => {
      const s = shared;
      const id = `deep-${depth}`;
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      await s.send({
        jsonrpc: '2.0',
        id: `before-${depth}`,
        method: 'tools/call',
        params: { name: 'list_disks', arguments: {} },
      });
      // The id after the deep value: it is read from the whole line, not only from its start.
      await s.write(
        `{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_disk","arguments":{"volume_id":${nested}}},"id":"${id}"}\n`,
      );
      await s.send({ jsonrpc: '2.0', id: `after-${depth}`, method: 'ping' });
      expect((await s.reply(`after-${depth}`)).result).toEqual({});
      expect((await s.reply(`before-${depth}`)).result).toBeDefined();
      const answer = await s.reply(id);
      expect(answer.error?.code).toBe(-32600);
      expect(answer.error?.message).toMatch(/more than \d+ levels deep/);
      expect(s.repliesTo(id)).toHaveLength(1);
      expect(s.stderr).not.toMatch(/Maximum call stack/);
      expect(s.junk).toEqual([]);
      expect(s.exit).toBeUndefined();
    },
  );
});

describe('a flood of 10,000 requests', () => {
  it('answers each exactly once, and stops reading while the client does not read, so memory stays bounded', async () => {
    const s = await started();
    const idle = s.rssBytes();
    const N = 10_000;
    // The client stops reading: the server must stop taking requests, not buffer answers without end.
    s.child.stdout.pause();
    const lines: string[] = [];
    for (let i = 0; i < N; i++) {
      // Every 50th request is a real tool call through the sandbox; the rest are pings.
      lines.push(
        JSON.stringify(
          i % 50 === 0
            ? {
                jsonrpc: '2.0',
                id: i,
                method: 'tools/call',
                params: { name: 'get_quota_headroom', arguments: {} },
              }
            : { jsonrpc: '2.0', id: i, method: 'ping' },
        ),
      );
    }
    let accepted = true;
    const writing = (async () => {
      for (let i = 0; i < N; i += 500) {
        const ok = s.child.stdin.write(`${lines.slice(i, i + 500).join('\n')}\n`);
        if (!ok) {
          accepted = false;
          await new Promise<void>((resolve) => s.child.stdin.once('drain', () => resolve()));
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const whileBlocked = s.rssBytes();
    s.child.stdout.resume();
    await writing;
    await s.until(() => s.replies.length >= N + 1, `${N} answers`, 120_000);
    // The pipe pushed back while nobody read: the server had stopped reading.
    expect(accepted).toBe(false);
    const counts = new Map<unknown, number>();
    for (const r of s.replies) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    for (let i = 0; i < N; i++) expect(counts.get(i), `answers to ${i}`).toBe(1);
    expect(s.replies.filter((r) => r.error)).toEqual([]);
    const after = s.rssBytes();
    if (idle !== undefined && whileBlocked !== undefined && after !== undefined) {
      console.log(
        `flood: RSS idle ${(idle / 2 ** 20).toFixed(0)} MB, blocked ${(whileBlocked / 2 ** 20).toFixed(0)} MB, after ${(after / 2 ** 20).toFixed(0)} MB`,
      );
      // A generous bound: unbounded buffering of 10,000 requests and answers would exceed it.
      expect(whileBlocked - idle).toBeLessThan(150 * 2 ** 20);
    }
    expect(s.exit).toBeUndefined();
  }, 180_000);
});
