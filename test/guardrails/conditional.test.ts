// Guards that depend on the arguments: a transfer only of a transferable disk (7.4.1), and
// confirmation only when `force` is set (image export of an in-use disk, GR-30; snapshot, GR-20).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardHarness, structured, type GuardHarness } from './helpers.js';

let h: GuardHarness;
beforeAll(async () => {
  h = await startGuardHarness();
});
afterAll(async () => {
  await h.close();
});

describe('transfer pre-flight (7.4.1)', () => {
  it.each([
    ['an in-use system disk', 'system', /in-use.*available disk|system \(bootable\) disk/],
    ['a disk with snapshots', 'data', /has 1 snapshot/],
  ] as const)('refuses a transfer of %s and sends nothing', async (_label, disk, why) => {
    h.sandbox.requestLog.clear();
    const res = await h.call('create_transfer', { volume_id: h.demo.disks[disk], name: 'hand-over' });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(why);
    expect((structured(res) as { refusals?: { reason: string }[] }).refusals?.[0]?.reason).toBe(
      'disk_not_transferable',
    );
    expect(h.mutations()).toEqual([]);
  });

  it('asks for confirmation for a transferable disk', async () => {
    const res = await h.call('create_transfer', { volume_id: h.demo.disks.archive, name: 'hand-over' });
    expect((structured(res) as { confirmation_required?: boolean }).confirmation_required).toBe(true);
    expect(h.mutations()).toEqual([]);
  });
});

describe('confirmation only with force', () => {
  it('exports an available disk without asking', async () => {
    h.sandbox.requestLog.clear();
    const res = await h.call('export_disk_to_image', {
      volume_id: h.demo.disks.archive,
      image_name: 'archive-image',
    });
    expect(res.isError, res.text).toBeFalsy();
    expect(h.mutations()).toHaveLength(1);
  });

  it.each([
    [
      'export_disk_to_image',
      () => ({ volume_id: h.demo.disks.system, image_name: 'system-image', force: true }),
    ],
    ['cinder_create_snapshot', () => ({ volume_id: h.demo.disks.shared, name: 'forced-snap', force: true })],
  ] as const)('%s with force=true needs confirmation and sends nothing first', async (tool, args) => {
    h.sandbox.requestLog.clear();
    const res = await h.call(tool, args());
    expect(res.isError).toBe(true);
    const s = structured(res) as { confirmation_required?: boolean; confirm_token?: string };
    expect(s.confirmation_required, res.text).toBe(true);
    expect(h.mutations()).toEqual([]);
    const again = await h.call(tool, { ...args(), confirm_token: s.confirm_token });
    expect(again.isError, again.text).toBeFalsy();
    expect(h.mutations()).toHaveLength(1);
  });
});

describe('creating from a snapshot (6.1.1, 7.1.1)', () => {
  // The daily snapshot is of demo-data-01: 100 GB SSD; a disk made from it must be in the same AZ.
  const fromSnapshot = async (size: number) => {
    const disk = await h.call('legacy_get_vendor_disk', { volume_id: h.demo.disks.data });
    const zone = (structured(disk) as { availability_zone: string }).availability_zone;
    return { availability_zone: zone, volume_type: 'SSD', size, snapshot_id: h.demo.snapshots.daily };
  };

  it.each(['create_disks', 'cinder_create_disk'])(
    '%s refuses a size below the snapshot and sends nothing',
    async (tool) => {
      const args = await fromSnapshot(50);
      h.sandbox.requestLog.clear();
      const res = await h.call(tool, args);
      expect(res.isError).toBe(true);
      expect(res.text).toMatch(/smaller than snapshot .*100 GB/);
      expect(h.mutations()).toEqual([]);
    },
  );

  it('lets a large enough disk through and says what it checked', async () => {
    const args = await fromSnapshot(100);
    h.sandbox.requestLog.clear();
    const res = await h.call('cinder_create_disk', args);
    expect(res.isError, res.text).toBeFalsy();
    expect(res.text).toMatch(/100 GB: size 100 GB is enough/);
    expect(h.mutations()).toHaveLength(1);
  });
});
