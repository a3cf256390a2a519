// Quota before creating, expanding and snapshotting (7.1.9; EVS.1034/1042/5413), judged on the same
// headroom get_quota_headroom reports: what it says can be created passes, one more is refused.
import { remainingOf, type QuotaHeadroom, type Resource } from '../../../evs/shapes/quota.js';
import { emptyOutcome, type CheckOutcome } from '../refusal.js';
import type { Preflight, PreflightInput, QuotaUse } from './types.js';

interface Need {
  resource: Resource;
  amount: number;
  unit: string;
  code: string;
}

const CODES: Record<Resource, string> = { disks: 'EVS.1034', gigabytes: 'EVS.1042', snapshots: 'EVS.5413' };
const UNITS: Record<Resource, string> = { disks: 'disk(s)', gigabytes: 'GB', snapshots: 'snapshot(s)' };
const need = (resource: Resource, amount: number): Need => ({
  resource,
  amount,
  unit: UNITS[resource],
  code: CODES[resource],
});

function checkNeeds(
  input: PreflightInput,
  q: QuotaHeadroom,
  needs: Need[],
  type: string | undefined,
  perDisk?: number,
): CheckOutcome {
  const out = emptyOutcome();
  const short: string[] = [];
  let code: string | undefined;
  for (const n of needs) {
    if (n.amount <= 0) continue;
    const left = remainingOf(q, n.resource, type);
    // Name the type only when its own quota is the one that binds.
    const where = type && q.by_type[type]?.[n.resource]?.limited_by === 'type' ? ` for ${type}` : '';
    if (left !== null && n.amount > left) {
      short.push(`${n.resource}${where} needs ${n.amount} ${n.unit}, ${left} left`);
      code ??= n.code;
    } else if (left !== null)
      out.notes.push(`quota ${n.resource}${where}: ${n.amount} ${n.unit} needed, ${left} left`);
  }
  const max = q.max_disk_gigabytes;
  if (perDisk !== undefined && max !== null && perDisk > max) {
    short.push(`per_volume_gigabytes allows at most ${max} GB per disk, ${perDisk} GB asked`);
    code ??= 'EVS.1042';
  }
  if (short.length) {
    out.refusals.push({
      reason: 'quota_exceeded',
      section: `${input.section}, 7.1.9`,
      ...(code ? { code } : {}),
      message: `Refused: not enough quota: ${short.join('; ')}. Free some resources or ask for a higher quota.`,
    });
  } else if (!out.notes.length) out.notes.push('quotas: unlimited for this request');
  return out;
}

export const quotaCreateDisk: Preflight = {
  needs: ['quota'],
  run(input) {
    const q = input.reads.quota;
    if (!q) return emptyOutcome();
    const count = typeof input.args.count === 'number' ? input.args.count : 1;
    const size = typeof input.args.size === 'number' ? input.args.size : undefined;
    const type = typeof input.args.volume_type === 'string' ? input.args.volume_type : undefined;
    const needs = [need('disks', count), ...(size !== undefined ? [need('gigabytes', count * size)] : [])];
    const out = checkNeeds(input, q, needs, type, size);
    if (size === undefined)
      out.notes.push('size not given (taken from the backup): capacity quota not checked');
    if (!type) out.notes.push('volume_type not given: per-type quotas not checked');
    return out;
  },
};

export const quotaExtend: Preflight = {
  needs: ['disk', 'quota'],
  run(input) {
    const { disk, quota: q } = input.reads;
    const newSize = input.args.new_size;
    if (!disk || !q || typeof newSize !== 'number') return emptyOutcome();
    const grow = newSize - (disk.size ?? 0);
    if (grow <= 0) return emptyOutcome();
    return checkNeeds(input, q, [need('gigabytes', grow)], disk.volume_type, newSize);
  },
  uses(input) {
    const { disk } = input.reads;
    const newSize = input.args.new_size;
    if (!disk || typeof newSize !== 'number') return [];
    const grow = newSize - (disk.size ?? 0);
    return grow > 0 ? [{ resource: 'gigabytes', amount: grow, ...typeOf(disk.volume_type) }] : [];
  },
};

export const quotaSnapshot: Preflight = {
  needs: ['disk', 'quota'],
  run(input) {
    const { disk, quota: q } = input.reads;
    if (!disk || !q) return emptyOutcome();
    // 7.1.9: `gigabytes` counts disks and snapshots together.
    return checkNeeds(input, q, [need('snapshots', 1), need('gigabytes', disk.size ?? 0)], disk.volume_type);
  },
  uses(input) {
    const { disk } = input.reads;
    if (!disk) return [];
    const type = typeOf(disk.volume_type);
    return [
      { resource: 'snapshots', amount: 1, ...type },
      { resource: 'gigabytes', amount: disk.size ?? 0, ...type },
    ];
  },
};

/** RetypeVolume moves the disk into the new type's quota: one disk and its GB of that type. */
export const quotaRetype: Preflight = {
  needs: ['disk', 'quota'],
  run(input) {
    const { disk, quota: q } = input.reads;
    const type = input.args.new_type;
    if (!disk || !q || typeof type !== 'string') return emptyOutcome();
    return checkNeeds(input, q, [need('disks', 1), need('gigabytes', disk.size ?? 0)], type);
  },
};

/** RevertVolumeInRecycle brings the disk back into its type's quota (EVS.1034 / EVS.1042). */
export const quotaRestore: Preflight = {
  needs: ['binned', 'quota'],
  run(input) {
    const { binned, quota: q } = input.reads;
    if (!binned || !q) return emptyOutcome();
    return checkNeeds(
      input,
      q,
      [need('disks', 1), need('gigabytes', binned.size ?? 0)],
      binned.volume_type ?? undefined,
    );
  },
};

/** BatchResizeVolumes: the growth of every disk, summed per type, against that type's capacity quota. */
export function quotaBatchExtend(
  input: PreflightInput,
  growth: ReadonlyMap<string | undefined, { grow: number; largest: number }>,
): CheckOutcome {
  const q = input.reads.quota;
  const out = emptyOutcome();
  if (!q) return out;
  for (const [type, g] of growth) {
    const r = checkNeeds(input, q, [need('gigabytes', g.grow)], type, g.largest);
    out.notes.push(...r.notes);
    out.refusals.push(...r.refusals);
  }
  return out;
}

const typeOf = (t: string | undefined): { type?: string } => (t ? { type: t } : {});

/** The headroom left once `uses` are taken: what the next item of a batch is judged against. */
export function takeFrom(q: QuotaHeadroom, uses: readonly QuotaUse[]): QuotaHeadroom {
  const next = structuredClone(q);
  for (const u of uses) {
    const total = next.totals[u.resource];
    if (total && total.remaining !== null) total.remaining = Math.max(0, total.remaining - u.amount);
    for (const [type, group] of Object.entries(next.by_type)) {
      const entry = group[u.resource];
      if (!entry || entry.remaining === null) continue;
      // Its own type loses the amount; every type is also capped by what the project has left.
      if (type === u.type) entry.remaining = Math.max(0, entry.remaining - u.amount);
      else if (total && total.remaining !== null)
        entry.remaining = Math.min(entry.remaining, total.remaining);
    }
  }
  return next;
}
