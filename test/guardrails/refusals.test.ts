// autobk_snapshot_* refusals and pre-flight refusals: each names the documented reason, and the
// sandbox's request log proves that nothing was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardHarness, structured, type GuardHarness } from './helpers.js';

let h: GuardHarness;
beforeAll(async () => {
  h = await startGuardHarness();
});
afterAll(async () => {
  await h.close();
});

interface Case {
  tool: string;
  args: () => Record<string, unknown>;
  reason: string;
  code?: string;
  text: RegExp;
}

async function expectRefused(c: Case): Promise<void> {
  h.sandbox.requestLog.clear();
  const res = await h.call(c.tool, c.args());
  const label = `${c.tool} ${c.reason}`;
  expect(res.isError, `${label}: ${res.text}`).toBe(true);
  const s = structured(res) as { reason?: string; refusals?: { reason: string; code?: string }[] };
  expect(
    s.refusals?.map((r) => r.reason),
    label,
  ).toContain(c.reason);
  if (c.code) expect(s.refusals?.find((r) => r.reason === c.reason)?.code, label).toBe(c.code);
  expect(res.text, label).toMatch(c.text);
  expect(res.text, label).toMatch(/Nothing was sent/);
  expect(h.mutations(), `${label} sent a request`).toEqual([]);
  expect(h.audit().at(-1), label).toMatchObject({
    tool: c.tool,
    verdict: `refused:${s.reason}`,
    outcome: { sent: false },
  });
}

describe('backup (autobk_snapshot_*) snapshots', () => {
  const autobk = () => h.demo.snapshots.autobk;
  const why = /backup service/;
  const cases: Case[] = [
    {
      tool: 'legacy_rollback_vendor_snapshot',
      args: () => ({ snapshot_id: autobk(), volume_id: h.demo.disks.system }),
      reason: 'autobk_snapshot',
      text: why,
    },
    {
      tool: 'cinder_delete_snapshot',
      args: () => ({ snapshot_id: autobk() }),
      reason: 'autobk_snapshot',
      text: why,
    },
    {
      tool: 'cinder_update_snapshot',
      args: () => ({ snapshot_id: autobk(), description: 'mine now' }),
      reason: 'autobk_snapshot',
      text: why,
    },
    {
      tool: 'add_snapshot_metadata',
      args: () => ({ snapshot_id: autobk(), metadata: { a: '1' } }),
      reason: 'autobk_snapshot',
      text: why,
    },
    {
      tool: 'set_snapshot_metadata_key',
      args: () => ({ snapshot_id: autobk(), key: 'a', value: '1' }),
      reason: 'autobk_snapshot',
      text: why,
    },
    {
      tool: 'replace_snapshot_metadata',
      args: () => ({ snapshot_id: autobk(), metadata: {} }),
      reason: 'autobk_snapshot',
      text: why,
    },
    {
      tool: 'delete_snapshot_metadata_key',
      args: () => ({ snapshot_id: autobk(), key: '__system__enableActive' }),
      reason: 'autobk_snapshot',
      text: why,
    },
    {
      tool: 'cinder_create_snapshot',
      args: () => ({ volume_id: h.demo.disks.data, name: 'autobk_snapshot_mine' }),
      reason: 'autobk_name',
      text: /reserved for snapshots the backup service creates/,
    },
    {
      tool: 'cinder_update_snapshot',
      args: () => ({ snapshot_id: h.demo.snapshots.daily, name: 'autobk_snapshot_x' }),
      reason: 'autobk_name',
      text: /reserved/,
    },
  ];
  for (const c of cases) it(`refuses ${c.tool} (${c.reason})`, () => expectRefused(c));

  it('looks the snapshot up first and says so', async () => {
    const res = await h.call('cinder_delete_snapshot', { snapshot_id: autobk() });
    expect(structured(res).checks).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`looked up snapshot ${autobk()} (ShowSnapshot): "${h.demo.autobkName}"`),
      ]),
    );
  });
});

