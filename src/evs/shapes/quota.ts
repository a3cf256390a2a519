// Tenant quotas (7.1.9): usage per quota key with -1 shown as 'unlimited', and the headroom left.
import { z } from 'zod';

/** One quota entry as the API returns it; `limit` -1 means no limit is set. */
export interface RawQuota {
  in_use?: number;
  reserved?: number;
  limit?: number;
}

export type QuotaSet = Record<string, RawQuota | string | undefined>;

export const UNLIMITED = 'unlimited';
const limitValue = z.union([z.number(), z.literal(UNLIMITED)]);

export const quotaEntrySchema = z.object({ in_use: z.number(), reserved: z.number(), limit: limitValue });
export type QuotaEntry = z.infer<typeof quotaEntrySchema>;

export const quotasSchema = z.object({
  project_id: z.string().nullable(),
  quotas: z.record(z.string(), quotaEntrySchema),
});

export const headroomSchema = quotaEntrySchema.extend({ remaining: limitValue });
export type Headroom = z.infer<typeof headroomSchema>;

/** What one disk type (SSD, SAS, ...) or the project as a whole has left. */
export interface HeadroomGroup {
  disks?: Headroom;
  gigabytes?: Headroom;
  snapshots?: Headroom;
}

export interface QuotaHeadroom {
  totals: HeadroomGroup & { backups?: Headroom; backup_gigabytes?: Headroom };
  by_type: Record<string, HeadroomGroup>;
  /** Largest single disk allowed (per_volume_gigabytes), when the quota set has it. */
  max_disk_gigabytes: number | typeof UNLIMITED | null;
}

const isQuota = (v: unknown): v is RawQuota => typeof v === 'object' && v !== null && 'limit' in v;

/** Accepts the whole 7.1.9 body (`{quota_set}`) or the quota set itself. */
function quotaSetOf(body: unknown): QuotaSet {
  const b = (body ?? {}) as { quota_set?: QuotaSet };
  return b.quota_set ?? (b as QuotaSet);
}

export function toEntry(q: RawQuota): QuotaEntry {
  const limit = q.limit ?? -1;
  return { in_use: q.in_use ?? 0, reserved: q.reserved ?? 0, limit: limit === -1 ? UNLIMITED : limit };
}

export function toHeadroom(q: RawQuota): Headroom {
  const entry = toEntry(q);
  const remaining = entry.limit === UNLIMITED ? UNLIMITED : entry.limit - entry.in_use - entry.reserved;
  return { ...entry, remaining };
}

export function shapeQuotas(body: unknown): Record<string, unknown> {
  const set = quotaSetOf(body);
  const quotas: Record<string, QuotaEntry> = {};
  for (const [key, value] of Object.entries(set)) if (isQuota(value)) quotas[key] = toEntry(value);
  return { project_id: typeof set.id === 'string' ? set.id : null, quotas };
}

export function quotasText(shaped: Record<string, unknown>): string {
  const { project_id, quotas } = shaped as z.infer<typeof quotasSchema>;
  const parts = Object.entries(quotas)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, q]) => `${k} ${q.in_use}/${q.limit}${q.reserved ? ` (+${q.reserved} reserved)` : ''}`);
  return `Quotas${project_id ? ` of ${project_id}` : ''} (used/limit): ${parts.join('; ')}`;
}

const GROUP_OF: Record<string, keyof HeadroomGroup> = {
  volumes: 'disks',
  gigabytes: 'gigabytes',
  snapshots: 'snapshots',
};
const TOTAL_ONLY: Record<string, 'backups' | 'backup_gigabytes'> = {
  backups: 'backups',
  backup_gigabytes: 'backup_gigabytes',
};

/**
 * Remaining quota, per disk type and in total: `limit - in_use - reserved`, or 'unlimited' for -1.
 * Keys like `volumes_SSD`/`gigabytes_SAS`/`snapshots_ESSD` go to `by_type`; bare keys to `totals`.
 */
export function quotaHeadroom(quotaSetBody: unknown): QuotaHeadroom {
  const result: QuotaHeadroom = { totals: {}, by_type: {}, max_disk_gigabytes: null };
  for (const [key, value] of Object.entries(quotaSetOf(quotaSetBody))) {
    if (!isQuota(value)) continue;
    if (key === 'per_volume_gigabytes') {
      result.max_disk_gigabytes = toEntry(value).limit;
      continue;
    }
    const typed = /^(volumes|gigabytes|snapshots)_(.+)$/.exec(key);
    if (typed) {
      const [, base = '', type = ''] = typed;
      const group = (result.by_type[type] ??= {});
      group[GROUP_OF[base] as keyof HeadroomGroup] = toHeadroom(value);
      continue;
    }
    const total = GROUP_OF[key] ?? TOTAL_ONLY[key];
    if (total) result.totals[total] = toHeadroom(value);
  }
  return result;
}
