// The boundary scan the transports run before parsing: nesting depth and the top-level id, in one pass.
import { describe, expect, it } from 'vitest';
import { scanJson } from '../../src/transports/json-depth.js';

describe('scanJson', () => {
  it('reads the top-level id wherever it is, and only at the top level', () => {
    expect(scanJson('{"jsonrpc":"2.0","id":7,"method":"ping"}').id).toBe(7);
    expect(scanJson('{"method":"x","params":{"id":"inner"},"id":"outer"}').id).toBe('outer');
    expect(scanJson('{"method":"say \\"id\\":1","params":["id",{"id":2}]}').id).toBeNull();
    expect(scanJson('{"jsonrpc":"2.0","id":"start only","method":"tools/call","params":{"x":"aaa').id).toBe(
      'start only',
    );
    expect(scanJson('[{"id":1}]').id).toBeNull();
    expect(scanJson('{"id":{"a":1}}').id).toBeNull();
    expect(scanJson('not json at all').id).toBeNull();
  });

  it('says when the text nests deeper than the limit, brackets inside strings not counted', () => {
    expect(scanJson(`{"a":${'['.repeat(64)}${']'.repeat(64)}}`, 64).tooDeep).toBe(true);
    expect(scanJson(`${'['.repeat(64)}${']'.repeat(64)}`, 64).tooDeep).toBe(false);
    expect(scanJson(`{"a":"${'['.repeat(1000)}"}`, 64).tooDeep).toBe(false);
    expect(scanJson('['.repeat(100_000), 64)).toEqual({ tooDeep: true, id: null });
  });
});
