// The EVS recycle bin (/v3/{project_id}/recycle-bin-volumes): its policy and the disks it keeps after
// deletion. Newer than the 2022 reference, so `section` carries the official operation name. Restoring
// checks quota room for the disk's type (7.1.9); deleting from the bin is final and confirmed.
import { z } from 'zod';
import { defineOperation, type OperationSpec, type ToolHints } from '../operation.js';
import { diskId, limit, offset } from '../schemas/common.js';
import { readBinned, readPolicy, readQuota } from './reads.js';

const READ: ToolHints = { readOnly: true, destructive: false, idempotent: true, openWorld: true };
const BIN = '/v3/{project_id}/recycle-bin-volumes';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** One binned disk, compact: what it was and when it goes for good. */
const binnedSchema = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  size: z.number().nullable(),
  volume_type: z.string().nullable(),
  availability_zone: z.string().nullable(),
  pre_deleted_at: z.string().nullable(),
  plan_delete_at: z.string().nullable(),
});
const binned = (raw: unknown): z.infer<typeof binnedSchema> => {
  const v = rec(raw);
  return {
    id: str(v.id),
    name: str(v.name),
    size: num(v.size),
    volume_type: str(v.volume_type),
    availability_zone: str(v.availability_zone),
    pre_deleted_at: str(v.pre_deleted_at),
    plan_delete_at: str(v.plan_delete_at),
  };
};
const binnedLine = (b: Record<string, unknown>) =>
  `${String(b.id)} ${String(b.name)} ${String(b.size)} GB ${String(b.volume_type)}, deleted for good at ${String(b.plan_delete_at)}`;

/** Whether the call weakens the policy read now: off, fewer days kept, or only older disks kept. */
function weakens(a: Record<string, unknown>, now: unknown): boolean {
  const p = now as { switch?: unknown; threshold_time?: unknown; keep_time?: unknown } | undefined;
  // No answer to judge by: ask (the guard refuses a failed read before this anyway).
  if (!p) return true;
  const fewer = (next: unknown, was: unknown) => typeof next === 'number' && !(next >= Number(was));
  const more = (next: unknown, was: unknown) => typeof next === 'number' && !(next <= Number(was));
  return (
    (a.switch === false && p.switch !== false) ||
    fewer(a.keep_time, p.keep_time) ||
    more(a.threshold_time, p.threshold_time)
  );
}

const policySchema = z.object({ switch: z.boolean(), threshold_time: z.number(), keep_time: z.number() });

