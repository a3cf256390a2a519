// The current API's create and expand on /v2.1/ (CreateVolume, ResizeVolume), which take `bssParam`:
// pay-per-use answers with a job, yearly/monthly with an order. A purchase is confirmed first.
import { z } from 'zod';
import { defineOperation, type OperationSpec } from '../operation.js';
import { byDiskName, readDisk, readQuota, readSnapshot } from './reads.js';
import { diskRef } from '../schemas/common.js';
import { createBssParam, prepaidOrderOf, resizeBssParam, type CreateBssParam } from '../schemas/billing.js';
import { checkCreateDisks, createDisksFields, createVolumeBody } from './disks-custom.js';
import { newSize } from './disk-actions.js';
import { getJob } from './jobs.js';

const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bssOf = (a: Record<string, unknown>): CreateBssParam => rec(a.bssParam) as CreateBssParam;
const autoPay = (a: Record<string, unknown>): boolean => rec(a.bssParam).isAutoPay === 'true';

/** What the person is told about paying an order. */
const payLine = (paid: boolean, what: string): string =>
  paid
    ? `auto-pay: yes (isAutoPay=true), the order is paid at once from the account balance`
    : `auto-pay: no, an unpaid order is created and ${what} only once it is paid`;

/** What a yearly/monthly create buys, for how long (the confirmation's facts). */
function purchaseLines(a: Record<string, unknown>): string[] {
  const b = bssOf(a);
  const count = typeof a.count === 'number' ? a.count : 1;
  const size = typeof a.size === 'number' ? `${a.size} GB` : "the backup's size";
  const n = b.periodNum ?? 0;
  return [
    `buys ${count} ${String(a.volume_type)} disk(s) of ${size} each in ${String(a.availability_zone)}${str(a.name) ? `, named "${String(a.name)}"` : ''}`,
    `billed yearly/monthly (prePaid) for ${n} ${b.periodType ?? ''}${n === 1 ? '' : 's'}, charged up front`,
    b.isAutoRenew === 'true'
      ? 'auto-renew: yes, renewed for the same period when it ends'
      : 'auto-renew: no, the subscription ends after the period',
    payLine(b.isAutoPay === 'true', 'the disks are created'),
  ];
}

/** Job and order as the service answers (CreateVolumeResponse / ResizeVolumeResponse). */
function ids(body: unknown): { job_id?: string; order_id?: string } {
  const b = rec(body);
  const job = str(b.job_id);
  const order = str(b.order_id);
  // Neither: an empty job_id fails the output schema, so a 2xx that says nothing is not a success.
  return { ...(job || !order ? { job_id: job ?? '' } : {}), ...(order ? { order_id: order } : {}) };
}

const createShape = (body: unknown, args: Record<string, unknown>): Record<string, unknown> => {
  const volumeIds = rec(body).volume_ids;
  const prepaid = bssOf(args).chargingMode === 'prePaid';
  return {
    ...ids(body),
    ...(Array.isArray(volumeIds) ? { volume_ids: volumeIds.filter((v) => typeof v === 'string') } : {}),
    count: typeof args.count === 'number' ? args.count : 1,
    charging_mode: prepaid ? 'prePaid' : 'postPaid',
    ...(prepaid ? { auto_pay: autoPay(args) } : {}),
  };
};

const orderText = (s: Record<string, unknown>, what: string): string =>
  s.auto_pay === true
    ? `Order ${String(s.order_id)} created and paid from the account balance (auto-pay): ${what} once the order is processed.`
    : `Order ${String(s.order_id)} created, not paid: ${what} once it is paid in the Billing Center (or cancel it there).`;

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#create_volume
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/create_volume_request_body.py
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/create_volume_option.py
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/create_volume_response.py
const createDisks = defineOperation({
  tool: 'create_disks',
  section: 'CreateVolume',
  operation: 'CreateVolume',
  title: 'Create EVS disks',
  description:
    'Create disks, empty or from a backup, snapshot or image. Yearly/monthly: bssParam (an order, confirmed first).',
  method: 'POST',
  path: '/v2.1/{project_id}/cloudvolumes',
  successStatus: [200, 202],
  toolset: 'disks',
  iamActions: ['evs:volumes:create'],
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  input: z
    .strictObject({ ...createDisksFields, bssParam: createBssParam.optional() })
    .superRefine(checkCreateDisks),
  request: (a) => ({
    body: {
      volume: createVolumeBody(a),
      ...(a.bssParam ? { bssParam: a.bssParam } : {}),
    },
  }),
  output: {
    schema: z.object({
      job_id: z.string().min(1).optional(),
      order_id: z.string().min(1).optional(),
      volume_ids: z.array(z.string()).optional(),
      count: z.number(),
      charging_mode: z.enum(['postPaid', 'prePaid']),
      auto_pay: z.boolean().optional(),
    }),
    shape: createShape,
    text: (s) =>
      s.order_id !== undefined
        ? orderText(s, `the ${String(s.count)} disk(s) are created`)
        : `Job ${String(s.job_id)} started: creating ${String(s.count)} disk(s).`,
  },
  // Pay-per-use answers with a job to follow; an order has none (wait says so).
  async: { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } },
  guard: {
    reads: [readSnapshot(), readQuota()],
    preflight: ['batch-rules', 'source-size', 'quota-create-disk'],
    confirm: {
      when: (a) => bssOf(a).chargingMode === 'prePaid',
      why: 'a yearly/monthly purchase commits money for the whole period',
    },
    plan: {
      summary: 'Buy yearly/monthly disks in {availability_zone}.',
      facts: [{ kind: 'computed', lines: purchaseLines }],
    },
  },
});

