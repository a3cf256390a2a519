// The current API's disk read and unsubscription on /cloudvolumes: ShowVolume (get_disk) and
// UnsubscribePostpaidVolume. Newer than the 2022 reference, so `section` carries the operation name.
import { z } from 'zod';
import { defineOperation, type OperationSpec } from '../operation.js';
import { diskId } from '../schemas/common.js';
import { readDisks } from './reads.js';
import { VOLUME_FAILED, VOLUME_TRANSITIONAL } from './disks-custom.js';
import { volumeDetail, volumeDetailSchema, volumeDetailText, volumeOf } from '../shapes/volume.js';

const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const total = (v: unknown): number | undefined => {
  const t = rec(v).total_val;
  return typeof t === 'number' ? t : undefined;
};

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#show_volume
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/volume_detail.py
export const showVolume: OperationSpec = defineOperation({
  tool: 'get_disk',
  section: 'ShowVolume',
  operation: 'ShowVolume',
  title: 'Get disk details',
  description: 'One disk in full: status, size, type, attachments, metadata, tags, QoS.',
  method: 'GET',
  path: '/v2/{project_id}/cloudvolumes/{volume_id}',
  successStatus: [200],
  toolset: 'disks',
  iamActions: ['evs:volumes:get'],
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  input: z.strictObject({ volume_id: diskId }),
  request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
  output: {
    schema: volumeDetailSchema.extend({ iops: z.number().optional(), throughput: z.number().optional() }),
    shape: (body) => {
      const raw = rec(volumeOf(body));
      const iops = total(raw.iops);
      const throughput = total(raw.throughput);
      const { iops: _i, throughput: _t, ...rest } = volumeDetail(raw) as Record<string, unknown>;
      return {
        ...rest,
        ...(iops !== undefined ? { iops } : {}),
        ...(throughput !== undefined ? { throughput } : {}),
      };
    },
    text: (s) =>
      volumeDetailText(s) +
      (s.iops !== undefined
        ? `\nIOPS ${String(s.iops)}${s.throughput !== undefined ? `, ${String(s.throughput)} MiB/s` : ''}`
        : ''),
  },
  // wait=true reads the disk again until it leaves a transitional status (Appendix A.3), then answers with it.
  async: {
    kind: 'status',
    resource: 'volume',
    poll: { spec: () => showVolume, arg: 'volume_id' },
    id: { from: 'args', key: 'volume_id' },
    transitional: VOLUME_TRANSITIONAL,
    failed: VOLUME_FAILED,
  },
});

const resultSchema = z.object({
  volume_id: z.string(),
  result: z.string(),
  order_id: z.string().optional(),
  fail_reason: z.string().optional(),
});

// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py#unsubscribe_postpaid_volume
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/unsubscribe_volume_request_body.py
const unsubscribe = defineOperation({
  tool: 'unsubscribe_disks',
  section: 'UnsubscribePostpaidVolume',
  operation: 'UnsubscribePostpaidVolume',
  title: 'Unsubscribe yearly/monthly disks',
  description: 'End yearly/monthly subscriptions of data disks (not system or boot); per-disk results.',
  method: 'POST',
  path: '/v2/{project_id}/cloudvolumes/unsubscribe',
  successStatus: [202],
  toolset: 'disks',
  iamActions: ['evs:volumes:delete', 'billing:subscription:unsubscribe'],
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  // The Chinese page's Markdown allows 50 ids, its HTML 60: the lower one.
  input: z.strictObject({
    volume_ids: z
      .array(diskId)
      .min(1)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'each disk once' }),
  }),
  request: (a) => ({ body: { volume_ids: a.volume_ids } }),
  output: {
    schema: z.object({ results: z.array(resultSchema) }),
    shape: (body) => ({
      results: (Array.isArray(body) ? body : []).flatMap((b) => {
        const r = rec(b).results;
        return Array.isArray(r) ? r.map((x) => resultSchema.parse(x)) : [];
      }),
    }),
    text: (s) =>
      (s.results as z.infer<typeof resultSchema>[])
        .map((r) => `${r.volume_id}: ${r.result}${r.fail_reason ? ` (${r.fail_reason})` : ''}`)
        .join('\n'),
  },
  guard: {
    reads: [readDisks((a) => (Array.isArray(a.volume_ids) ? a.volume_ids : []))],
    plan: {
      summary: 'Unsubscribe {disks}.',
      lost: ['a yearly/monthly disk whose subscription ends is deleted with its data'],
    },
  },
});

export const currentCloudVolumeOperations: OperationSpec[] = [showVolume, unsubscribe];
