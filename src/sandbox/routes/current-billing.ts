// CreateVolume and ResizeVolume on /v2.1/: the 6.1.1 / 6.1.7 bodies plus `bssParam`, from the SDK models
// bss_param_for_create_volume.py, bss_param_for_resize_volume.py, create_volume_response.py and
// resize_volume_response.py (huaweicloud-sdk-python-v3, huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/).
// Pay-per-use answers with a job as before; yearly/monthly answers with an order (../orders.ts).
// Stricter than the pages: a billing field that takes effect only for prePaid is refused without it.
import { evsError } from '../errors.js';
import { cinderTime } from '../ids.js';
import { submitCreate, submitExtend } from '../jobs.js';
import { newOrder, payOrder, ORDER_METADATA_KEY } from '../orders.js';
import type { Ctx, Reply, Route } from '../router.js';
import { intOf, isObject, ok, refuse, routeOf } from './common.js';
import { customVolume } from './cloudvolumes.js';
import { parseCreate } from './disk-create.js';
import { checkExtendable } from './disk-rules.js';

const invalid = () => evsError('EVS.1070');
const CREATE_KEYS = ['chargingMode', 'periodType', 'periodNum', 'isAutoRenew', 'isAutoPay'];
/** periodNum: months 1-9, years 1 (BssParamForCreateVolume.period_num). */
const PERIOD_MAX: Record<string, number> = { month: 9, year: 1 };
const isFlag = (v: unknown): boolean => v === undefined || v === 'true' || v === 'false';

interface CreateBilling {
  prepaid: boolean;
  period?: { type: 'month' | 'year'; num: number };
  autoRenew: boolean;
  autoPay: boolean;
}

/** BssParamForCreateVolume; EVS.1070 for anything the model does not describe. */
function createBilling(body: Record<string, unknown>): CreateBilling {
  const bss = body.bssParam;
  if (bss === undefined || bss === null) return { prepaid: false, autoRenew: false, autoPay: false };
  if (!isObject(bss)) throw invalid();
  refuse(
    Object.keys(bss).some((k) => !CREATE_KEYS.includes(k)),
    invalid,
  );
  const mode = bss.chargingMode ?? 'postPaid';
  refuse(mode !== 'postPaid' && mode !== 'prePaid', invalid);
  refuse(!isFlag(bss.isAutoRenew) || !isFlag(bss.isAutoPay), invalid);
  if (mode === 'postPaid') {
    refuse(
      CREATE_KEYS.slice(1).some((k) => bss[k] !== undefined),
      invalid,
    );
    return { prepaid: false, autoRenew: false, autoPay: false };
  }
  const type = bss.periodType;
  refuse(type !== 'month' && type !== 'year', invalid);
  const num = bss.periodNum;
  refuse(
    !Number.isInteger(num) || (num as number) < 1 || (num as number) > PERIOD_MAX[type as string]!,
    invalid,
  );
  return {
    prepaid: true,
    period: { type: type as 'month' | 'year', num: num as number },
    autoRenew: bss.isAutoRenew === 'true',
    autoPay: bss.isAutoPay === 'true',
  };
}

/** POST /v2.1/{project_id}/cloudvolumes: 200 {job_id} (pay-per-use) or {order_id} (yearly/monthly). */
function create(ctx: Ctx): Reply {
  if (!isObject(ctx.body)) throw evsError('EVS.1008');
  const billing = createBilling(ctx.body);
  const specs = parseCreate(ctx);
  if (!billing.prepaid) return ok({ job_id: submitCreate(ctx.store, ctx.projectId, specs, ctx.now).job_id });
  const order = newOrder(
    ctx.store,
    ctx.projectId,
    {
      kind: 'create',
      specs,
      auto_renew: billing.autoRenew,
      ...(billing.period ? { period: billing.period } : {}),
    },
    ctx.now,
  );
  if (billing.autoPay) payOrder(ctx.store, order, ctx.now);
  return ok({ order_id: order.order_id });
}

/** POST /v2.1/{project_id}/cloudvolumes/{volume_id}/action: 202 {job_id}, or {order_id} for a yearly/monthly disk. */
function resize(ctx: Ctx): Reply {
  const v = customVolume(ctx);
  const body = ctx.body;
  if (!isObject(body) || !isObject(body['os-extend'])) throw evsError('EVS.1011');
  refuse(
    Object.keys(body).some((k) => k !== 'os-extend' && k !== 'bssParam'),
    invalid,
  );
  const bss = body.bssParam;
  if (bss !== undefined && bss !== null) {
    if (!isObject(bss)) throw invalid();
    refuse(Object.keys(bss).some((k) => k !== 'isAutoPay') || !isFlag(bss.isAutoPay), invalid);
  }
  if (v.status === 'error_extending') throw evsError('EVS.2026');
  refuse(v.status !== 'available' && v.status !== 'in-use', () => evsError('EVS.1064'));
  // The sandbox's reading: one expansion order of a disk at a time.
  refuse(v.pendingOrder !== undefined, () => evsError('EVS.1031'));
  const size = checkExtendable(ctx.store, v, intOf(body['os-extend'].new_size), 'custom');
  if (v.metadata[ORDER_METADATA_KEY] === undefined) {
    v.status = 'extending';
    v.updated_at = cinderTime(ctx.now);
    return ok({ job_id: submitExtend(ctx.store, ctx.projectId, v.id, size, ctx.now).job_id }, 202);
  }
  const order = newOrder(
    ctx.store,
    ctx.projectId,
    { kind: 'extend', volume_id: v.id, new_size: size },
    ctx.now,
  );
  if (isObject(bss) && bss.isAutoPay === 'true') payOrder(ctx.store, order, ctx.now);
  else v.pendingOrder = order.order_id;
  return ok({ order_id: order.order_id }, 202);
}

const route = routeOf('custom');

export const billingRoutes: Route[] = [
  route('POST', '/v2.1/{project_id}/cloudvolumes', 'CreateVolume', create),
  route('POST', '/v2.1/{project_id}/cloudvolumes/{volume_id}/action', 'ResizeVolume', resize),
];
