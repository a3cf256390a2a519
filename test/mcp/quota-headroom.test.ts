// The chat-quota tool against the sandbox: remaining = limit - in_use - reserved, per type the smaller
// of the type's and the project's; -1 (unlimited) is null.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  // get_quotas (the raw numbers) is in the opt-in catalog toolset.
  h = await startHarness({ env: { EVS_MCP_TOOLSETS: 'all' } });
});
afterAll(async () => h.close());

describe('get_quota_headroom', () => {
  it('answers from 7.1.9, per type and in total, and agrees with the raw quota set', async () => {
    h.sandbox.setQuota(h.app.projectId, 'volumes_SSD', 7);
    h.sandbox.setQuota(h.app.projectId, 'snapshots', -1);
    const raw = await h.client.callTool({ name: 'get_quotas', arguments: {} });
    const quotas = (
      raw.structuredContent as {
        quotas: Record<string, { in_use: number; reserved: number; limit: number | string }>;
      }
    ).quotas;
    const res = await h.client.callTool({ name: 'get_quota_headroom', arguments: {} });
    expect(res.isError, textOf(res)).toBeFalsy();
    const s = res.structuredContent as {
      totals: Record<string, { remaining: number | null }>;
      by_type: Record<string, Record<string, { remaining: number | null }>>;
    };
    const ssd = quotas.volumes_SSD!;
    expect(s.by_type.SSD?.disks?.remaining).toBe(7 - ssd.in_use - ssd.reserved);
    expect(s.totals.snapshots?.remaining).toBeNull();
    expect(textOf(res)).toMatch(/unlimited snapshots/);
    expect(textOf(res)).toMatch(new RegExp(`SSD: ${7 - ssd.in_use - ssd.reserved} disks`));
  });
});
