// Disk-specific schema pieces: sizes, types, statuses, list filters and creation metadata rules.
import { z } from 'zod';
import { bytes, limit, metadataMap, resourceId, sortDir } from './common.js';

/** Appendix A.3 (7.4.1's `awaiting-transfer` and EVS.2021's `error_detaching` are left out to keep the schema short). */
export const DISK_STATUSES = [
  'creating',
  'available',
  'in-use',
  'error',
  'attaching',
  'detaching',
  'backing-up',
  'error_restoring',
  'uploading',
  'downloading',
  'extending',
  'error_extending',
  'deleting',
  'error_deleting',
  'rollbacking',
  'error_rollbacking',
] as const;
export const diskStatus = z.enum(DISK_STATUSES);

/** SSD and SAS are the request tables' values; SATA and ESSD are the other types the reference names (6.1.2, 7.1.9). */
export const VOLUME_TYPES = ['SSD', 'SAS', 'SATA', 'ESSD'] as const;
export const volumeType = z.enum(VOLUME_TYPES);

export const SYSTEM_DISK_MAX_GB = 1024;
export const DATA_DISK_MIN_GB = 10;
export const DISK_MAX_GB = 32768;

/** Whole GB only: the server silently truncates decimals (GR-01). Whether a disk is a system disk is not in the request. */
export const diskSize = z
  .number()
  .int()
  .min(1)
  .max(DISK_MAX_GB)
  .describe('GB: system disk 1-1024, data disk 10-32768');

/** 6.1.1: a batch name gets `-0000` appended, so it may hold at most 250 bytes. */
export const BATCH_NAME_MAX_BYTES = 250;
export const MAX_BATCH_COUNT = 100;

export const diskName = bytes(255);
export const diskDescription = bytes(255);
export const imageId = resourceId('image');
export const backupId = resourceId('backup');
export const serverId = resourceId('server');
export const availabilityZone = z.string().min(1).max(128);

const UUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** Disk list markers must be disk UUIDs (EVS.1024); checked on parse, kept out of the schema text to save tokens. */
export const diskMarker = z
  .string()
  .length(36)
  .refine((s) => UUID.test(s), { message: 'marker must be a disk UUID' });

/** The disk lists document offset as greater than 0. */
export const diskOffset = z.number().int().min(1).max(1_000_000);
export const diskSortKey = z.enum(['id', 'status', 'size', 'created_at']);

/** Metadata filter, sent JSON-encoded (the server decodes it: EVS.1058). */
export const metadataFilter = metadataMap;
export const encodeMetadataFilter = (m: Record<string, string> | undefined): string | undefined =>
  m && Object.keys(m).length > 0 ? JSON.stringify(m) : undefined;

/** The filters every disk list documents (6.1.2, 6.1.6, 7.1.4, 7.1.5). */
export const baseListFilters = {
  limit: limit.optional(),
  marker: diskMarker.optional(),
  sort_key: diskSortKey.optional(),
  sort_dir: sortDir.optional(),
  status: diskStatus.optional(),
  name: diskName.optional(),
  availability_zone: availabilityZone.optional(),
};

/** Tool-only switch on list and detail tools: return the documented objects instead of summaries. */
export const detailFlag = z.boolean().optional().describe('full documented objects');

const MAX_METADATA_BYTES = 1_048_576;
const CMK_ID_BYTES = 36;
const ENCRYPTED_KEYS = ['__system__encrypted', '__system_encrypted'];
const CMK_KEYS = ['__system__cmkid', '__system_cmkid'];

/**
 * Documented rules on creation metadata (GR-07..GR-10): encryption flags are "0"/"1", the CMK id is 36 bytes and
 * needs encryption on, `hw:passthrough` is "true"/"false", `full_clone` is "0" with a snapshot, and snapshot or
 * image sources carry neither encryption keys nor `hw:passthrough`.
 */
export function checkCreateMetadata(
  metadata: Record<string, string> | undefined,
  source: { snapshot: boolean; image: boolean },
  ctx: z.RefinementCtx,
): void {
  if (!metadata) return;
  const issue = (key: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: ['metadata', key], message });
  const total = Object.entries(metadata).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v),
    0,
  );
  if (total >= MAX_METADATA_BYTES)
    ctx.addIssue({ code: 'custom', path: ['metadata'], message: 'metadata must total under 1 MiB' });

  const encryptedKey = ENCRYPTED_KEYS.find((k) => k in metadata);
  const encrypted = encryptedKey ? metadata[encryptedKey] : undefined;
  if (encryptedKey && encrypted !== '0' && encrypted !== '1') issue(encryptedKey, 'must be "0" or "1"');
  for (const key of CMK_KEYS.filter((k) => k in metadata)) {
    if (Buffer.byteLength(metadata[key] ?? '') !== CMK_ID_BYTES)
      issue(key, 'CMK id must be exactly 36 bytes');
    if (encrypted !== '1') issue(key, `CMK id needs ${ENCRYPTED_KEYS[0]}="1"`);
  }
  const passthrough = metadata['hw:passthrough'];
  if (passthrough !== undefined && passthrough !== 'true' && passthrough !== 'false') {
    issue('hw:passthrough', 'must be "true" or "false"');
  }
  const fullClone = metadata['full_clone'];
  if (fullClone !== undefined && (fullClone !== '0' || !source.snapshot)) {
    issue('full_clone', 'only "0" (linked clone), and only with snapshot_id');
  }
  if (source.snapshot || source.image) {
    for (const key of [...ENCRYPTED_KEYS, ...CMK_KEYS, 'hw:passthrough'].filter((k) => k in metadata)) {
      issue(key, 'not allowed when creating from a snapshot or an image (EVS.1043)');
    }
  }
}

/** At most one data source (EVS.1016). */
export function checkSingleSource(
  args: Record<string, unknown>,
  keys: readonly string[],
  ctx: z.RefinementCtx,
): void {
  const given = keys.filter((k) => args[k] !== undefined);
  if (given.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: [given[1] ?? keys[0] ?? ''],
      message: `use only one of ${keys.join(', ')}`,
    });
  }
}

/** Drops undefined entries, so request bodies and queries carry only what was given. */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
