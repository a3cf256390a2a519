// Schema building blocks shared by the operation specs. Constraints live here, not in prose.
import { z } from 'zod';

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** A string of at most `max` UTF-8 bytes (maxLength in the schema, the byte rule checked on parse). */
export const bytes = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => utf8Bytes(s) <= max, { message: `must be at most ${max} bytes (UTF-8)` });

/** Resource ids (disks, snapshots, transfers, jobs...): opaque, non-empty, no path characters (never `.`/`..`). */
export const resourceId = (what: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, { message: `${what} id: letters, digits, - and _ only` });

// A property named volume_id or snapshot_id says what it holds: only other names describe it.
export const diskId = resourceId('disk');
/** A disk id, or a name the engine resolves when exactly one disk has it (records list it in `names`). */
export const diskRef = resourceId('disk').describe('Disk ID or unique name');
export const snapshotId = resourceId('snapshot');

/** Page size: 1-1000 as documented. */
export const limit = z.number().int().min(1).max(1000);
export const offset = z.number().int().min(0).max(1_000_000);
export const marker = z.string().min(1).max(64);
export const sortDir = z.enum(['asc', 'desc']);

/** Keys that reach JavaScript's prototype machinery instead of being data; no map or key input accepts them. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
const reservedKeyMessage = (key: string) =>
  `key "${key}" is not allowed: it is a reserved JavaScript property name`;
const notReserved = (key: string) => !RESERVED_KEYS.includes(key);

/**
 * A map input. Reserved keys are refused on the raw input: zod's record output silently drops an own `__proto__`
 * (as JSON.parse makes it), which would send less than was given.
 */
export function safeRecord<V extends z.ZodType>(key: z.ZodType<string>, value: V) {
  return z.preprocess(
    (input, ctx) => {
      if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
        for (const k of RESERVED_KEYS.filter((r) => Object.hasOwn(input, r)))
          ctx.addIssue({ code: 'custom', path: [k], message: reservedKeyMessage(k), input });
      }
      return input;
    },
    z.record(key, value),
  );
}

/** Metadata maps: keys and values are strings of at most 255 bytes; values cannot be null. */
// Non-empty, checked in the string schema itself (not a pipe), so the published propertyNames say so too.
export const metadataKey = bytes(255).min(1);
export const metadataMap = safeRecord(metadataKey, bytes(255));

/**
 * A metadata key that becomes one path segment (7.1.13-7.1.15, 7.3.x): `.` and `..` would be collapsed by URL
 * handling (turning "delete this key" into "delete the disk"), and `/` or a backslash would be read as a separator.
 */
export const metadataPathKey = metadataKey
  .refine(notReserved, { error: (iss) => reservedKeyMessage(String(iss.input)) })
  .refine((k) => k !== '.' && k !== '..', {
    message: 'key "." or ".." cannot be addressed in a URL path; use replace_*_metadata to remove it',
  })
  .refine((k) => !/[/\\]/.test(k), {
    message: 'a key with "/" or "\\" cannot be addressed as one URL path segment; use replace_*_metadata',
  });

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
