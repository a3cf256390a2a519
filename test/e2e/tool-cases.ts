// One case per MCP tool: arguments that succeed against the sandbox, arguments the input schema
// rejects before anything is sent, and what the successful structured result must say.
import { expect } from 'vitest';

/** Fresh disks made for the cases, one per job so no case depends on another's side effects. */
export const DISK_ROLES = [
  'general',
  'meta',
  'extend',
  'cinderExtend',
  'legacyExtend',
  'export',
  'del',
  'legacyDelete',
  'snap',
  'rollback',
  'transferAccept',
  'transferDelete',
  'transferKeep',
  'transferCreate',
  'attach',
  'detach',
  'reserve',
  'unreserve',
  'retype',
  'qos',
  'batch',
  'batchDelete',
  'batchSnap',
] as const;
export type DiskRole = (typeof DISK_ROLES)[number];

export interface ToolCaseCtx {
  zone: string;
  /** A disk type id from list_disk_types. */
  typeId: string;
  /** The batch job that created the disks. */
  jobId: string;
  /** Every disk: 10 GB SSD (qos: GPSSD2 at 3000 IOPS, 125 MiB/s), available, metadata e2e=seed and gone=soon (detach: attached; unreserve: attaching). */
  disks: Record<DiskRole, string>;
  /** Snapshots with metadata e2e=seed and gone=soon: three of disks.snap, one of disks.rollback. */
  snapshots: { del: string; meta: string; rollback: string; cloudDel: string };
  /** Pending transfers of disks.transferAccept (with its auth_key), transferDelete and transferKeep. */
  transfers: { accept: { id: string; authKey: string }; del: string; keep: string };
  /** The server disks.detach is marked attached to. */
  serverId: string;
  /** Demo disks deleted into the recycle bin (switched on): one to restore, one to delete for good. */
  binned: { restore: string; del: string };
}

export type Args = Record<string, unknown>;

export interface ToolCase {
  ok: (ctx: ToolCaseCtx) => Args | Promise<Args>;
  /** Must fail input validation, so nothing reaches the API. */
  bad: Args | ((ctx: ToolCaseCtx) => Args);
  /** Part of the validation message that shows `bad` failed for the intended reason. */
  rejects: string;
  check?: (structured: Record<string, unknown>, ctx: ToolCaseCtx) => void;
  /** Which server makes the call: the main project (default) or its peer (project index 1). */
  as?: 'peer';
}

type S = Record<string, unknown>;
const list = (s: S, key: string) => s[key] as S[];
const ids = (s: S, key: string) => list(s, key).map((x) => x.id);
/** A string of `n` UTF-8 bytes in n/2 characters: the byte limit, not the character count, is what matters. */
const twoByteChars = (bytes: number) => 'é'.repeat(bytes / 2);
const settled = (s: S, status?: string) =>
  expect(s.wait).toMatchObject({ settled: true, succeeded: true, ...(status ? { status } : {}) });
const NOT_A_UUID = 'not-a-uuid';

