// Selection of tools/list: read-only mode and toolsets/allow/deny. The schemas of every tool are
// snapshotted one file per tool by test/mcp/toolsnaps.test.ts (test/__toolsnaps__).
import { describe, expect, it } from 'vitest';
import { listTools } from '../helpers/list-server.js';

describe('tools/list selection', () => {
  it('read-only mode lists only read-only tools and wins over toolsets and allow lists', async () => {
    const all = await listTools();
    const ro = await listTools({ readOnly: true, allowTools: ['*'] });
    expect(ro.length).toBeGreaterThan(0);
    expect(ro.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(ro.map((t) => t.name)).toEqual(all.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name));
  });

  it('toolsets and allow/deny lists select tools', async () => {
    const tags = await listTools({ toolsets: ['tags'] });
    expect(tags.every((t) => t._meta?.['evs/toolset'] === 'tags')).toBe(true);
    const some = await listTools({ allowTools: ['list_*'], denyTools: ['cinder_list_snapshots*'] });
    expect(some.length).toBeGreaterThan(0);
    expect(some.every((t) => t.name.startsWith('list_') && !t.name.startsWith('cinder_list_snapshots'))).toBe(
      true,
    );
  });
});
