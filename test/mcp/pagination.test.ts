// Opt-in auto-pagination through the MCP client: marker and offset styles, and the hard cap that says it truncated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

let h: Harness;
let zone: string;
beforeAll(async () => {
  h = await startHarness({
    sandbox: { delays: { create: 0, job: 0 } },
    env: { EVS_MCP_CONFIRMATION: 'off', EVS_MCP_TOOLSETS: 'all' },
  });
  for (const key of ['volumes', 'gigabytes', 'volumes_SSD', 'gigabytes_SSD'])
    h.sandbox.setQuota(h.app.projectId, key, -1);
  const zones = await h.client.callTool({ name: 'list_availability_zones', arguments: {} });
  zone = /"(?:zone_name|name)":"([^"]+)"/.exec(JSON.stringify(zones.structuredContent))![1]!;
  for (let i = 0; i < 6; i++) {
    const r = await h.client.callTool({
      name: 'create_disks',
      arguments: {
        availability_zone: zone,
        volume_type: 'SSD',
        size: 10,
        name: `bulk${i}`,
        count: 100,
        wait: true,
      },
    });
    expect(r.isError, textOf(r)).toBeFalsy();
  }
});
afterAll(async () => h.close());

const list = (name: string, args: Record<string, unknown>) => h.client.callTool({ name, arguments: args });

describe('all_pages', () => {
  it('follows markers up to the 500-item cap and says where to continue', async () => {
    h.sandbox.requestLog.clear();
    const res = await list('list_disks', { limit: 100, all_pages: true });
    expect(res.isError, textOf(res)).toBeFalsy();
    const s = res.structuredContent as {
      volumes: { id: string }[];
      truncated?: boolean;
      pages: number;
      next?: { marker?: string };
    };
    expect(s.volumes).toHaveLength(500);
    expect(new Set(s.volumes.map((v) => v.id)).size).toBe(500);
    expect(s.truncated).toBe(true);
    expect(s.pages).toBe(5);
    expect(s.next?.marker).toBe(s.volumes.at(-1)!.id);
    expect(textOf(res)).toMatch(/Truncated after 5 page/);
    expect(
      h.sandbox.requestLog.entries().filter((e) => e.path.endsWith('/cloudvolumes/detail')),
    ).toHaveLength(5);
    // Continuing from the marker yields the rest, with nothing repeated.
    const rest = await list('list_disks', { limit: 1000, marker: s.next!.marker });
    const more = (rest.structuredContent as { volumes: { id: string }[] }).volumes.map((v) => v.id);
    expect(more.length).toBeGreaterThanOrEqual(100);
    expect(more.some((id) => s.volumes.some((v) => v.id === id))).toBe(false);
  });

  it('stops at the last page without truncating', async () => {
    const res = await list('cinder_list_snapshots', { limit: 1, all_pages: true });
    const s = res.structuredContent as { snapshots: unknown[]; truncated?: boolean; pages: number };
    expect(s.truncated).toBeUndefined();
    expect(s.snapshots.length).toBeGreaterThanOrEqual(2);
    expect(s.pages).toBeGreaterThanOrEqual(s.snapshots.length);
  });

  it('pages by offset (transfers)', async () => {
    const page = (await list('list_disks', { status: 'available', limit: 50 })).structuredContent as {
      volumes: { id: string; name: string }[];
    };
    const bulk = page.volumes.filter((v) => v.name.startsWith('bulk')).slice(0, 3);
    expect(bulk).toHaveLength(3);
    for (const [i, d] of bulk.entries()) {
      const t = await list('create_transfer', { volume_id: d.id, name: `t${i}` });
      expect(t.isError, textOf(t)).toBeFalsy();
    }
    const res = await list('list_transfers', { limit: 1, all_pages: true });
    expect(res.isError, textOf(res)).toBeFalsy();
    const s = res.structuredContent as { transfers: { id: string }[]; truncated?: boolean; pages: number };
    expect(s.transfers).toHaveLength(3);
    expect(new Set(s.transfers.map((t) => t.id)).size).toBe(3);
    expect(s.truncated).toBeUndefined();
  });
});
