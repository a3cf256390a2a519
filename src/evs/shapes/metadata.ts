// Metadata of disks (7.1.10-7.1.15) and snapshots (7.3.7-7.3.12): a whole map, or one key.
import { z } from 'zod';

export const metadataResultSchema = z.object({
  metadata: z.record(z.string(), z.string()),
  count: z.number(),
});

export const metadataKeyResultSchema = z.object({
  key: z.string(),
  value: z.string().nullable(),
});

export function shapeMetadata(body: unknown): Record<string, unknown> {
  const metadata = ((body ?? {}) as { metadata?: Record<string, string> | null }).metadata ?? {};
  return { metadata, count: Object.keys(metadata).length };
}

/** Single-key answers come as `{"meta": {"<key>": "<value>"}}`; the asked key wins if present. */
export function shapeMetaKey(body: unknown, args: Record<string, unknown>): Record<string, unknown> {
  const meta = ((body ?? {}) as { meta?: Record<string, string> | null }).meta ?? {};
  const asked = typeof args.key === 'string' ? args.key : undefined;
  const key = asked !== undefined && asked in meta ? asked : (Object.keys(meta)[0] ?? asked ?? '');
  return { key, value: meta[key] ?? null };
}

export function metadataText(shaped: Record<string, unknown>): string {
  const { metadata, count } = shaped as z.infer<typeof metadataResultSchema>;
  if (count === 0) return 'No metadata.';
  return Object.entries(metadata)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join('\n');
}

export function metaKeyText(shaped: Record<string, unknown>): string {
  const { key, value } = shaped as z.infer<typeof metadataKeyResultSchema>;
  return value === null ? `${key} is not set.` : `${key}=${JSON.stringify(value)}`;
}