export const TOOL_CASES: Record<string, ToolCase> = {
  // Catalog (5.x, 7.1.7-7.1.9, 7.1.16, 7.1.17)
  list_api_versions: {
    ok: () => ({}),
    bad: { version: 'v2' },
    rejects: 'Unrecognized key: "version"',
    check: (s) =>
      expect(list(s, 'versions').map((v) => v.id)).toEqual(expect.arrayContaining(['v1.0', 'v2.0'])),
  },
  get_api_version: {
    ok: () => ({ api_version: 'v2' }),
    bad: { api_version: 'v3' },
    rejects: 'Invalid option: expected one of "v1"|"v2" at api_version',
    check: (s) => expect(list(s, 'versions')[0]).toMatchObject({ id: 'v2.0', status: 'SUPPORTED' }),
  },
  list_disk_types: {
    ok: () => ({}),
    bad: { limit: 5 },
    rejects: 'Unrecognized key: "limit"',
    check: (s) => expect(list(s, 'types').map((t) => t.name)).toEqual(expect.arrayContaining(['SSD', 'SAS'])),
  },
  get_disk_type: {
    ok: (c) => ({ type_id: c.typeId }),
    bad: {},
    rejects: 'Invalid input: expected string, received undefined at type_id',
    check: (s, c) => expect(s.id).toBe(c.typeId),
  },
  get_quotas: {
    ok: () => ({}),
    bad: { target_project_id: '../other' },
    rejects: 'project id: letters, digits, - and _ only at target_project_id',
    check: (s) => expect((s.quotas as S).volumes).toMatchObject({ limit: 50 }),
  },
  get_quota_headroom: {
    ok: () => ({}),
    bad: { target_project_id: 'other' },
    rejects: 'Unrecognized key: "target_project_id"',
    check: (s) => expect((s.totals as S).snapshots).toMatchObject({ limit: 10 }),
  },
  list_extensions: {
    ok: () => ({}),
    bad: { alias: 'os-extend' },
    rejects: 'Unrecognized key: "alias"',
    check: (s) => expect(list(s, 'extensions').length).toBeGreaterThan(0),
  },
  list_availability_zones: {
    ok: () => ({}),
    bad: { zone: 'sandbox-1a' },
    rejects: 'Unrecognized key: "zone"',
    check: (s, c) => expect(list(s, 'zones')).toContainEqual({ name: c.zone, available: true }),
  },

  // Disks, custom API (6.1.1, 6.1.2, 6.1.5)
  create_disks: {
    ok: (c) => ({ availability_zone: c.zone, volume_type: 'SSD', size: 10, name: 'e2e-created', wait: true }),
    bad: (c) => ({ availability_zone: c.zone, volume_type: 'SSD', size: 10.5 }),
    rejects: 'Invalid input: expected int, received number at size',
    check: (s) => {
      expect(s).toMatchObject({ job_id: expect.any(String), count: 1, charging_mode: 'postPaid' });
      settled(s, 'SUCCESS');
      // wait=true answers with the new disk's id, read from the finished job (8.1.1 entities).
      expect((s.wait as S).volume_ids).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    },
  },
  legacy_create_disks: {
    ok: (c) => ({ availability_zone: c.zone, volume_type: 'SSD', size: 10, name: 'e2e-legacy', wait: true }),
    bad: (c) => ({ availability_zone: c.zone, volume_type: 'SSD', size: 10.5 }),
    rejects: 'Invalid input: expected int, received number at size',
    check: (s) => {
      expect(s).toMatchObject({ job_id: expect.any(String), count: 1 });
      settled(s, 'SUCCESS');
      expect((s.wait as S).volume_ids).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    },
  },
  list_disks: {
    ok: () => ({ limit: 1000, status: 'available' }),
    bad: { limit: 1001 },
    rejects: 'Too big: expected number to be <=1000 at limit',
    check: (s, c) => expect(ids(s, 'volumes')).toContain(c.disks.general),
  },
  legacy_get_vendor_disk: {
    ok: (c) => ({ volume_id: c.disks.general }),
    bad: {},
    rejects: 'Invalid input: expected string, received undefined at volume_id',
    check: (s, c) => expect(s).toMatchObject({ id: c.disks.general, size: 10, volume_type: 'SSD' }),
  },

  // Disks, Cinder API (7.1.1-7.1.6)
  cinder_create_disk: {
    ok: (c) => ({ availability_zone: c.zone, size: 10, volume_type: 'SAS', name: 'e2e-cinder', wait: true }),
    bad: (c) => ({ availability_zone: c.zone, size: 0 }),
    rejects: 'Too small: expected number to be >=1 at size',
    check: (s) => {
      expect(s).toMatchObject({ id: expect.any(String), size: 10 });
      settled(s, 'available');
    },
  },
  cinder_delete_disk: {
    ok: (c) => ({ volume_id: c.disks.del, wait: true }),
    bad: (c) => ({ volume_id: c.disks.del, cascade: 'yes' }),
    rejects: 'Invalid input: expected boolean, received string at cascade',
    check: (s, c) => {
      expect(s).toMatchObject({ ok: true, volume_id: c.disks.del, cascade: false });
      settled(s);
    },
  },
  cinder_update_disk: {
    ok: (c) => ({ volume_id: c.disks.general, name: 'e2e-renamed', description: 'renamed by the e2e test' }),
    // 128 characters but 256 bytes.
    bad: (c) => ({ volume_id: c.disks.general, name: twoByteChars(256) }),
    rejects: 'must be at most 255 bytes (UTF-8) at name',
    check: (s, c) => expect(s).toMatchObject({ id: c.disks.general, name: 'e2e-renamed' }),
  },
  cinder_list_disks: {
    ok: () => ({ limit: 1000 }),
    bad: { sort_key: 'name' },
    rejects: 'Invalid option: expected one of "id"|"status"|"size"|"created_at" at sort_key',
    check: (s, c) => expect(ids(s, 'volumes')).toContain(c.disks.meta),
  },
  cinder_list_disks_detail: {
    ok: () => ({ status: 'available', limit: 1000 }),
    bad: { marker: NOT_A_UUID },
    rejects: 'Too small: expected string to have exactly 36 characters at marker',
    check: (s, c) => expect(ids(s, 'volumes')).toContain(c.disks.meta),
  },
  cinder_get_disk: {
    ok: (c) => ({ volume_id: c.disks.meta }),
    bad: { volume_id: 'a/../b' },
    rejects: 'disk id: letters, digits, - and _ only at volume_id',
    check: (s, c) => expect(s).toMatchObject({ id: c.disks.meta, metadata: { e2e: 'seed' } }),
  },

  // Disk actions (7.2.1-7.2.4)
  extend_disk: {
    ok: (c) => ({ volume_id: c.disks.extend, new_size: 20, bssParam: { isAutoPay: 'false' }, wait: true }),
    bad: (c) => ({ volume_id: c.disks.extend, new_size: 20, bssParam: { isAutoPay: true } }),
    rejects: 'expected one of "true"|"false" at bssParam.isAutoPay',
    check: (s, c) => {
      // A pay-per-use disk: ResizeVolume answers with a job, no order.
      expect(s).toMatchObject({ job_id: expect.any(String), volume_id: c.disks.extend, new_size: 20 });
      expect(s.order_id).toBeUndefined();
      settled(s, 'SUCCESS');
    },
  },
  cinder_extend_disk: {
    ok: (c) => ({ volume_id: c.disks.cinderExtend, new_size: 20, wait: true }),
    bad: (c) => ({ volume_id: c.disks.cinderExtend, new_size: 10.5 }),
    rejects: 'Invalid input: expected int, received number at new_size',
    check: (s, c) => {
      expect(s).toMatchObject({ ok: true, volume_id: c.disks.cinderExtend, new_size: 20 });
      settled(s, 'available');
    },
  },
  set_disk_bootable: {
    ok: (c) => ({ volume_id: c.disks.general, bootable: true }),
    bad: (c) => ({ volume_id: c.disks.general, bootable: 'true' }),
    rejects: 'Invalid input: expected boolean, received string at bootable',
    check: (s, c) => expect(s).toMatchObject({ ok: true, volume_id: c.disks.general, bootable: true }),
  },
  set_disk_readonly: {
    ok: (c) => ({ volume_id: c.disks.general, readonly: true }),
    bad: (c) => ({ volume_id: c.disks.general }),
    rejects: 'Invalid input: expected boolean, received undefined at readonly',
    check: (s, c) => expect(s).toMatchObject({ ok: true, volume_id: c.disks.general, readonly: true }),
  },
  export_disk_to_image: {
    ok: (c) => ({ volume_id: c.disks.export, image_name: 'e2e image', wait: true }),
    bad: (c) => ({ volume_id: c.disks.export, image_name: 'e2e-image', disk_format: 'vmdk' }),
    rejects: 'Invalid option: expected one of "vhd"|"zvhd"|"zvhd2"|"raw"|"qcow2" at disk_format',
    check: (s, c) => {
      expect(s).toMatchObject({ ok: true, volume_id: c.disks.export, image_name: 'e2e image' });
      expect(typeof s.image_id).toBe('string');
      settled(s, 'available');
    },
  },

  // Disk metadata (7.1.10-7.1.15)
  add_disk_metadata: {
    ok: (c) => ({ volume_id: c.disks.meta, metadata: { added: 'yes' } }),
    bad: (c) => ({ volume_id: c.disks.meta, metadata: {} }),
    rejects: 'at least one key at metadata',
    check: (s) => expect(s.metadata).toMatchObject({ added: 'yes' }),
  },
  get_disk_metadata: {
    ok: (c) => ({ volume_id: c.disks.meta }),
    bad: (c) => ({ volume_id: c.disks.meta, key: 'e2e' }),
    rejects: 'Unrecognized key: "key"',
    check: (s) => expect(s.metadata).toMatchObject({ e2e: 'seed' }),
  },
  replace_disk_metadata: {
    // Keeps the keys the other cases read or delete, whatever the order.
    ok: (c) => ({ volume_id: c.disks.meta, metadata: { e2e: 'seed', gone: 'soon', replaced: 'yes' } }),
    bad: (c) => ({ volume_id: c.disks.meta, metadata: { e2e: 'v'.repeat(256) } }),
    rejects: 'Too big: expected string to have <=255 characters at metadata.e2e',
    check: (s) => expect(s.metadata).toEqual({ e2e: 'seed', gone: 'soon', replaced: 'yes' }),
  },
  get_disk_metadata_key: {
    ok: (c) => ({ volume_id: c.disks.meta, key: 'e2e' }),
    bad: (c) => ({ volume_id: c.disks.meta, key: '' }),
    rejects: 'Too small: expected string to have >=1 characters at key',
    check: (s) => expect(s).toMatchObject({ key: 'e2e', value: 'seed' }),
  },
  set_disk_metadata_key: {
    ok: (c) => ({ volume_id: c.disks.meta, key: 'set', value: 'yes' }),
    bad: (c) => ({ volume_id: c.disks.meta, key: 'set' }),
    rejects: 'Invalid input: expected string, received undefined at value',
    check: (s) => expect(s).toMatchObject({ key: 'set', value: 'yes' }),
  },
  delete_disk_metadata_key: {
    ok: (c) => ({ volume_id: c.disks.meta, key: 'gone' }),
    bad: (c) => ({ volume_id: c.disks.meta, key: 'k'.repeat(256) }),
    rejects: 'Too big: expected string to have <=255 characters at key',
    check: (s, c) => expect(s).toMatchObject({ volume_id: c.disks.meta, deleted_key: 'gone' }),
  },

  // Snapshots (6.2.1, 7.3.1-7.3.6)
  legacy_rollback_vendor_snapshot: {
    ok: (c) => ({ snapshot_id: c.snapshots.rollback, volume_id: c.disks.rollback, wait: true }),
    bad: (c) => ({ snapshot_id: c.snapshots.rollback }),
    rejects: 'Invalid input: expected string, received undefined at volume_id',
    check: (s, c) => {
      expect(s).toMatchObject({ volume_id: c.disks.rollback, snapshot_id: c.snapshots.rollback });
      settled(s, 'available');
    },
  },
  cinder_create_snapshot: {
    ok: (c) => ({ volume_id: c.disks.snap, name: 'e2e-created', wait: true }),
    bad: (c) => ({ volume_id: c.disks.snap, force: 'yes' }),
    rejects: 'Invalid input: expected boolean, received string at force',
    check: (s, c) => {
      expect(s).toMatchObject({ volume_id: c.disks.snap, name: 'e2e-created', system_managed: false });
      settled(s, 'available');
    },
  },
  cinder_delete_snapshot: {
    ok: (c) => ({ snapshot_id: c.snapshots.del, wait: true }),
    bad: { snapshot_id: 'x'.repeat(65) },
    rejects: 'Too big: expected string to have <=64 characters at snapshot_id',
    check: (s, c) => {
      expect(s).toMatchObject({ snapshot_id: c.snapshots.del, deleting: true });
      settled(s);
    },
  },
  cinder_update_snapshot: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta, description: 'described by the e2e test' }),
    bad: (c) => ({ snapshot_id: c.snapshots.meta }),
    rejects: 'set name and/or description',
    check: (s, c) =>
      expect(s).toMatchObject({ id: c.snapshots.meta, description: 'described by the e2e test' }),
  },
  cinder_list_snapshots: {
    ok: (c) => ({ volume_id: c.disks.snap }),
    bad: { limit: 0 },
    rejects: 'Too small: expected number to be >=1 at limit',
    check: (s, c) => expect(ids(s, 'snapshots')).toContain(c.snapshots.meta),
  },
  cinder_list_snapshots_detail: {
    ok: (c) => ({ status: 'available', availability_zone: c.zone }),
    bad: { status: 'in-use' },
    rejects: '"backing-up" at status',
    check: (s, c) => expect(ids(s, 'snapshots')).toContain(c.snapshots.meta),
  },
  cinder_get_snapshot: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta }),
    bad: {},
    rejects: 'Invalid input: expected string, received undefined at snapshot_id',
    check: (s, c) => expect(s).toMatchObject({ id: c.snapshots.meta, volume_id: c.disks.snap }),
  },

  // Snapshot metadata (7.3.7-7.3.12)
  add_snapshot_metadata: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta, metadata: { added: 'yes' } }),
    bad: (c) => ({ snapshot_id: c.snapshots.meta, metadata: { '': 'empty key' } }),
    rejects: 'Invalid key in record at metadata',
    check: (s) => expect(s.metadata).toMatchObject({ added: 'yes' }),
  },
  get_snapshot_metadata: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta }),
    bad: (c) => ({ snapshot_id: c.snapshots.meta, all_pages: true }),
    rejects: 'Unrecognized key: "all_pages"',
    check: (s) => expect(s.metadata).toMatchObject({ e2e: 'seed' }),
  },
  set_snapshot_metadata_key: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta, key: 'set', value: 'yes' }),
    bad: (c) => ({ snapshot_id: c.snapshots.meta, key: twoByteChars(256), value: 'yes' }),
    rejects: 'must be at most 255 bytes (UTF-8) at key',
    check: (s) => expect(s).toMatchObject({ key: 'set', value: 'yes' }),
  },
  replace_snapshot_metadata: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta, metadata: { e2e: 'seed', gone: 'soon', replaced: 'yes' } }),
    bad: (c) => ({ snapshot_id: c.snapshots.meta, metadata: 'e2e=seed' }),
    rejects: 'Invalid input: expected record, received string at metadata',
    check: (s) => expect(s.metadata).toEqual({ e2e: 'seed', gone: 'soon', replaced: 'yes' }),
  },
  get_snapshot_metadata_key: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta, key: 'e2e' }),
    bad: (c) => ({ snapshot_id: c.snapshots.meta }),
    rejects: 'Invalid input: expected string, received undefined at key',
    check: (s) => expect(s).toMatchObject({ key: 'e2e', value: 'seed' }),
  },
  delete_snapshot_metadata_key: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta, key: 'gone' }),
    bad: { snapshot_id: 'not an id!', key: 'gone' },
    rejects: 'snapshot id: letters, digits, - and _ only at snapshot_id',
    check: (s, c) => expect(s).toMatchObject({ snapshot_id: c.snapshots.meta, deleted_key: 'gone' }),
  },

  // Tags (6.3.1-6.3.5)
  list_project_tags: {
    ok: () => ({}),
    bad: { key: 'e2e' },
    rejects: 'Unrecognized key: "key"',
    check: (s) => expect((s.tags as Record<string, string[]>).e2e).toContain('seed'),
  },
  add_disk_tags: {
    ok: (c) => ({ volume_id: c.disks.general, tags: { added: 'yes' } }),
    bad: (c) => ({ volume_id: c.disks.general, tags: { ['k'.repeat(37)]: 'v' } }),
    rejects: 'Invalid key in record at tags',
    check: (s, c) => expect(s).toMatchObject({ volume_id: c.disks.general, added: ['added'] }),
  },
  delete_disk_tags: {
    ok: (c) => ({ volume_id: c.disks.general, keys: ['gone'] }),
    bad: (c) => ({ volume_id: c.disks.general, keys: ['gone', 'gone'] }),
    rejects: 'duplicate key gone at keys[1]',
    check: (s, c) => expect(s).toMatchObject({ volume_id: c.disks.general, deleted: ['gone'] }),
  },
  get_disk_tags: {
    ok: (c) => ({ volume_id: c.disks.general }),
    bad: { volume_id: '' },
    rejects: 'Too small: expected string to have >=1 characters at volume_id',
    check: (s) => expect(s.tags).toMatchObject({ e2e: 'seed' }),
  },
  find_disks_by_tags: {
    ok: () => ({ tags: { e2e: ['seed'] }, limit: 100 }),
    bad: { tags: { e2e: [] }, limit: 1001 },
    rejects: 'Too big: expected number to be <=1000 at limit',
    check: (s, c) => expect(ids(s, 'disks')).toContain(c.disks.general),
  },

  // Transfers (7.4.1-7.4.6)
  create_transfer: {
    ok: (c) => ({ volume_id: c.disks.transferCreate, name: 'e2e-created' }),
    bad: (c) => ({ volume_id: c.disks.transferCreate, name: '' }),
    rejects: 'Too small: expected string to have >=1 characters at name',
    check: (s, c) => {
      expect(s).toMatchObject({ volume_id: c.disks.transferCreate, name: 'e2e-created' });
      // The secret never reaches the result: only where it was saved.
      expect(String(s.auth_key)).toMatch(/^\[withheld: saved for the person at /);
    },
  },
  accept_transfer: {
    as: 'peer',
    ok: (c) => ({ transfer_id: c.transfers.accept.id, auth_key: c.transfers.accept.authKey }),
    bad: (c) => ({ transfer_id: c.transfers.accept.id }),
    rejects: 'Invalid input: expected string, received undefined at auth_key',
    check: (s, c) =>
      expect(s).toMatchObject({ id: c.transfers.accept.id, volume_id: c.disks.transferAccept }),
  },
  delete_transfer: {
    ok: (c) => ({ transfer_id: c.transfers.del }),
    bad: { transfer_id: '' },
    rejects: 'Too small: expected string to have >=1 characters at transfer_id',
    check: (s, c) => expect(s).toMatchObject({ transfer_id: c.transfers.del, deleted: true }),
  },
  get_transfer: {
    ok: (c) => ({ transfer_id: c.transfers.keep }),
    bad: (c) => ({ transfer_id: c.transfers.keep, auth_key: 'guess' }),
    rejects: 'Unrecognized key: "auth_key"',
    check: (s, c) =>
      expect(s).toMatchObject({ id: c.transfers.keep, name: 'e2e-keep', volume_id: c.disks.transferKeep }),
  },
  list_transfers: {
    ok: () => ({}),
    // 7.4.5 documents offset as greater than 0.
    bad: { offset: 0 },
    rejects: 'Too small: expected number to be >=1 at offset',
    check: (s, c) => expect(ids(s, 'transfers')).toContain(c.transfers.keep),
  },
  cinder_list_transfers_detail: {
    ok: () => ({ limit: 100 }),
    bad: { limit: 1001 },
    rejects: 'Too big: expected number to be <=1000 at limit',
    check: (s, c) => {
      const keep = list(s, 'transfers').find((t) => t.id === c.transfers.keep);
      expect(keep).toMatchObject({ name: 'e2e-keep', created_at: expect.any(String) });
    },
  },

  // Jobs (8.1.1)
  get_job: {
    ok: (c) => ({ job_id: c.jobId }),
    bad: { job_id: 'job/../other' },
    rejects: 'job id: letters, digits, - and _ only at job_id',
    check: (s, c) => {
      expect(s).toMatchObject({ job_id: c.jobId, job_type: 'batchCreateVolume', status: 'SUCCESS' });
      expect((s.sub_jobs as S).volume_ids).toEqual(Object.values(c.disks));
    },
  },

  // Legacy (6.1.3, 6.1.4, 6.1.6, 6.1.7, 7.2.5-7.2.8, 8.2.1.1)
  batch_delete_disks: {
    ok: (c) => ({ volume_ids: [c.disks.batchDelete], wait: true }),
    bad: { volume_ids: [] },
    rejects: 'Too small: expected array to have >=1 items at volume_ids',
    check: (s, c) => {
      expect(s).toMatchObject({ succeeded: 1, failed: 0 });
      expect(list(s, 'items')[0]).toMatchObject({ id: c.disks.batchDelete, ok: true });
      expect(list(s, 'items')[0]!.wait).toMatchObject({ settled: true, succeeded: true });
    },
  },
  batch_create_snapshots: {
    ok: (c) => ({ volume_ids: [c.disks.batchSnap], name: 'e2e-batch', wait: true }),
    bad: (c) => ({ volume_ids: [c.disks.batchSnap], force: true }),
    rejects: 'Unrecognized key: "force"',
    check: (s, c) => {
      expect(s).toMatchObject({ succeeded: 1, failed: 0 });
      expect(list(s, 'items')[0]).toMatchObject({ id: c.disks.batchSnap, ok: true });
      expect(list(s, 'items')[0]!.wait).toMatchObject({ settled: true, status: 'available' });
    },
  },

  delete_disk: {
    ok: (c) => ({ volume_id: c.disks.legacyDelete, wait: true }),
    bad: (c) => ({ volume_id: c.disks.legacyDelete, cascade: true }),
    rejects: 'Unrecognized key: "cascade"',
    check: (s, c) => {
      expect(s).toMatchObject({ job_id: expect.any(String), volume_id: c.disks.legacyDelete });
      settled(s, 'SUCCESS');
    },
  },
  update_disk: {
    ok: (c) => ({ volume_id: c.disks.meta, description: 'described through 6.1.4' }),
    bad: (c) => ({ volume_id: c.disks.meta }),
    rejects: 'give name or description',
    check: (s, c) => expect(s).toMatchObject({ id: c.disks.meta, description: 'described through 6.1.4' }),
  },
  legacy_list_disks: {
    ok: () => ({ limit: 1000, sort_key: 'created_at', sort_dir: 'desc' }),
    // 6.1.6 has no offset.
    bad: { offset: 1 },
    rejects: 'Unrecognized key: "offset"',
    check: (s, c) => expect(ids(s, 'volumes')).toContain(c.disks.meta),
  },
  legacy_extend_disk: {
    ok: (c) => ({ volume_id: c.disks.legacyExtend, new_size: 15, wait: true }),
    bad: (c) => ({ volume_id: c.disks.legacyExtend, new_size: 32769 }),
    rejects: 'Too big: expected number to be <=32768 at new_size',
    check: (s, c) => {
      expect(s).toMatchObject({ job_id: expect.any(String), volume_id: c.disks.legacyExtend });
      settled(s, 'SUCCESS');
    },
  },
  legacy_attach_disk: {
    ok: (c) => ({ volume_id: c.disks.attach, instance_uuid: c.serverId, mountpoint: '/dev/vdd', mode: 'ro' }),
    bad: (c) => ({
      volume_id: c.disks.attach,
      instance_uuid: c.serverId,
      mountpoint: '/dev/vdd',
      mode: 'rx',
    }),
    rejects: 'Invalid option: expected one of "rw"|"ro" at mode',
    check: (s, c) => expect(s).toMatchObject({ ok: true, volume_id: c.disks.attach }),
  },
  legacy_detach_disk: {
    ok: (c) => ({ volume_id: c.disks.detach }),
    bad: (c) => ({ volume_id: c.disks.detach, attachment_id: 'not an id' }),
    rejects: 'attachment id: letters, digits, - and _ only at attachment_id',
    check: (s, c) => expect(s).toMatchObject({ ok: true, volume_id: c.disks.detach }),
  },
  legacy_reserve_disk: {
    ok: (c) => ({ volume_id: c.disks.reserve }),
    bad: {},
    rejects: 'Invalid input: expected string, received undefined at volume_id',
    check: (s, c) => expect(s).toMatchObject({ ok: true, volume_id: c.disks.reserve }),
  },
  legacy_unreserve_disk: {
    ok: (c) => ({ volume_id: c.disks.unreserve }),
    bad: { volume_id: 123 },
    rejects: 'Invalid input: expected string, received number at volume_id',
    check: (s, c) => expect(s).toMatchObject({ ok: true, volume_id: c.disks.unreserve }),
  },
  legacy_get_disk_v1: {
    ok: (c) => ({ volume_id: c.disks.meta }),
    bad: (c) => ({ volume_id: c.disks.meta, detail: true }),
    rejects: 'Unrecognized key: "detail"',
    check: (s, c) => expect(s).toMatchObject({ id: c.disks.meta, size: 10 }),
  },

  // The current API (docs/current-api.md): disk changes, ShowVolume, unsubscription
  retype_disk: {
    ok: (c) => ({ volume_id: c.disks.retype, new_type: 'ESSD', wait: true }),
    bad: (c) => ({ volume_id: c.disks.retype, new_type: 'GPSSD2' }),
    rejects: 'GPSSD2 needs iops',
    check: (s, c) => {
      expect(s).toMatchObject({ volume_id: c.disks.retype, job_id: expect.any(String) });
      settled(s);
    },
  },
  modify_disk_qos: {
    ok: (c) => ({ volume_id: c.disks.qos, iops: 4000, throughput: 200, wait: true }),
    bad: (c) => ({ volume_id: c.disks.qos, iops: 50 }),
    rejects: 'Too small: expected number to be >=100 at iops',
    check: (s, c) => {
      expect(s).toMatchObject({ volume_id: c.disks.qos, job_id: expect.any(String) });
      settled(s);
    },
  },
  batch_extend_disks: {
    ok: (c) => ({ volumes: [{ id: c.disks.batch, new_size: 20 }], wait: true }),
    bad: { volumes: [] },
    rejects: 'Too small: expected array to have >=1 items at volumes',
    check: (s) => {
      expect(s).toMatchObject({ job_id: expect.any(String) });
      settled(s);
    },
  },
  get_disk: {
    ok: (c) => ({ volume_id: c.disks.qos }),
    bad: { volume_id: 'a/../b' },
    rejects: 'disk id: letters, digits, - and _ only at volume_id',
    check: (s, c) =>
      expect(s).toMatchObject({ id: c.disks.qos, volume_type: 'GPSSD2', iops: expect.any(Number) }),
  },
  unsubscribe_disks: {
    ok: (c) => ({ volume_ids: [c.disks.meta] }),
    bad: { volume_ids: [] },
    rejects: 'Too small: expected array to have >=1 items at volume_ids',
    // Not a boot disk (set_disk_bootable marks disks.general); the sandbox's disks are all pay-per-use, so FAIL.
    check: (s, c) =>
      expect(list(s, 'results')).toEqual([expect.objectContaining({ volume_id: c.disks.meta })]),
  },

  // The current API's snapshots (/cloudsnapshots)
  create_snapshot: {
    ok: (c) => ({ volume_id: c.disks.snap, name: 'e2e-cloud', wait: true }),
    bad: (c) => ({ volume_id: c.disks.snap, force: 'yes' }),
    rejects: 'Invalid input: expected boolean, received string at force',
    check: (s, c) => {
      expect(s).toMatchObject({ volume_id: c.disks.snap, name: 'e2e-cloud', system_managed: false });
      settled(s, 'available');
    },
  },
  list_snapshots: {
    ok: (c) => ({ volume_id: c.disks.snap }),
    bad: { marker: 'x' },
    rejects: 'Unrecognized key: "marker"',
    check: (s, c) => expect(ids(s, 'snapshots')).toContain(c.snapshots.meta),
  },
  get_snapshot: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta }),
    bad: { snapshot_id: 'x'.repeat(65) },
    rejects: 'Too big: expected string to have <=64 characters at snapshot_id',
    check: (s, c) => expect(s).toMatchObject({ id: c.snapshots.meta, volume_id: c.disks.snap }),
  },
  update_snapshot: {
    ok: (c) => ({ snapshot_id: c.snapshots.meta, name: 'e2e-cloud-renamed' }),
    bad: (c) => ({ snapshot_id: c.snapshots.meta }),
    rejects: 'set name and/or description',
    check: (s, c) => expect(s).toMatchObject({ id: c.snapshots.meta, name: 'e2e-cloud-renamed' }),
  },
  delete_snapshot: {
    ok: (c) => ({ snapshot_id: c.snapshots.cloudDel, wait: true }),
    bad: { snapshot_id: 'x'.repeat(65) },
    rejects: 'Too big: expected string to have <=64 characters at snapshot_id',
    check: (s, c) => {
      expect(s).toMatchObject({ snapshot_id: c.snapshots.cloudDel, deleting: true });
      settled(s);
    },
  },
  rollback_snapshot: {
    ok: (c) => ({ snapshot_id: c.snapshots.rollback, volume_id: c.disks.rollback, wait: true }),
    bad: (c) => ({ snapshot_id: c.snapshots.rollback }),
    rejects: 'Invalid input: expected string, received undefined at volume_id',
    check: (s, c) => {
      expect(s).toMatchObject({ volume_id: c.disks.rollback, snapshot_id: c.snapshots.rollback });
      settled(s, 'available');
    },
  },

  // The recycle bin
  get_recycle_bin_policy: {
    ok: () => ({}),
    bad: { switch: true },
    rejects: 'Unrecognized key: "switch"',
    check: (s) => expect(s).toMatchObject({ switch: true, threshold_time: 1 }),
  },
  set_recycle_bin_policy: {
    ok: () => ({ switch: true, keep_time: 7 }),
    bad: {},
    rejects: 'give switch, threshold_time or keep_time',
    check: (s) => expect(s).toEqual(expect.objectContaining({ ok: true })),
  },
  list_recycle_bin: {
    ok: () => ({}),
    bad: { service_type: 'X' },
    rejects: 'Invalid option: expected one of "EVS"|"DSS" at service_type',
    check: (s, c) => expect(ids(s, 'volumes')).toContain(c.binned.restore),
  },
  get_recycle_bin_disk: {
    ok: (c) => ({ volume_id: c.binned.restore }),
    bad: { volume_id: 'a/../b' },
    rejects: 'disk id: letters, digits, - and _ only at volume_id',
    check: (s, c) => expect(s).toMatchObject({ id: c.binned.restore, plan_delete_at: expect.any(String) }),
  },
  restore_recycle_bin_disk: {
    ok: (c) => ({ volume_id: c.binned.restore }),
    bad: { volume_id: 'a/../b' },
    rejects: 'disk id: letters, digits, - and _ only at volume_id',
    check: (s, c) => expect(s).toMatchObject({ ok: true, volume_id: c.binned.restore }),
  },
  delete_recycle_bin_disk: {
    ok: (c) => ({ volume_id: c.binned.del }),
    bad: { volume_id: 'a/../b' },
    rejects: 'disk id: letters, digits, - and _ only at volume_id',
    check: (s, c) => expect(s).toMatchObject({ ok: true, volume_id: c.binned.del }),
  },
};
