// Cinder disk actions (7.2.1-7.2.4): POST /volumes/{volume_id}/action with one `os-*` key in the body.
import { z } from 'zod';
import { defineOperation, type OperationSpec } from '../operation.js';
import { byDiskName, readDisk, readQuota } from './reads.js';
import { diskId, diskRef } from '../schemas/common.js';
import { defined, diskSize } from '../schemas/disk.js';
import { cinderGetDisk } from './disks-cinder.js';

const ACTION_PATH = '/v2/{project_id}/volumes/{volume_id}/action';

/** Result of the flag actions, which return no body: the flag as set. */
const flagOutput = (flag: 'bootable' | 'readonly') => ({
  schema: z.object({ ok: z.boolean(), volume_id: z.string(), [flag]: z.boolean() }),
  shape: (_body: unknown, args: Record<string, unknown>) => ({
    ok: true,
    volume_id: String(args.volume_id),
    [flag]: args[flag] === true,
  }),
  text: (s: Record<string, unknown>) => `Disk ${String(s.volume_id)} ${flag}=${String(s[flag])}.`,
});

/** Expanding a disk grows the block device only (7.2.1): the guest must grow its partition and filesystem. */
const GROW_FILESYSTEM =
  'Then grow the partition and filesystem inside the guest (e.g. growpart, then resize2fs or xfs_growfs).';

export const newSize = diskSize.describe('GB, larger than now; system disk max 1024');

const cinderExtendDisk = defineOperation({
  tool: 'cinder_extend_disk',
  section: '7.2.1',
  operation: {
    none: "OpenStack Cinder os-extend on /v2/{project_id}/volumes/{volume_id}/action (7.2.1); the SDK's ResizeVolume calls /v2.1/{project_id}/cloudvolumes/{volume_id}/action",
  },
  title: 'Expand a disk (Cinder)',
  description: 'Cinder twin of extend_disk (pay-per-use disks); prefer extend_disk.',
  method: 'POST',
  path: ACTION_PATH,
  action: 'os-extend',
  successStatus: [202],
  toolset: 'cinder',
  supersededBy: 'extend_disk',
  iamActions: ['evs:volumes:extend', 'evs:volumes:get'],
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  input: z.strictObject({ volume_id: diskRef, new_size: newSize }),
  names: [byDiskName()],
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: { 'os-extend': { new_size: a.new_size } },
  }),
  output: {
    schema: z.object({ ok: z.boolean(), volume_id: z.string(), new_size: z.number(), next: z.string() }),
    shape: (_body, args) => ({
      ok: true,
      volume_id: String(args.volume_id),
      new_size: Number(args.new_size),
      next: GROW_FILESYSTEM,
    }),
    text: (s) => `Expanding disk ${String(s.volume_id)} to ${String(s.new_size)} GB. ${GROW_FILESYSTEM}`,
  },
  async: {
    kind: 'status',
    resource: 'volume',
    poll: { spec: () => cinderGetDisk, arg: 'volume_id' },
    id: { from: 'args', key: 'volume_id' },
    transitional: ['extending'],
    failed: ['error_extending'],
  },
  guard: { reads: [readDisk(), readQuota()], preflight: ['disk-extendable', 'size-grows', 'quota-extend'] },
});

const setBootable = defineOperation({
  tool: 'set_disk_bootable',
  section: '7.2.2',
  operation: {
    none: 'OpenStack Cinder API of the 2022 reference (7.2.2); the current SDK generates no operation for POST /v2/{project_id}/volumes/{volume_id}/action (os-set_bootable)',
  },
  title: 'Set the bootable flag',
  description: 'Set or clear the bootable flag (a data disk still cannot be an ECS system disk).',
  method: 'POST',
  path: ACTION_PATH,
  action: 'os-set_bootable',
  successStatus: [200],
  toolset: 'disk_actions',
  iamActions: ['evs:volumes:update'],
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  input: z.strictObject({ volume_id: diskId, bootable: z.boolean() }),
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: { 'os-set_bootable': { bootable: a.bootable } },
  }),
  output: flagOutput('bootable'),
});