/** Expanding grows the block device only: the guest must grow its partition and filesystem. */
const GROW_FILESYSTEM =
  'Then grow the partition and filesystem inside the guest (e.g. growpart, then resize2fs or xfs_growfs).';

/** What expanding a yearly/monthly disk orders (the confirmation's facts). */
function expansionLines(a: Record<string, unknown>, reads: Readonly<Record<string, unknown>>): string[] {
  const order = prepaidOrderOf(reads.disk);
  const size = rec(reads.disk).size;
  const grows =
    typeof size === 'number' && typeof a.new_size === 'number' ? ` (+${a.new_size - size} GB)` : '';
  if (!order && reads.disk !== undefined) return [];
  return [
    `the disk is billed yearly/monthly${order ? ` (order ${order})` : ''}: the expansion${grows} is a new order, charged for the rest of the current period`,
    payLine(autoPay(a), 'the disk grows'),
  ];
}

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#resize_volume
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/resize_volume_request_body.py
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/os_extend.py
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/resize_volume_response.py
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/volume_metadata.py (orderID)
const extendDisk = defineOperation({
  tool: 'extend_disk',
  section: 'ResizeVolume',
  operation: 'ResizeVolume',
  title: 'Expand a disk',
  description:
    'Grow a disk (available or in-use; shared disk: available). A yearly/monthly disk gets an order, confirmed first.',
  method: 'POST',
  path: '/v2.1/{project_id}/cloudvolumes/{volume_id}/action',
  action: 'os-extend',
  successStatus: [200, 202],
  toolset: 'disks',
  iamActions: ['evs:volumes:extend', 'evs:volumes:get'],
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  input: z.strictObject({ volume_id: diskRef, new_size: newSize, bssParam: resizeBssParam.optional() }),
  names: [byDiskName()],
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: { 'os-extend': { new_size: a.new_size }, ...(a.bssParam ? { bssParam: a.bssParam } : {}) },
  }),
  output: {
    schema: z.object({
      job_id: z.string().min(1).optional(),
      order_id: z.string().min(1).optional(),
      volume_id: z.string(),
      new_size: z.number(),
      auto_pay: z.boolean().optional(),
      next: z.string(),
    }),
    shape: (body, args) => {
      const got = ids(body);
      return {
        ...got,
        volume_id: String(args.volume_id),
        new_size: Number(args.new_size),
        ...(got.order_id ? { auto_pay: autoPay(args) } : {}),
        next: GROW_FILESYSTEM,
      };
    },
    text: (s) =>
      (s.order_id !== undefined
        ? orderText(s, `disk ${String(s.volume_id)} grows to ${String(s.new_size)} GB`)
        : `Job ${String(s.job_id)} started: expanding disk ${String(s.volume_id)} to ${String(s.new_size)} GB.`) +
      ` ${GROW_FILESYSTEM}`,
  },
  async: { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } },
  guard: {
    reads: [readDisk(), readQuota()],
    preflight: ['disk-extendable', 'size-grows', 'quota-extend'],
    // Known only from the disk read: a yearly/monthly disk (metadata orderID) or one that could not be read.
    confirm: {
      whenRead: (_a, reads) => reads.disk === undefined || prepaidOrderOf(reads.disk) !== undefined,
      why: 'expanding a yearly/monthly disk orders (and may pay for) the added capacity',
    },
    plan: {
      summary: 'Expand {disk} to {new_size} GB.',
      facts: [{ kind: 'computed', lines: expansionLines }],
    },
  },
});

export const cloudVolumeV21Operations: OperationSpec[] = [createDisks, extendDisk];
