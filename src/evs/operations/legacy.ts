// Deprecated disk APIs (6.1.3, 6.1.4, 6.1.6, 6.1.7, 7.2.5-7.2.8, 8.2.1.1), kept for completeness in the legacy toolset.
import { z } from 'zod';
import { defineOperation, type OperationSpec, type ToolHints } from '../operation.js';
import { readDisk, readQuota, readSnapshotsOf } from './reads.js';
import { bytes, diskId, resourceId } from '../schemas/common.js';
import { baseListFilters, defined, diskDescription, diskName, serverId } from '../schemas/disk.js';
import {
  jobId,
  shapeVolumeList,
  volumeDetail,
  volumeDetailSchema,
  volumeDetailText,
  volumeListSchema,
  volumeListText,
  volumeOf,
} from '../shapes/volume.js';
import { newSize } from './disk-actions.js';
import { getJob } from './jobs.js';

const READ: ToolHints = { readOnly: true, destructive: false, idempotent: true, openWorld: true };
const ACTION_PATH = '/v2/{project_id}/volumes/{volume_id}/action';
const volumeArg = z.strictObject({ volume_id: diskId });

const jobOutput = (what: string) => ({
  schema: z.object({ job_id: z.string().min(1), volume_id: z.string() }),
  shape: (body: unknown, args: Record<string, unknown>) => ({
    job_id: jobId(body),
    volume_id: String(args.volume_id),
  }),
  text: (s: Record<string, unknown>) =>
    `Job ${String(s.job_id)} started: ${what} disk ${String(s.volume_id)}.`,
});

/** The os-* status flips return nothing; say what was sent. */
const statusFlipOutput = (what: string) => ({
  schema: z.object({ ok: z.boolean(), volume_id: z.string() }),
  shape: (_body: unknown, args: Record<string, unknown>) => ({ ok: true, volume_id: String(args.volume_id) }),
  text: (s: Record<string, unknown>) => `${what} disk ${String(s.volume_id)} (status only).`,
});

const legacyDeleteDisk = defineOperation({
  tool: 'legacy_delete_disk',
  section: '6.1.3',
  title: 'Delete a disk (deprecated)',
  description: 'Deprecated: use delete_disk.',
  method: 'DELETE',
  path: '/v2/{project_id}/cloudvolumes/{volume_id}',
  successStatus: [200],
  toolset: 'legacy',
  deprecated: { replacedBy: 'delete_disk' },
  iamActions: ['evs:volumes:delete'],
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  input: volumeArg,
  request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
  output: jobOutput('deleting'),
  async: { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } },
  guard: {
    reads: [readDisk(), readSnapshotsOf()],
    preflight: ['disk-deletable'],
    plan: {
      summary: 'Permanently delete {disk}.',
      facts: [{ kind: 'snapshots' }],
      lost: ['the data on it is lost for good'],
    },
  },
});

const legacyUpdateInput = z
  .strictObject({ volume_id: diskId, name: diskName.optional(), description: diskDescription.optional() })
  .superRefine((a, ctx) => {
    if (a.name === undefined && a.description === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give name or description' });
    }
  });

const legacyUpdateDisk = defineOperation({
  tool: 'legacy_update_disk',
  section: '6.1.4',
  title: 'Update a disk (deprecated)',
  description: 'Deprecated: use update_disk.',
  method: 'PUT',
  path: '/v2/{project_id}/cloudvolumes/{volume_id}',
  successStatus: [200],
  toolset: 'legacy',
  deprecated: { replacedBy: 'update_disk' },
  iamActions: ['evs:volumes:update'],
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  input: legacyUpdateInput,
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: { volume: defined({ name: a.name, description: a.description }) },
  }),
  // 6.1.4 returns the disk fields at the top level, not inside `volume`.
  output: { schema: volumeDetailSchema, shape: (body) => volumeDetail(body), text: volumeDetailText },
});

const legacyListDisks = defineOperation({
  tool: 'legacy_list_disks',
  section: '6.1.6',
  title: 'List disks (deprecated)',
  description: 'Deprecated: use list_disks.',
  method: 'GET',
  path: '/v2/{project_id}/cloudvolumes',
  // 6.1.6 lost its status code in the reference; 200 like its siblings.
  successStatus: [200],
  toolset: 'legacy',
  deprecated: { replacedBy: 'list_disks' },
  iamActions: ['evs:volumes:list'],
  hints: READ,
  input: z.strictObject(baseListFilters),
  request: (a) => ({
    query: defined({
      limit: a.limit,
      marker: a.marker,
      sort_key: a.sort_key,
      sort_dir: a.sort_dir,
      status: a.status,
      name: a.name,
      availability_zone: a.availability_zone,
    }),
  }),
  output: { schema: volumeListSchema, shape: shapeVolumeList, text: volumeListText },
  pagination: { itemsKey: 'volumes', style: 'marker' },
});

const legacyExtendDisk = defineOperation({
  tool: 'legacy_extend_disk',
  section: '6.1.7',
  title: 'Expand a disk (deprecated)',
  description: 'Deprecated: use extend_disk.',
  method: 'POST',
  path: '/v2/{project_id}/cloudvolumes/{volume_id}/action',
  action: 'os-extend',
  successStatus: [200],
  toolset: 'legacy',
  deprecated: { replacedBy: 'extend_disk' },
  iamActions: ['evs:volumes:extend'],
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  input: z.strictObject({ volume_id: diskId, new_size: newSize }),
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: { 'os-extend': { new_size: a.new_size } },
  }),
  output: jobOutput('expanding'),
  async: { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } },
  guard: { reads: [readDisk(), readQuota()], preflight: ['disk-extendable', 'size-grows', 'quota-extend'] },
});