const done = (what: string) => ({
  schema: z.object({ ok: z.boolean(), volume_id: z.string() }),
  shape: (_body: unknown, args: Record<string, unknown>) => ({ ok: true, volume_id: String(args.volume_id) }),
  text: (s: Record<string, unknown>) => `Disk ${String(s.volume_id)} ${what}.`,
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#show_recycle_policy
const showPolicy = defineOperation({
  tool: 'get_recycle_bin_policy',
  section: 'ShowRecyclePolicy',
  operation: 'ShowRecyclePolicy',
  title: 'Recycle bin policy',
  description: 'Recycle bin policy: on or off, disk age (days) that qualifies, days kept.',
  method: 'GET',
  path: `${BIN}/policy`,
  successStatus: [200],
  toolset: 'recycle_bin',
  iamActions: ['evs:recycle_policy:get'],
  hints: READ,
  input: z.strictObject({}),
  request: () => ({}),
  output: {
    schema: policySchema,
    shape: (body) => {
      const b = rec(body);
      return {
        switch: b.switch === true,
        threshold_time: num(b.threshold_time) ?? 0,
        keep_time: num(b.keep_time) ?? 0,
      };
    },
    text: (s) =>
      s.switch
        ? `Recycle bin on: disks older than ${String(s.threshold_time)} days are kept ${String(s.keep_time)} days.`
        : 'Recycle bin off: deleted disks are gone at once.',
  },
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#update_recycle_policy
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/modify_recycle_bin_policy_request_body.py
const updatePolicy = defineOperation({
  tool: 'set_recycle_bin_policy',
  section: 'UpdateRecyclePolicy',
  operation: 'UpdateRecyclePolicy',
  title: 'Set the recycle bin policy',
  description: 'Switch the recycle bin on or off and set its day thresholds. Give at least one field.',
  method: 'PUT',
  path: `${BIN}/policy`,
  successStatus: [204],
  toolset: 'recycle_bin',
  // IAM action inferred from its neighbours, not confirmed by a page read so far.
  iamActions: ['evs:recycle_policy:update'],
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  input: z
    .strictObject({
      switch: z.boolean().optional().describe('true keeps deleted disks in the bin'),
      threshold_time: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .optional()
        .describe('Days of age before deletion keeps a disk'),
      keep_time: z.number().int().min(1).max(365).optional().describe('Days a disk stays in the bin'),
    })
    .refine((a) => a.switch !== undefined || a.threshold_time !== undefined || a.keep_time !== undefined, {
      message: 'give switch, threshold_time or keep_time',
    }),
  request: (a) => ({ body: a }),
  output: {
    schema: z.object({ ok: z.boolean() }),
    shape: () => ({ ok: true }),
    text: () => 'Recycle bin policy updated.',
  },
  guard: {
    reads: [readPolicy()],
    confirm: {
      whenRead: (a, reads) => weakens(a, reads.policy),
      why: 'switching the bin off, keeping disks fewer days or keeping only older disks makes deletes final sooner; strengthening it loses nothing',
    },
    plan: {
      summary: 'Weaken the recycle bin policy: deleted disks are kept less, or not at all.',
      facts: [{ kind: 'values-set', read: 'policy', fields: ['switch', 'threshold_time', 'keep_time'] }],
      lost: [
        'a disk deleted while the bin is off, too young for it, or past its keep time cannot be restored',
      ],
    },
  },
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#list_volumes_in_recycle
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/list_volumes_in_recycle_request.py
const listBin = defineOperation({
  tool: 'list_recycle_bin',
  section: 'ListVolumesInRecycle',
  operation: 'ListVolumesInRecycle',
  title: 'Disks in the recycle bin',
  description: 'Deleted disks in the recycle bin, with when each is deleted for good.',
  method: 'GET',
  path: `${BIN}/detail`,
  successStatus: [200],
  toolset: 'recycle_bin',
  // IAM action inferred from its neighbours, not confirmed by a page read so far.
  iamActions: ['evs:volumes:list'],
  hints: READ,
  input: z.strictObject({
    name: z.string().min(1).max(64).optional(),
    status: z.string().min(1).max(32).optional(),
    availability_zone: z.string().min(1).max(64).optional(),
    service_type: z.enum(['EVS', 'DSS']).optional(),
    limit: limit.optional(),
    offset: offset.optional(),
  }),
  request: (a) => ({ query: a }),
  output: {
    schema: z.object({ count: z.number(), volumes: z.array(binnedSchema) }),
    shape: (body) => {
      const b = rec(body);
      const volumes = Array.isArray(b.volumes) ? b.volumes.map(binned) : [];
      return { count: num(b.count) ?? volumes.length, volumes };
    },
    text: (s) => {
      const vols = s.volumes as Record<string, unknown>[];
      return [`${String(s.count)} disk(s) in the recycle bin.`, ...vols.map(binnedLine)].join('\n');
    },
  },
  pagination: { itemsKey: 'volumes', style: 'offset' },
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#show_volume_in_recycle
const showBinned = defineOperation({
  tool: 'get_recycle_bin_disk',
  section: 'ShowVolumeInRecycle',
  operation: 'ShowVolumeInRecycle',
  title: 'A disk in the recycle bin',
  description: 'One deleted disk in the recycle bin.',
  method: 'GET',
  path: `${BIN}/{volume_id}`,
  successStatus: [200],
  toolset: 'recycle_bin',
  // IAM action inferred from its neighbours, not confirmed by a page read so far.
  iamActions: ['evs:volumes:get'],
  hints: READ,
  input: z.strictObject({ volume_id: diskId }),
  request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
  output: {
    schema: binnedSchema,
    shape: (body) => binned(rec(body).volume),
    text: (s) => binnedLine(s),
  },
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#revert_volume_in_recycle
const restoreBinned = defineOperation({
  tool: 'restore_recycle_bin_disk',
  section: 'RevertVolumeInRecycle',
  operation: 'RevertVolumeInRecycle',
  title: 'Restore a disk from the recycle bin',
  description: 'Bring a deleted disk back from the recycle bin; it returns available and detached.',
  method: 'POST',
  path: `${BIN}/{volume_id}/revert`,
  successStatus: [204],
  toolset: 'recycle_bin',
  iamActions: ['evs:volumes:revert'],
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  input: z.strictObject({ volume_id: diskId }),
  request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
  output: done('restored from the recycle bin'),
  guard: { reads: [readBinned(), readQuota()], preflight: ['quota-restore'] },
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#delete_volume_in_recycle
const purgeBinned = defineOperation({
  tool: 'delete_recycle_bin_disk',
  section: 'DeleteVolumeInRecycle',
  operation: 'DeleteVolumeInRecycle',
  title: 'Delete a disk from the recycle bin',
  description: 'Delete a disk in the recycle bin for good (no restore after).',
  method: 'DELETE',
  path: `${BIN}/{volume_id}`,
  successStatus: [204],
  toolset: 'recycle_bin',
  // IAM action inferred from its neighbours, not confirmed by a page read so far.
  iamActions: ['evs:volumes:delete'],
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  input: z.strictObject({ volume_id: diskId }),
  request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
  output: done('deleted from the recycle bin for good'),
  guard: {
    reads: [readBinned()],
    plan: { summary: 'Delete {binned} for good.', lost: ['the disk and its data cannot be restored'] },
  },
});

export const recycleBinOperations: OperationSpec[] = [
  showPolicy,
  updatePolicy,
  listBin,
  showBinned,
  restoreBinned,
  purgeBinned,
];
