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

/** What is left of one quota, as numbers; `null` limit and remaining mean unlimited. */
export const headroomSchema = z.object({
  in_use: z.number(),
  reserved: z.number(),
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
});
export type Headroom = z.infer<typeof headroomSchema>;

/** A disk type's headroom: the smaller of what its own quota and the project-wide one leave. */
export const typeHeadroomSchema = headroomSchema.extend({
  /** Which quota sets `remaining`: the type's own, the project-wide one, or none (unlimited). */
  limited_by: z.enum(['type', 'project']).nullable(),
});
export type TypeHeadroom = z.infer<typeof typeHeadroomSchema>;

export type Resource = 'disks' | 'gigabytes' | 'snapshots';
const RESOURCES: readonly Resource[] = ['disks', 'gigabytes', 'snapshots'];

export interface QuotaHeadroom {
  totals: Partial<Record<Resource | 'backups' | 'backup_gigabytes', Headroom>>;
  by_type: Record<string, Partial<Record<Resource, TypeHeadroom>>>;
  /** Largest single disk allowed (per_volume_gigabytes); null when unlimited or not reported. */
  max_disk_gigabytes: number | null;
}

export function toHeadroom(q: RawQuota): Headroom {
  const limit = q.limit === undefined || q.limit < 0 ? null : q.limit;
  const in_use = q.in_use ?? 0;
  const reserved = q.reserved ?? 0;
  return {
    in_use,
    reserved,
    limit,
    remaining: limit === null ? null : Math.max(0, limit - in_use - reserved),
  };
}

/** The smaller of two remainders, null meaning unlimited. */
const smaller = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

const KEY_OF: Record<string, Resource> = { volumes: 'disks', gigabytes: 'gigabytes', snapshots: 'snapshots' };

/**
 * Remaining quota in total and per disk type. A type's remaining is the minimum of its own quota
 * (`volumes_SSD`, `gigabytes_SSD`, `snapshots_SSD`) and the project-wide one, since both apply.
 */
export function quotaHeadroom(quotaSetBody: unknown): QuotaHeadroom {
  const result: QuotaHeadroom = { totals: {}, by_type: {}, max_disk_gigabytes: null };
  const own: Record<string, Partial<Record<Resource, Headroom>>> = {};
  for (const [key, value] of Object.entries(quotaSetOf(quotaSetBody))) {
    if (!isQuota(value)) continue;
    if (key === 'per_volume_gigabytes') {
      result.max_disk_gigabytes = toHeadroom(value).limit;
      continue;
    }
    const typed = /^(volumes|gigabytes|snapshots)_(.+)$/.exec(key);
    if (typed) {
      const [, base = '', type = ''] = typed;
      (own[type] ??= {})[KEY_OF[base]!] = toHeadroom(value);
      continue;
    }
    const total = KEY_OF[key] ?? (key === 'backups' || key === 'backup_gigabytes' ? key : undefined);
    if (total) result.totals[total] = toHeadroom(value);
  }
  for (const [type, entries] of Object.entries(own)) {
    const group: Partial<Record<Resource, TypeHeadroom>> = {};
    for (const r of RESOURCES) {
      const mine = entries[r];
      const all = result.totals[r];
      if (!mine && !all) continue;
      const remaining = smaller(mine?.remaining ?? null, all?.remaining ?? null);
      const limited_by =
        remaining === null ? null : mine?.remaining === remaining ? 'type' : ('project' as const);
      group[r] = {
        in_use: mine?.in_use ?? all?.in_use ?? 0,
        reserved: mine?.reserved ?? all?.reserved ?? 0,
        limit: mine ? mine.limit : (all?.limit ?? null),
        remaining,
        limited_by,
      };
    }
    result.by_type[type] = group;
  }
  return result;
}

/**
 * How many more of a resource can be created, for a disk type or in total: the number the headroom
 * tool reports and the create, expand and snapshot pre-flights compare against. null = unlimited.
 */
export function remainingOf(h: QuotaHeadroom, resource: Resource, type?: string): number | null {
  const typed = type === undefined ? undefined : h.by_type[type]?.[resource];
  return typed ? typed.remaining : (h.totals[resource]?.remaining ?? null);
}
