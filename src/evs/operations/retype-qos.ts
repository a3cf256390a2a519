// The current API's disk changes: RetypeVolume, ModifyVolumeQoS, BatchResizeVolumes. Newer than the
// 2022 reference, so `section` carries the official operation name. Pre-flights (docs/current-api.md):
// the disk at rest, the new type higher and sold in the disk's AZ (7.1.7), its quota (7.1.9), QoS on
// GPSSD2/ESSD2 within range, every disk of a batch expandable with quota for the summed growth.
import { z } from 'zod';
import { defineOperation, type OperationSpec } from '../operation.js';
import { diskId } from '../schemas/common.js';
import { DISK_MAX_GB } from '../schemas/disk.js';
import { jobId } from '../shapes/volume.js';
import { getJob } from './jobs.js';
import { readDisk, readDisks, readQuota, readTypes } from './reads.js';

/** The disk types of the current API (SDK recycle_bin_volume.py); SATA is sold out and no retype target. */
export const RETYPE_TARGETS = ['SAS', 'GPSSD', 'SSD', 'ESSD', 'GPSSD2', 'ESSD2'] as const;

/** GPSSD2: 3,000-128,000 IOPS and at most 500 per GiB; ESSD2 up to 256,000 (product pages). */
const iops = z.number().int().min(100).max(256000).describe('GPSSD2 3000-128000');
/** GPSSD2 only: 125-1,000 MiB/s and at most IOPS / 4. */
const throughput = z.number().int().min(125).max(1000).describe('MiB/s, GPSSD2 only, <= iops/4');

