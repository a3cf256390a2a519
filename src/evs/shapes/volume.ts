// Compact disk views for tool results: a summary per disk, a detail view, and list pages with the next marker.
import { z } from 'zod';

export const volumeSummarySchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  status: z.string().optional(),
  size: z.number().optional(),
  volume_type: z.string().optional(),
  availability_zone: z.string().optional(),
  /** Ids of the servers the disk is attached to. */
  attachments: z.array(z.string()).optional(),
  bootable: z.boolean().optional(),
  multiattach: z.boolean().optional(),
  created_at: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
export type VolumeSummary = z.infer<typeof volumeSummarySchema>;

export const attachmentDetailSchema = z.looseObject({
  server_id: z.string().optional(),
  attachment_id: z.string().optional(),
  device: z.string().optional(),
  attached_at: z.string().optional(),
});

/** The summary plus every documented field that is not reserved (open: the API may add fields). */
export const volumeDetailSchema = volumeSummarySchema
  .extend({
    description: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    snapshot_id: z.string().optional(),
    updated_at: z.string().optional(),
    encrypted: z.boolean().optional(),
    attachment_details: z.array(attachmentDetailSchema).optional(),
  })
  .loose();
export type VolumeDetail = z.infer<typeof volumeDetailSchema>;

/** List results: summaries by default, detail views on request (both satisfy the open summary schema). */
export const volumeListSchema = z.object({
  volumes: z.array(volumeSummarySchema.loose()),
  /** 6.1.2 only: total number of matching disks, regardless of paging. */
  count: z.number().optional(),
  /** Pass as `marker` to get the next page. */
  next_marker: z.string().optional(),
});

/** Fields documented as reserved, unsupported or redundant: they only cost tokens. */
const RESERVED_KEYS = new Set([
  'links',
  'os-vol-host-attr:host',
  'os-vol-tenant-attr:tenant_id',
  'os-vol-mig-status-attr:migstat',
  'os-vol-mig-status-attr:name_id',
  'os-volume-replication:extended_status',
  'os-volume-replication:driver_data',
  'replication_status',
  'consistencygroup_id',
  'consistency_group_id',
  'user_id',
  'shareable',
  'storage_cluster_id',
  'source_vol_id',
  'source_volid',
  'source_valid',
  'count',
  'display_name',
]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `bootable` is documented as the string "true"/"false"; accept a boolean too. */
function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

// A loop over the keys rather than entries/filter/fromEntries: every disk of every page passes through here.
function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out as T;
}

function attachmentList(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** Compact summary of one disk object from any documented disk response (custom, Cinder v2 or v1). */
export function summarizeVolume(raw: unknown): VolumeSummary {
  const v = isRecord(raw) ? raw : {};
  const servers = attachmentList(v.attachments)
    .map((a) => str(a.server_id))
    .filter((s): s is string => s !== undefined);
  const tags =
    isRecord(v.tags) && Object.keys(v.tags).length > 0 ? (v.tags as Record<string, string>) : undefined;
  return dropUndefined({
    id: str(v.id) ?? '',
    name: str(v.name) ?? str(v.display_name),
    status: str(v.status),
    size: typeof v.size === 'number' ? v.size : undefined,
    volume_type: str(v.volume_type),
    availability_zone: str(v.availability_zone),
    attachments: Array.isArray(v.attachments) ? servers : undefined,
    bootable: toBool(v.bootable),
    multiattach: typeof v.multiattach === 'boolean' ? v.multiattach : undefined,
    created_at: str(v.created_at),
    tags,
  });
}

/** Detail view: the summary, then every non-reserved documented field, with attachments kept in full. */
export function volumeDetail(raw: unknown): VolumeDetail {
  const v = isRecord(raw) ? raw : {};
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    const value = v[key];
    if (RESERVED_KEYS.has(key) || key === 'attachments' || value === null || value === undefined) continue;
    if (key === '__proto__') continue; // assigning it would set the prototype, not copy a field
    rest[key] = value;
  }
  const details = attachmentList(v.attachments).map((a) =>
    dropUndefined({
      server_id: str(a.server_id),
      attachment_id: str(a.attachment_id),
      device: str(a.device),
      attached_at: str(a.attached_at),
      host_name: str(a.host_name),
    }),
  );
  if (typeof rest.display_description === 'string' && rest.description === undefined) {
    rest.description = rest.display_description;
    delete rest.display_description;
  }
  // Same keys and order as spreading rest, the summary and the details into a new object, without the copy.
  Object.assign(rest, summarizeVolume(v));
  if (details.length > 0) rest.attachment_details = details;
  return rest as VolumeDetail;
}

