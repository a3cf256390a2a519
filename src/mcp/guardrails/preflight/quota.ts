// Quota headroom before creating, expanding and snapshotting (7.1.9; limit -1 = unlimited; EVS.1034/1042).
import type { QuotaDetail } from '../lookups.js';
import { emptyOutcome, type CheckOutcome } from '../refusal.js';
import { diskFor } from './disk-state.js';
import type { PreflightFn, PreflightInput } from './types.js';

interface Need {
  key: string;
  amount: number;
  unit: string;
  code?: string;
}

/** What is left of a quota: limit - in_use - reserved, or Infinity when unlimited or unreported. */
export function headroom(q: Record<string, QuotaDetail>, key: string): number {
  const d = q[key];
  if (!d || d.limit < 0) return Infinity;
  return d.limit - d.in_use - d.reserved;
}

async function checkNeeds(
  input: PreflightInput,
  out: CheckOutcome,
  needs: Need[],
  perVolume?: number,
): Promise<void> {
  const found = await input.lookups.quota();
  if (!found.ok) {
    out.notes.push('quota check skipped: quotas could not be looked up');
    return;
  }
  const q = found.value;
  const short: string[] = [];
  let code: string | undefined;
  for (const n of needs) {
    if (n.amount <= 0) continue;
    const left = headroom(q, n.key);
    if (n.amount > left) {
      short.push(`${n.key} needs ${n.amount} ${n.unit}, ${Math.max(0, left)} left of ${q[n.key]?.limit}`);
      code ??= n.code;
    } else if (left !== Infinity)
      out.notes.push(`quota ${n.key}: ${n.amount} ${n.unit} needed, ${left} left`);
  }
  const perVolumeLimit = q.per_volume_gigabytes?.limit ?? -1;
  if (perVolume !== undefined && perVolumeLimit >= 0 && perVolume > perVolumeLimit) {
    short.push(`per_volume_gigabytes allows at most ${perVolumeLimit} GB per disk, ${perVolume} GB asked`);
    code ??= 'EVS.1042';
  }
  if (short.length) {
    out.refusals.push({
      reason: 'quota_exceeded',
      section: `${input.section}, 7.1.9`,
      ...(code ? { code } : {}),
      message: `Refused: not enough quota: ${short.join('; ')}. Free some resources or ask for a higher quota.`,
    });
  } else if (!needs.some((n) => n.amount > 0 && headroom(q, n.key) !== Infinity))
    out.notes.push('quotas: unlimited for this request');
}

export const quotaCreateDisk: PreflightFn = async (input) => {
  const out = emptyOutcome();
  const count = typeof input.args.count === 'number' ? input.args.count : 1;
  const size = typeof input.args.size === 'number' ? input.args.size : undefined;
  const type = typeof input.args.volume_type === 'string' ? input.args.volume_type : undefined;
  const needs: Need[] = [{ key: 'volumes', amount: count, unit: 'disk(s)', code: 'EVS.1034' }];
  if (type) needs.push({ key: `volumes_${type}`, amount: count, unit: 'disk(s)', code: 'EVS.1034' });
  if (size !== undefined) {
    needs.push({ key: 'gigabytes', amount: count * size, unit: 'GB', code: 'EVS.1042' });
    if (type) needs.push({ key: `gigabytes_${type}`, amount: count * size, unit: 'GB', code: 'EVS.1042' });
  } else out.notes.push('size not given (taken from the backup): capacity quota not checked');
  if (!type) out.notes.push('volume_type not given: per-type quotas not checked');
  await checkNeeds(input, out, needs, size);
  return out;
};

export const quotaExtend: PreflightFn = async (input) => {
  const out = emptyOutcome();
  const newSize = input.args.new_size;
  if (typeof newSize !== 'number') return out;
  const disk = await diskFor(input, out, 'quota');
  if (!disk) return out;
  const grow = newSize - disk.size;
  if (grow <= 0) return out;
  const needs: Need[] = [{ key: 'gigabytes', amount: grow, unit: 'GB', code: 'EVS.1042' }];
  if (disk.volume_type)
    needs.push({ key: `gigabytes_${disk.volume_type}`, amount: grow, unit: 'GB', code: 'EVS.1042' });
  await checkNeeds(input, out, needs, newSize);
  return out;
};

export const quotaSnapshot: PreflightFn = async (input) => {
  const out = emptyOutcome();
  const disk = await diskFor(input, out, 'quota');
  if (!disk) return out;
  const t = disk.volume_type;
  const needs: Need[] = [
    { key: 'snapshots', amount: 1, unit: 'snapshot', code: 'EVS.5413' },
    ...(t ? [{ key: `snapshots_${t}`, amount: 1, unit: 'snapshot', code: 'EVS.5413' }] : []),
    // 7.1.9: `gigabytes` counts disks and snapshots together.
    { key: 'gigabytes', amount: disk.size, unit: 'GB', code: 'EVS.1042' },
    ...(t ? [{ key: `gigabytes_${t}`, amount: disk.size, unit: 'GB', code: 'EVS.1042' }] : []),
  ];
  await checkNeeds(input, out, needs);
  return out;
};
