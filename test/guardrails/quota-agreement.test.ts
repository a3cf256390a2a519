// get_quota_headroom and the quota pre-flights agree, through a real client against the sandbox: what
// the headroom says can still be created passes the create (and expand) pre-flight, one more is refused,
// whether the type's own quota or the project-wide one is the tighter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardHarness, structured, type GuardHarness } from './helpers.js';

let h: GuardHarness;
beforeAll(async () => {
  h = await startGuardHarness();
});
afterAll(async () => {
  await h.close();
});

interface Entry {
  in_use: number;
  reserved: number;
  limit: number | null;
  remaining: number | null;
  limited_by?: 'type' | 'project' | null;
}
interface Headroom {
  totals: Record<string, Entry>;
  by_type: Record<string, Record<string, Entry>>;
}

async function headroom(): Promise<Headroom> {
  const res = await h.call('get_quota_headroom', {});
  expect(res.isError, res.text).toBeFalsy();
  return structured(res) as unknown as Headroom;
}

async function verdict(tool: string, args: Record<string, unknown>): Promise<string> {
  const res = await h.call(tool, { ...args, dry_run: true });
  expect(res.isError, res.text).toBeFalsy();
  const s = structured(res) as { verdict: string; refusals?: { reason: string }[] };
  if (s.verdict === 'would_refuse') expect(s.refusals?.map((r) => r.reason)).toContain('quota_exceeded');
  return s.verdict;
}

const create = (type: string, size: number, count = 1) => ({
  availability_zone: h.demo.zone,
  volume_type: type,
  size,
  count,
});

describe('headroom and pre-flight agree', () => {
  it('by the type quota: SSD GB the headroom reports pass, one more GB is refused', async () => {
    const ssd = (await headroom()).by_type.SSD!.gigabytes!;
    expect(ssd.limited_by).toBe('type');
    const left = ssd.remaining!;
    expect(left).toBeGreaterThan(0);
    expect(await verdict('create_disks', create('SSD', left))).toBe('would_send');
    expect(await verdict('create_disks', create('SSD', left + 1))).toBe('would_refuse');
    const { count: _one, ...single } = create('SSD', left + 1);
    expect(await verdict('cinder_create_disk', single)).toBe('would_refuse');
  });

  it('by the project quota when it is the tighter one, for every type', async () => {
    const before = await headroom();
    const total = before.totals.gigabytes!;
    // Leave the project 40 GB, less than the SSD type quota has left.
    h.sandbox.setQuota(h.app.projectId, 'gigabytes', total.in_use + total.reserved + 40);
    try {
      const after = await headroom();
      expect(after.totals.gigabytes!.remaining).toBe(40);
      expect(after.by_type.SSD!.gigabytes).toMatchObject({ remaining: 40, limited_by: 'project' });
      for (const type of ['SSD', 'SAS']) {
        expect(await verdict('create_disks', create(type, 40)), type).toBe('would_send');
        expect(await verdict('create_disks', create(type, 41)), type).toBe('would_refuse');
        // A batch counts count * size.
        expect(await verdict('create_disks', create(type, 20, 2)), type).toBe('would_send');
        expect(await verdict('create_disks', create(type, 21, 2)), type).toBe('would_refuse');
      }
      // Expanding the 100 GB SSD data disk: 40 GB more passes, 41 is refused.
      expect(await verdict('extend_disk', { volume_id: h.demo.disks.data, new_size: 140 })).toBe(
        'would_send',
      );
      expect(await verdict('extend_disk', { volume_id: h.demo.disks.data, new_size: 141 })).toBe(
        'would_refuse',
      );
    } finally {
      h.sandbox.setQuota(h.app.projectId, 'gigabytes', before.totals.gigabytes!.limit ?? -1);
    }
  });

  it('disk counts: the ESSD disks the headroom reports pass, one more is refused', async () => {
    const essd = (await headroom()).by_type.ESSD!.disks!;
    const left = essd.remaining!;
    expect(left).toBeGreaterThan(0);
    expect(await verdict('create_disks', create('ESSD', 10, left))).toBe('would_send');
    expect(await verdict('create_disks', create('ESSD', 10, left + 1))).toBe('would_refuse');
  });

  it('reports unlimited as null and never refuses for it', async () => {
    h.sandbox.setQuota(h.app.projectId, 'snapshots', -1);
    try {
      const hr = await headroom();
      expect(hr.totals.snapshots).toMatchObject({ limit: null, remaining: null });
      expect(await verdict('cinder_create_snapshot', { volume_id: h.demo.disks.archive })).toBe('would_send');
    } finally {
      h.sandbox.setQuota(h.app.projectId, 'snapshots', 10);
    }
  });
});