const setReadonly = defineOperation({
  tool: 'set_disk_readonly',
  section: '7.2.3',
  operation: {
    none: 'OpenStack Cinder API of the 2022 reference (7.2.3); the current SDK generates no operation for POST /v2/{project_id}/volumes/{volume_id}/action (os-update_readonly_flag)',
  },
  title: 'Set the read-only flag',
  description: 'Set or clear the read-only flag of a disk.',
  method: 'POST',
  path: ACTION_PATH,
  action: 'os-update_readonly_flag',
  successStatus: [202],
  toolset: 'disk_actions',
  iamActions: ['evs:volumes:update'],
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  input: z.strictObject({ volume_id: diskId, readonly: z.boolean() }),
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: { 'os-update_readonly_flag': { readonly: a.readonly } },
  }),
  output: flagOutput('readonly'),
});

/** 1-128 characters: letters, digits, `-`, `.`, `_` and spaces, no leading or trailing space (7.2.4). */
export const imageName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.-](?:[\w .-]*[\w.-])?$/);

const exportInput = z.strictObject({
  volume_id: diskId,
  image_name: imageName,
  disk_format: z.enum(['vhd', 'zvhd', 'zvhd2', 'raw', 'qcow2']).optional(),
  container_format: z.enum(['ami', 'ari', 'aki', 'ovf', 'bare']).optional(),
  __os_type: z.enum(['windows', 'linux']).optional(),
  force: z.boolean().optional().describe('export an in-use disk'),
});

const uploadResult = (body: unknown): Record<string, unknown> => {
  const r =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)['os-volume_upload_image']
      : undefined;
  return typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : {};
};

const exportDiskToImage = defineOperation({
  tool: 'export_disk_to_image',
  section: '7.2.4',
  operation: {
    none: 'OpenStack Cinder API of the 2022 reference (7.2.4); the current SDK generates no operation for POST /v2/{project_id}/volumes/{volume_id}/action (os-volume_upload_image)',
  },
  title: 'Export a disk as an image',
  description: 'Export disk data as a private IMS image (default zvhd2, bare, linux).',
  method: 'POST',
  path: ACTION_PATH,
  action: 'os-volume_upload_image',
  successStatus: [202],
  toolset: 'disk_actions',
  iamActions: ['evs:volumes:uploadImage'],
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  // Exporting an in-use disk (force) copies data a server is writing to: the person confirms (GR-30).
  guard: {
    confirm: { when: (a) => a.force === true, why: 'only force exports a disk a server is writing to' },
    reads: [readDisk()],
    plan: {
      summary: 'Export {disk} as image "{image_name}" while a server may be writing to it (force).',
      lost: ['the image may hold half-written data'],
    },
  },
  input: exportInput,
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: {
      'os-volume_upload_image': defined({
        image_name: a.image_name,
        force: a.force,
        container_format: a.container_format,
        disk_format: a.disk_format,
        __os_type: a.__os_type,
      }),
    },
  }),
  output: {
    schema: z.object({
      ok: z.boolean(),
      volume_id: z.string(),
      image_id: z.string().optional(),
      image_name: z.string().optional(),
      status: z.string().optional(),
    }),
    shape: (body, args) => {
      const r = uploadResult(body);
      const pick = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
      return defined({
        ok: true,
        volume_id: String(args.volume_id),
        image_id: pick('image_id'),
        image_name: pick('image_name') ?? String(args.image_name),
        status: pick('status'),
      });
    },
    text: (s) =>
      `Exporting disk ${String(s.volume_id)} to image ${String(s.image_name)}${s.image_id ? ` (${String(s.image_id)})` : ''}.`,
  },
  async: {
    kind: 'status',
    resource: 'volume',
    poll: { spec: () => cinderGetDisk, arg: 'volume_id' },
    id: { from: 'args', key: 'volume_id' },
    transitional: ['uploading'],
    failed: ['error'],
  },
});

export const diskActionOperations: OperationSpec[] = [
  cinderExtendDisk,
  setBootable,
  setReadonly,
  exportDiskToImage,
];