/** The IOPS/throughput pair a type takes: both for GPSSD2, IOPS only for ESSD2, neither otherwise. */
function checkPerformance(
  type: string,
  a: { iops?: number | undefined; throughput?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
  if (type === 'GPSSD2') {
    if (a.iops === undefined) issue('GPSSD2 needs iops', 'iops');
    else if (a.iops < 3000 || a.iops > 128000) issue('GPSSD2 iops is 3000-128000', 'iops');
    if (a.throughput === undefined) issue('GPSSD2 needs throughput', 'throughput');
    else if (a.iops !== undefined && a.throughput > a.iops / 4)
      issue('throughput at most iops/4', 'throughput');
  } else if (type === 'ESSD2') {
    if (a.iops === undefined) issue('ESSD2 needs iops', 'iops');
    if (a.throughput !== undefined) issue('ESSD2 takes no throughput', 'throughput');
  } else if (a.iops !== undefined || a.throughput !== undefined) {
    issue('iops/throughput only for GPSSD2 and ESSD2', a.iops !== undefined ? 'iops' : 'throughput');
  }
}

const jobOutput = (what: (s: Record<string, unknown>) => string) => ({
  schema: z.object({ job_id: z.string(), volume_id: z.string().optional() }),
  shape: (body: unknown, args: Record<string, unknown>) => ({
    job_id: jobId(body),
    ...(typeof args.volume_id === 'string' ? { volume_id: args.volume_id } : {}),
  }),
  text: (s: Record<string, unknown>) => `Job ${String(s.job_id)} started: ${what(s)}.`,
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#retype_volume
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/retype_volume.py
const retypeDisk = defineOperation({
  tool: 'retype_disk',
  section: 'RetypeVolume',
  operation: 'RetypeVolume',
  title: 'Change a disk type',
  description: 'Change a disk to a higher type in place (job). GPSSD2 needs iops+throughput, ESSD2 iops.',
  method: 'POST',
  path: '/v2/{project_id}/volumes/{volume_id}/retype',
  successStatus: [202],
  toolset: 'disks',
  iamActions: ['evs:volumes:retype'],
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  input: z
    .strictObject({
      volume_id: diskId,
      new_type: z.enum(RETYPE_TARGETS),
      iops: iops.optional(),
      throughput: throughput.optional(),
    })
    .superRefine((a, ctx) => checkPerformance(a.new_type, a, ctx)),
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: {
      'os-retype': {
        new_type: a.new_type,
        ...(a.iops !== undefined ? { iops: a.iops } : {}),
        ...(a.throughput !== undefined ? { throughput: a.throughput } : {}),
      },
    },
  }),
  output: jobOutput((s) => `changing the type of disk ${String(s.volume_id)}`),
  async: { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } },
  guard: {
    confirm: { when: () => true, why: 'changing the disk type moves its data and can change its price' },
    reads: [readDisk(), readTypes(), readQuota()],
    preflight: ['disk-retypable', 'quota-retype'],
    plan: { summary: 'Change {disk} to type {new_type}.', lost: ['the new type may cost more'] },
  },
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#modify_volume_qo_s
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/modify_volume_qo_s_option.py
const modifyDiskQos = defineOperation({
  tool: 'modify_disk_qos',
  section: 'ModifyVolumeQoS',
  operation: 'ModifyVolumeQoS',
  title: 'Change provisioned IOPS/throughput',
  description: 'Set IOPS (and GPSSD2 throughput) of a GPSSD2/ESSD2 disk (job).',
  method: 'PUT',
  path: '/v5/{project_id}/cloudvolumes/{volume_id}/qos',
  successStatus: [202],
  toolset: 'disks',
  // IAM action inferred from its neighbours, not confirmed by a page read so far.
  iamActions: ['evs:volumes:update'],
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  input: z
    .strictObject({ volume_id: diskId, iops, throughput: throughput.optional() })
    .superRefine((a, ctx) => {
      if (a.throughput !== undefined && a.throughput > a.iops / 4)
        ctx.addIssue({ code: 'custom', message: 'throughput at most iops/4', path: ['throughput'] });
    }),
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: {
      qos_modify: { iops: a.iops, ...(a.throughput !== undefined ? { throughput: a.throughput } : {}) },
    },
  }),
  output: jobOutput((s) => `changing the QoS of disk ${String(s.volume_id)}`),
  async: { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } },
  guard: {
    confirm: { when: () => true, why: 'changing provisioned IOPS/throughput changes performance and price' },
    reads: [readDisk()],
    preflight: ['qos-supported'],
    plan: { summary: 'Set the provisioned IOPS of {disk} to {iops}.' },
  },
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#batch_resize_volumes
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/volumes_for_batch_resize_volume.py
const batchExtendDisks = defineOperation({
  tool: 'batch_extend_disks',
  section: 'BatchResizeVolumes',
  operation: 'BatchResizeVolumes',
  title: 'Expand several disks',
  description: 'Grow several disks at once to new_size GB each (job).',
  method: 'POST',
  path: '/v5/{project_id}/volumes/batch-extend',
  successStatus: [202],
  toolset: 'disks',
  // IAM action inferred from its neighbours, not confirmed by a page read so far.
  iamActions: ['evs:volumes:extend'],
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  input: z.strictObject({
    volumes: z
      .array(
        z.strictObject({
          id: diskId.describe('Disk ID'),
          new_size: z.number().int().min(11).max(DISK_MAX_GB),
        }),
      )
      .min(1)
      // The pre-flight reads them all in one 6.1.2 page by `ids`, which takes at most 60.
      .max(60)
      .refine((v) => new Set(v.map((x) => x.id)).size === v.length, { message: 'each disk once' }),
  }),
  request: (a) => ({ body: { volumes: a.volumes.map((v) => ({ id: v.id, new_size: v.new_size })) } }),
  output: jobOutput(() => 'expanding the disks'),
  async: { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } },
  guard: {
    reads: [
      readDisks((a) => (Array.isArray(a.volumes) ? a.volumes.map((v) => (v as { id?: unknown }).id) : [])),
      readQuota(),
    ],
    preflight: ['batch-extendable'],
  },
});

export const retypeQosOperations: OperationSpec[] = [retypeDisk, modifyDiskQos, batchExtendDisks];
