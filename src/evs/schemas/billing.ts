// `bssParam` of CreateVolume and ResizeVolume (/v2.1/): how a disk is billed, as Huawei's SDK models say.
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/bss_param_for_create_volume.py
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/bss_param_for_resize_volume.py
import { z } from 'zod';

/** The models type isAutoPay and isAutoRenew as the strings "true" / "false", not as booleans. */
const flag = z.enum(['true', 'false']);

/** periodNum: 1-9 for months, 1 for a year (BssParamForCreateVolume.period_num). */
export const PERIOD_MAX = { month: 9, year: 1 } as const;

const PREPAID_ONLY = ['periodType', 'periodNum', 'isAutoRenew', 'isAutoPay'] as const;

export const createBssParam = z
  .strictObject({
    chargingMode: z.enum(['postPaid', 'prePaid']).optional().describe('prePaid: yearly/monthly'),
    periodType: z.enum(['month', 'year']).optional(),
    periodNum: z.number().int().min(1).max(PERIOD_MAX.month).optional().describe('months 1-9 or years 1'),
    isAutoRenew: flag.optional(),
    isAutoPay: flag.optional().describe('"true": pay from the balance now'),
  })
  .superRefine((b, ctx) => {
    if (b.chargingMode !== 'prePaid') {
      // The models say these take effect only for prePaid: given without it they would be ignored.
      for (const key of PREPAID_ONLY)
        if (b[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} is only for chargingMode prePaid` });
      return;
    }
    if (b.periodType === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['periodType'],
        message: 'prePaid needs periodType (month or year)',
      });
    if (b.periodNum === undefined)
      ctx.addIssue({ code: 'custom', path: ['periodNum'], message: 'prePaid needs periodNum' });
    else if (b.periodType !== undefined && b.periodNum > PERIOD_MAX[b.periodType])
      ctx.addIssue({
        code: 'custom',
        path: ['periodNum'],
        message: `periodNum for periodType ${b.periodType} is 1-${PERIOD_MAX[b.periodType]}`,
      });
  });

export type CreateBssParam = z.infer<typeof createBssParam>;

export const resizeBssParam = z.strictObject({
  isAutoPay: flag.optional().describe('"true": pay the order now'),
});

/** The metadata key whose presence marks a yearly/monthly disk (VolumeMetadata.order_id, `orderID`). */
export const PREPAID_METADATA_KEY = 'orderID';

/** The order id of a yearly/monthly disk, from its metadata; undefined for a pay-per-use one. */
export function prepaidOrderOf(disk: unknown): string | undefined {
  const meta =
    typeof disk === 'object' && disk !== null ? (disk as { metadata?: unknown }).metadata : undefined;
  const id =
    typeof meta === 'object' && meta !== null
      ? (meta as Record<string, unknown>)[PREPAID_METADATA_KEY]
      : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
