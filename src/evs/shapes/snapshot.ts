// Compact renderings of EVS snapshots (7.3.x): lists carry only what a model needs to pick one.
import { z } from 'zod';
import { nextMarker } from './volume.js';

/** Snapshot fields as the API returns them (7.3.1-7.3.6); any may be missing or null. */
export interface RawSnapshot {
  id?: string;
  name?: string | null;
  status?: string;
  size?: number | null;
  volume_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  description?: string | null;
  metadata?: Record<string, string> | null;
  'os-extended-snapshot-attributes:progress'?: string | null;
}

export const snapshotSummarySchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable(),
  status: z.string().nullable(),
  size: z.number().nullable(),
  volume_id: z.string().nullable(),
  created_at: z.string().nullable(),
});
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>;

export const snapshotDetailSchema = snapshotSummarySchema.extend({
  description: z.string().nullable(),
  updated_at: z.string().nullable(),
  progress: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  /** Backup-created snapshots (autobk_snapshot_*, __system__enableActive) must not be changed. */
  system_managed: z.boolean(),
});
export type SnapshotDetail = z.infer<typeof snapshotDetailSchema>;

export const snapshotListSchema = z.object({
  snapshots: z.array(snapshotSummarySchema),
  count: z.number(),
  next_marker: z.string().optional(),
});

const AUTOBK_PREFIX = 'autobk_snapshot_';
const SERVER_BACKUP_KEYS = ['__system__enableActive', '__system_enableActive'];

export function summarizeSnapshot(s: RawSnapshot): SnapshotSummary {
  return {
    id: s.id ?? '',
    name: s.name ?? null,
    status: s.status ?? null,
    size: s.size ?? null,
    volume_id: s.volume_id ?? null,
    created_at: s.created_at ?? null,
  };
}

/** True for snapshots the backup service created: the API says not to touch them. */
export function isSystemManagedSnapshot(s: RawSnapshot): boolean {
  const metadata = s.metadata ?? {};
  return (s.name ?? '').startsWith(AUTOBK_PREFIX) || SERVER_BACKUP_KEYS.some((k) => k in metadata);
}

export function detailSnapshot(s: RawSnapshot): SnapshotDetail {
  return {
    ...summarizeSnapshot(s),
    description: s.description ?? null,
    updated_at: s.updated_at ?? null,
    progress: s['os-extended-snapshot-attributes:progress'] ?? null,
    metadata: s.metadata ?? {},
    system_managed: isSystemManagedSnapshot(s),
  };
}

export function shapeSnapshotList(body: unknown, args: Record<string, unknown>): Record<string, unknown> {
  const raw = ((body ?? {}) as { snapshots?: RawSnapshot[] }).snapshots ?? [];
  const limit = typeof args.limit === 'number' ? args.limit : undefined;
  const next = nextMarker(body, 'snapshots', 'snapshots_links', limit);
  return {
    snapshots: raw.map(summarizeSnapshot),
    count: raw.length,
    ...(next ? { next_marker: next } : {}),
  };
}

export function shapeSnapshot(body: unknown): Record<string, unknown> {
  return detailSnapshot(((body ?? {}) as { snapshot?: RawSnapshot }).snapshot ?? {});
}

const line = (s: SnapshotSummary): string =>
  `${s.id} ${JSON.stringify(s.name ?? '')} ${s.status ?? '?'} ${s.size ?? '?'}GB disk=${s.volume_id ?? '?'} created=${s.created_at ?? '?'}`;

export function snapshotListText(shaped: Record<string, unknown>): string {
  const list = shaped as z.infer<typeof snapshotListSchema>;
  const head = `${list.count} snapshot(s)${list.next_marker ? `; more after marker ${list.next_marker}` : ''}`;
  return [head, ...list.snapshots.map(line)].join('\n');
}

export function snapshotText(shaped: Record<string, unknown>): string {
  const s = shaped as SnapshotDetail;
  const extra = [
    s.description ? `description=${JSON.stringify(s.description)}` : '',
    Object.keys(s.metadata).length ? `metadata=${JSON.stringify(s.metadata)}` : '',
    s.system_managed ? 'SYSTEM-MANAGED (backup snapshot: do not modify, delete or roll back)' : '',
  ].filter(Boolean);
  return [line(s), ...extra].join('\n');
}
