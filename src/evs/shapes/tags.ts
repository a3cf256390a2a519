// Tags (6.3.x): the project's tag keys with their values, one disk's tags, and disks found by tag.
import { z } from 'zod';
import { nextOffset } from './transfer.js';
import { summarizeVolume, volumeLine, volumeSummarySchema } from './volume.js';

interface RawTag {
  key?: string;
  value?: string;
}

export const projectTagsSchema = z.object({
  tags: z.record(z.string(), z.array(z.string())),
  count: z.number(),
});

export const diskTagsSchema = z.object({
  tags: z.record(z.string(), z.string()),
  count: z.number(),
});

export const taggedDisksSchema = z.object({
  total_count: z.number().nullable(),
  disks: z.array(volumeSummarySchema),
  next_offset: z.number().optional(),
});

/** `[{key, value}]` as the API lists tags, folded into `{key: value}`. */
export function tagListToMap(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const t of list as RawTag[]) if (typeof t?.key === 'string') out[t.key] = t.value ?? '';
  return out;
}

/** 6.3.1: `{"tags": {"key": ["value", ...]}}`. */
export function shapeProjectTags(body: unknown): Record<string, unknown> {
  const tags = ((body ?? {}) as { tags?: Record<string, string[]> | null }).tags ?? {};
  return { tags, count: Object.keys(tags).length };
}

/** 6.3.4: `{"tags": [{"key", "value"}]}`. */
export function shapeDiskTags(body: unknown): Record<string, unknown> {
  const tags = tagListToMap(((body ?? {}) as { tags?: unknown }).tags);
  return { tags, count: Object.keys(tags).length };
}

/** 6.3.5: each resource's disk detail as a disk summary, with the resource's tag list as a map. */
export function shapeTaggedDisks(body: unknown, args: Record<string, unknown>): Record<string, unknown> {
  const b = (body ?? {}) as {
    total_count?: number;
    resources?: { resource_id?: string; resource_name?: string; resource_detail?: unknown; tags?: unknown }[];
  };
  const resources = b.resources ?? [];
  const disks = resources.map((r) => {
    const summary = summarizeVolume(r.resource_detail ?? { id: r.resource_id, name: r.resource_name });
    const tags = tagListToMap(r.tags);
    return {
      ...summary,
      id: summary.id || (r.resource_id ?? ''),
      ...(Object.keys(tags).length ? { tags } : {}),
    };
  });
  const next = nextOffset(args, resources.length);
  const total = typeof b.total_count === 'number' ? b.total_count : null;
  const more = next !== undefined && (total === null || next < total);
  return { total_count: total, disks, ...(more ? { next_offset: next } : {}) };
}

const pairs = (tags: Record<string, unknown>): string =>
  Object.entries(tags)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
    .join(', ');

export function tagsText(shaped: Record<string, unknown>): string {
  const { tags, count } = shaped as { tags: Record<string, unknown>; count: number };
  return count === 0 ? 'No tags.' : `${count} tag key(s): ${pairs(tags)}`;
}

export function taggedDisksText(shaped: Record<string, unknown>): string {
  const r = shaped as z.infer<typeof taggedDisksSchema>;
  const head = `${r.disks.length} disk(s)${r.total_count !== null ? ` of ${r.total_count}` : ''}`;
  const more = r.next_offset !== undefined ? [`next offset: ${r.next_offset}`] : [];
  return [head, ...r.disks.map(volumeLine), ...more].join('\n');
}