/** The `volume` object of a single-disk response. */
export function volumeOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { volume?: unknown }).volume : undefined;
}

/** The `job_id` of a job-returning response. */
export function jobId(body: unknown): string {
  const id = typeof body === 'object' && body !== null ? (body as { job_id?: unknown }).job_id : undefined;
  return typeof id === 'string' ? id : '';
}

/** Marker of the next page: the `next` link's marker, else the last id when the page came back full. */
export function nextMarker(
  body: unknown,
  itemsKey: string,
  linksKey: string | undefined,
  limit?: number,
): string | undefined {
  const b = isRecord(body) ? body : {};
  const links = linksKey && Array.isArray(b[linksKey]) ? (b[linksKey] as unknown[]).filter(isRecord) : [];
  const next = links.find((l) => l.rel === 'next');
  const href = str(next?.href);
  const fromLink = href ? /[?&]marker=([^&#\s]+)/.exec(href)?.[1] : undefined;
  if (fromLink) return decodeURIComponent(fromLink);
  const items = Array.isArray(b[itemsKey]) ? (b[itemsKey] as unknown[]) : [];
  if (limit !== undefined && items.length > 0 && items.length >= limit) {
    const last = items[items.length - 1];
    return isRecord(last) ? str(last.id) : undefined;
  }
  return undefined;
}

/** Shapes a disk list page: summaries (or detail views), the total when documented, and the next marker. */
export function shapeVolumeList(body: unknown, args: Record<string, unknown>): Record<string, unknown> {
  const b = isRecord(body) ? body : {};
  const items = Array.isArray(b.volumes) ? b.volumes : [];
  // The documented default page size is 1000.
  const limit = typeof args.limit === 'number' ? args.limit : 1000;
  return dropUndefined({
    volumes: items.map((v) => (args.detail === true ? volumeDetail(v) : summarizeVolume(v))),
    count: typeof b.count === 'number' ? b.count : undefined,
    next_marker: nextMarker(b, 'volumes', 'volumes_links', limit),
  });
}

/** One line per disk: `id name status sizeGB type az bootable shared -> servers`. */
export function volumeLine(s: Partial<VolumeSummary>): string {
  const parts = [s.id, s.name ? JSON.stringify(s.name) : undefined, s.status];
  if (s.size !== undefined) parts.push(`${s.size}GB`);
  parts.push(s.volume_type, s.availability_zone);
  if (s.bootable) parts.push('bootable');
  if (s.multiattach) parts.push('shared');
  if (s.attachments && s.attachments.length > 0) parts.push(`-> ${s.attachments.join(',')}`);
  if (s.tags)
    parts.push(
      Object.entries(s.tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    );
  return parts.filter((p) => p !== undefined && p !== '').join(' ');
}

const SUMMARY_KEYS = new Set(Object.keys(volumeSummarySchema.shape));

/** The fields a detail view adds to the summary line, as `key=value` pairs (JSON for non-strings). */
export function detailLine(v: Record<string, unknown>): string | undefined {
  const pairs = Object.entries(v)
    .filter(([k]) => !SUMMARY_KEYS.has(k))
    .map(([k, val]) => `${k}=${typeof val === 'string' ? val : JSON.stringify(val)}`);
  return pairs.length ? `  ${pairs.join(' ')}` : undefined;
}

/** Text for a list page: one line per disk (plus its detail with detail=true), then the paging hint. */
export function volumeListText(shaped: Record<string, unknown>): string {
  const volumes = Array.isArray(shaped.volumes) ? (shaped.volumes as VolumeSummary[]) : [];
  const head = `${volumes.length} disk(s)${typeof shaped.count === 'number' ? ` of ${shaped.count}` : ''}`;
  const lines = [head];
  for (const v of volumes) {
    lines.push(volumeLine(v));
    const more = detailLine(v);
    if (more) lines.push(more);
  }
  if (typeof shaped.next_marker === 'string') lines.push(`next marker: ${shaped.next_marker}`);
  return lines.join('\n');
}

/** Text for one disk: the summary line, then every detail field (metadata, attachments, encryption...). */
export function volumeDetailText(shaped: Record<string, unknown>): string {
  const more = detailLine(shaped);
  return volumeLine(shaped as VolumeDetail) + (more ? `\n${more}` : '');
}
