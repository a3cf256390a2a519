// Schema building blocks shared by the operation specs. Constraints live here, not in prose.
import { z } from 'zod';

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** A string of at most `max` UTF-8 bytes (maxLength in the schema, the byte rule checked on parse). */
export const bytes = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => utf8Bytes(s) <= max, { message: `must be at most ${max} bytes (UTF-8)` });

/** Resource ids (disks, snapshots, transfers, jobs...): opaque, non-empty, no path characters. */
export const resourceId = (what: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, { message: `${what} id: letters, digits, - and _ only` });

export const diskId = resourceId('disk').describe('Disk ID');
export const snapshotId = resourceId('snapshot').describe('Snapshot ID');

/** Page size: 1-1000 as documented. */
export const limit = z.number().int().min(1).max(1000);
export const offset = z.number().int().min(0).max(1_000_000);
export const marker = z.string().min(1).max(64);
export const sortDir = z.enum(['asc', 'desc']);

/** Metadata maps: keys and values are strings of at most 255 bytes; values cannot be null. */
export const metadataKey = bytes(255).pipe(z.string().min(1));
export const metadataMap = z.record(metadataKey, bytes(255));

/** Tag key: 1-36 chars of A-Z, a-z, 0-9, -, _ and CJK (\u4E00-\u9FFF), as documented in 6.3.2. */
export const tagKey = z
  .string()
  .min(1)
  .max(36)
  .regex(/^[A-Za-z0-9_\u4E00-\u9FFF-]+$/);
/** Tag value: 0-43 chars; the key character set plus `.` (6.3.2). */
export const tagValue = z
  .string()
  .max(43)
  .regex(/^[A-Za-z0-9_.\u4E00-\u9FFF-]*$/);
