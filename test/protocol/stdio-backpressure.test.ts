// Replies written while stdout is full wait for one 'drain' together: hundreds of requests in flight must
// not add a listener each (Node warns past 10, on stderr), and every reply still goes out, in order.
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { HardenedStdioTransport } from '../../src/transports/stdio.js';

describe('stdio replies under backpressure', () => {
  it('waits on one drain listener and delivers every reply in order', async () => {
    const written: string[] = [];
    let release: (() => void) | undefined;
    // A slow stdout: tiny buffer, each chunk acknowledged only when released.
    const out = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, done) {
        written.push(chunk.toString('utf8'));
        release = done;
      },
    });
    const t = new HardenedStdioTransport(new PassThrough(), out, pino({ level: 'silent' }));
    await t.start();
    const sends = Array.from({ length: 200 }, (_, i) =>
      t.send({ jsonrpc: '2.0', method: 'notifications/message', params: { n: i } } as never),
    );
    expect(out.listenerCount('drain')).toBeLessThanOrEqual(1);
    let settled = 0;
    void Promise.all(sends).then(() => (settled = sends.length));
    while (settled < sends.length) {
      const r = release;
      release = undefined;
      r?.();
      await new Promise((resolve) => setImmediate(resolve));
      expect(out.listenerCount('drain')).toBeLessThanOrEqual(1);
    }
    const ns = written
      .join('')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { params: { n: number } }).params.n);
    expect(ns).toEqual(Array.from({ length: 200 }, (_, i) => i));
    await t.close();
  });
});
