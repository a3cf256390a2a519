// The look-ups records declare for their guard, as references to the read records that make them.
import type { DeclaredRead, NameRef } from '../operation.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** ShowVolume: the disk named by `arg`. */
export const readDisk = (arg = 'volume_id'): DeclaredRead => ({
  as: 'disk',
  op: 'get_disk',
  args: (a) => (str(a[arg]) ? { volume_id: a[arg] } : undefined),
});

/** ShowSnapshot: the snapshot named by `arg`. */
export const readSnapshot = (arg = 'snapshot_id'): DeclaredRead => ({
  as: 'snapshot',
  op: 'get_snapshot',
  args: (a) => (str(a[arg]) ? { snapshot_id: a[arg] } : undefined),
});

/** ListSnapshots filtered by source disk, one full page (1000, the documented maximum). */
export const readSnapshotsOf = (arg = 'volume_id'): DeclaredRead => ({
  as: 'snapshots',
  op: 'list_snapshots',
  args: (a) => (str(a[arg]) ? { volume_id: a[arg], limit: 1000 } : undefined),
});

/** 7.1.9 with usage, as headroom: the same numbers get_quota_headroom answers with. */
export const readQuota = (): DeclaredRead => ({
  as: 'quota',
  op: 'get_quota_headroom',
  args: () => ({}),
});

/** 6.3.4: the disk's tags. */
export const readTags = (arg = 'volume_id'): DeclaredRead => ({
  as: 'tags',
  op: 'get_disk_tags',
  args: (a) => (str(a[arg]) ? { volume_id: a[arg] } : undefined),
});

/** 7.4.4: the transfer named by `arg`. */
export const readTransfer = (arg = 'transfer_id'): DeclaredRead => ({
  as: 'transfer',
  op: 'get_transfer',
  args: (a) => (str(a[arg]) ? { transfer_id: a[arg] } : undefined),
});

/** 7.1.7: the disk types and the AZs each is sold in. */
export const readTypes = (): DeclaredRead => ({ as: 'types', op: 'list_disk_types', args: () => ({}) });

/** 6.1.2 by `ids`: the disks whose ids `pick` takes from the call (one page holds them all). */
export const readDisks = (pick: (a: Record<string, unknown>) => unknown[] | undefined): DeclaredRead => ({
  as: 'disks',
  op: 'list_disks',
  args: (a) => {
    const ids = (pick(a) ?? []).filter((id): id is string => typeof id === 'string' && id !== '');
    return ids.length ? { ids, limit: 1000 } : undefined;
  },
});

/** ShowVolumeInRecycle: the binned disk named by `arg`. */
export const readBinned = (arg = 'volume_id'): DeclaredRead => ({
  as: 'binned',
  op: 'get_recycle_bin_disk',
  args: (a) => (str(a[arg]) ? { volume_id: a[arg] } : undefined),
});

/** ShowRecyclePolicy: the recycle bin policy now. */
export const readPolicy = (): DeclaredRead => ({
  as: 'policy',
  op: 'get_recycle_bin_policy',
  args: () => ({}),
});

/** `arg` may be a disk's name: resolved through 6.1.2 filtered by name. */
export const byDiskName = (arg = 'volume_id'): NameRef => ({ arg, op: 'list_disks' });