describe('pre-flight checks', () => {
  const d = () => h.demo.disks;
  const cases: Case[] = [
    {
      tool: 'cinder_delete_disk',
      args: () => ({ volume_id: d().system }),
      reason: 'disk_not_deletable',
      code: 'EVS.1046',
      text: /in-use.*detach it first/s,
    },
    {
      tool: 'cinder_delete_disk',
      args: () => ({ volume_id: d().shared, cascade: true }),
      reason: 'disk_not_deletable',
      code: 'EVS.1046',
      text: /in-use/,
    },
    {
      tool: 'cinder_delete_disk',
      args: () => ({ volume_id: d().data }),
      reason: 'disk_has_snapshots',
      text: /cascade=true/,
    },
    {
      tool: 'delete_disk',
      args: () => ({ volume_id: d().data }),
      reason: 'disk_has_snapshots',
      text: /cinder toolset, whose delete takes cascade=true/,
    },
    {
      tool: 'cinder_delete_disk',
      args: () => ({ volume_id: '00000000-0000-4000-8000-000000000000' }),
      reason: 'disk_not_found',
      text: /does not exist/,
    },
    {
      tool: 'extend_disk',
      args: () => ({ volume_id: d().shared, new_size: 300 }),
      reason: 'disk_not_extendable',
      code: 'EVS.1065',
      text: /shared/,
    },
    {
      tool: 'extend_disk',
      args: () => ({ volume_id: d().broken, new_size: 30 }),
      reason: 'disk_not_extendable',
      code: 'EVS.1064',
      text: /available or in-use/,
    },
    {
      tool: 'extend_disk',
      args: () => ({ volume_id: d().data, new_size: 100 }),
      reason: 'size_not_larger',
      code: 'EVS.1015',
      text: /not larger/,
    },
    {
      tool: 'legacy_extend_disk',
      args: () => ({ volume_id: d().data, new_size: 60 }),
      reason: 'size_not_larger',
      code: 'EVS.1015',
      text: /only grow/,
    },
    {
      tool: 'extend_disk',
      args: () => ({ volume_id: d().data, new_size: 2000 }),
      reason: 'quota_exceeded',
      code: 'EVS.1042',
      text: /gigabytes for SSD needs 1900 GB, 1600 left/,
    },
    {
      tool: 'legacy_rollback_vendor_snapshot',
      args: () => ({ snapshot_id: h.demo.snapshots.daily, volume_id: d().archive }),
      reason: 'rollback_not_source_disk',
      text: /only to its own source disk/,
    },
    {
      tool: 'legacy_rollback_vendor_snapshot',
      args: () => ({ snapshot_id: h.demo.snapshots.autobk, volume_id: d().system }),
      reason: 'disk_not_rollbackable',
      text: /available or error_rollbacking/,
    },
    {
      tool: 'create_disks',
      args: () => ({ availability_zone: h.demo.zone, volume_type: 'ESSD', size: 10, count: 3 }),
      reason: 'quota_exceeded',
      code: 'EVS.1034',
      text: /disks for ESSD needs 3 disk/,
    },
    {
      tool: 'cinder_create_disk',
      args: () => ({ availability_zone: h.demo.zone, volume_type: 'SAS', size: 6000 }),
      reason: 'quota_exceeded',
      code: 'EVS.1042',
      text: /gigabytes needs 6000 GB/,
    },
    {
      tool: 'add_disk_tags',
      args: () => ({
        volume_id: d().data,
        tags: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v'])),
      }),
      reason: 'tag_limit',
      text: /has 2 tag\(s\).*makes 11/,
    },
  ];
  for (const c of cases) it(`refuses ${c.tool} (${c.reason})`, () => expectRefused(c));

  it('refuses a snapshot when the snapshot quota is used up', async () => {
    h.sandbox.setQuota(h.app.projectId, 'snapshots', 2);
    try {
      await expectRefused({
        tool: 'cinder_create_snapshot',
        args: () => ({ volume_id: d().archive }),
        reason: 'quota_exceeded',
        code: 'EVS.5413',
        text: /snapshots needs 1 snapshot\(s\), 0 left/,
      });
    } finally {
      h.sandbox.setQuota(h.app.projectId, 'snapshots', 10);
    }
  });

  it('refuses to delete a snapshot that is still being created', async () => {
    h.sandbox.setDelays({ snapshot: 60_000 });
    const created = await h.call('cinder_create_snapshot', { volume_id: d().archive, name: 'slow' });
    h.sandbox.setDelays({ snapshot: 60 });
    expect(created.isError, created.text).toBeFalsy();
    const id = String(structured(created).id);
    await expectRefused({
      tool: 'cinder_delete_snapshot',
      args: () => ({ snapshot_id: id }),
      reason: 'snapshot_not_deletable',
      code: 'EVS.1047',
      text: /creating/,
    });
  });

  it('lets a call that passes every check through, with the look-ups in `checks`', async () => {
    h.sandbox.requestLog.clear();
    const res = await h.call('extend_disk', { volume_id: d().data, new_size: 120 });
    expect(res.isError, res.text).toBeFalsy();
    expect(h.mutations()).toHaveLength(1);
    expect(structured(res).checks).toEqual(
      expect.arrayContaining([
        `looked up disk ${d().data} (ShowVolume): available, 100 GB SSD`,
        'looked up quotas (7.1.9)',
        'new size 120 GB > current 100 GB',
      ]),
    );
  });
});
