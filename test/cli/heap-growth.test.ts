// The server limits V8's heap growth factor (RSS stays flat under long sessions) unless node was started with
// an explicit --heap-growing-percent, which is the operator's call.
import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from '../../src/cli/heap-growth.js';

describe('limitHeapGrowth', () => {
  it('sets the factor when node was given none', () => {
    expect(limitHeapGrowth([])).toBe(true);
    expect(limitHeapGrowth(['--enable-source-maps', '--max-old-space-size=512'])).toBe(true);
  });
  it.each(['--heap-growing-percent=50', '--heap_growing_percent=50', '--heap-growing-percent'])(
    'leaves %s to the operator',
    (flag) => {
      expect(limitHeapGrowth(['--enable-source-maps', flag])).toBe(false);
    },
  );
});