// 7.2.5-7.2.8 only flip the recorded status; real attach and detach go through the ECS API.
const legacyAttachDisk = defineOperation({
  tool: 'legacy_attach_disk',
  section: '7.2.5',
  title: 'Mark a disk attached (deprecated)',
  description: 'Deprecated: only sets status in-use, attaches nothing. Attach disks with the ECS attach API.',
  method: 'POST',
  path: ACTION_PATH,
  action: 'os-attach',
  successStatus: [202],
  toolset: 'legacy',
  deprecated: { replacedBy: 'ECS attach volume API' },
  iamActions: ['evs:volumes:attach', 'evs:volumes:get'],
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  input: z.strictObject({
    volume_id: diskId,
    instance_uuid: serverId,
    mountpoint: z.string().min(1).max(255).describe('device, e.g. /dev/vdc'),
    host_name: bytes(255).optional(),
    mode: z.enum(['rw', 'ro']).optional(),
  }),
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: {
      'os-attach': defined({
        instance_uuid: a.instance_uuid,
        mountpoint: a.mountpoint,
        host_name: a.host_name,
        mode: a.mode,
      }),
    },
  }),
  output: statusFlipOutput('Marked attached:'),
  guard: {
    reads: [readDisk()],
    plan: {
      summary: 'Mark {disk} in-use, attached to server {instance_uuid} as {mountpoint}, in EVS records only.',
      lost: ['nothing is attached, but EVS then treats the disk as in use by that server'],
    },
  },
});

const legacyDetachDisk = defineOperation({
  tool: 'legacy_detach_disk',
  section: '7.2.6',
  title: 'Mark a disk detached (deprecated)',
  description:
    'Deprecated: only sets status available, detaches nothing. Detach disks with the ECS detach API.',
  method: 'POST',
  path: ACTION_PATH,
  action: 'os-detach',
  successStatus: [202],
  toolset: 'legacy',
  deprecated: { replacedBy: 'ECS detach volume API' },
  iamActions: ['evs:volumes:detach', 'evs:volumes:get'],
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  input: z.strictObject({ volume_id: diskId, attachment_id: resourceId('attachment').optional() }),
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: { 'os-detach': defined({ attachment_id: a.attachment_id }) },
  }),
  output: statusFlipOutput('Marked detached:'),
  guard: {
    reads: [readDisk()],
    plan: {
      summary: 'Mark {disk} available (detached) in EVS records only.',
      lost: ['a server still using it keeps writing while EVS shows it free to delete or attach elsewhere'],
    },
  },
});

const legacyReserveDisk = defineOperation({
  tool: 'legacy_reserve_disk',
  section: '7.2.7',
  title: 'Reserve a disk (deprecated)',
  description: 'Deprecated compatibility call, not meant to be used; attach disks with the ECS API.',
  method: 'POST',
  path: ACTION_PATH,
  action: 'os-reserve',
  successStatus: [202],
  toolset: 'legacy',
  deprecated: { replacedBy: 'ECS attach volume API' },
  iamActions: ['evs:volumes:attach'],
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  input: volumeArg,
  request: (a) => ({ pathParams: { volume_id: a.volume_id }, body: { 'os-reserve': {} } }),
  output: statusFlipOutput('Reserved'),
});

const legacyUnreserveDisk = defineOperation({
  tool: 'legacy_unreserve_disk',
  section: '7.2.8',
  title: 'Cancel a disk reservation (deprecated)',
  description: 'Deprecated compatibility call, not meant to be used; attach disks with the ECS API.',
  method: 'POST',
  path: ACTION_PATH,
  action: 'os-unreserve',
  successStatus: [202],
  toolset: 'legacy',
  deprecated: { replacedBy: 'ECS attach volume API' },
  iamActions: ['evs:volumes:attach'],
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  input: volumeArg,
  request: (a) => ({ pathParams: { volume_id: a.volume_id }, body: { 'os-unreserve': {} } }),
  output: statusFlipOutput('Unreserved'),
});

const legacyGetDiskV1 = defineOperation({
  tool: 'legacy_get_disk_v1',
  section: '8.2.1.1',
  title: 'Get disk details, Cinder v1 (deprecated)',
  description: 'Deprecated: use get_disk.',
  method: 'GET',
  path: '/v1/{project_id}/volumes/{volume_id}',
  successStatus: [200],
  toolset: 'legacy',
  deprecated: { replacedBy: 'get_disk' },
  // 8.2.1.1 has no row in the permission tables.
  // In no permission table; what its v2 twin (7.1.6) needs, the stricter reading.
  iamActions: ['evs:volumes:get'],
  hints: READ,
  input: volumeArg,
  request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
  output: {
    schema: volumeDetailSchema,
    shape: (body) => volumeDetail(volumeOf(body)),
    text: volumeDetailText,
  },
});

export const legacyOperations: OperationSpec[] = [
  legacyDeleteDisk,
  legacyUpdateDisk,
  legacyListDisks,
  legacyExtendDisk,
  legacyAttachDisk,
  legacyDetachDisk,
  legacyReserveDisk,
  legacyUnreserveDisk,
  legacyGetDiskV1,
];
