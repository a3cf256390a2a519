// Orders of yearly/monthly (prePaid) disks: CreateVolume and ResizeVolume on /v2.1/ answer with an
// order_id (CreateVolumeResponse / ResizeVolumeResponse: "returned when the disk is billed yearly/monthly").
// An order paid at once (isAutoPay "true") or later (the admin hook stands for the Billing Center)
// starts the job that creates or expands the disk; an unpaid or cancelled order changes nothing.
import { randomBytes } from 'node:crypto';
import { evsError } from './errors.js';
import { submitCreate, submitExtend } from './jobs.js';
import { checkExtendable } from './routes/disk-rules.js';
import type { VolumeSpec } from './state-machine.js';
import type { Store } from './store.js';
import { cinderTime, jobTime } from './ids.js';

export type OrderStatus = 'unpaid' | 'paid' | 'cancelled';

export interface OrderRecord {
  order_id: string;
  projectId: string;
  kind: 'create' | 'extend';
  status: OrderStatus;
  created_at: string;
  paid_at?: string;
  cancelled_at?: string;
  /** A create's subscription: `month`/`year` and how many. */
  period?: { type: 'month' | 'year'; num: number };
  auto_renew?: boolean;
  /** The disks a create order makes once paid (metadata orderID already set). */
  specs?: VolumeSpec[];
  /** An extend order's disk and its new size. */
  volume_id?: string;
  new_size?: number;
  /** The job the payment started. */
  job_id?: string;
}

declare module './types.js' {
  interface SandboxState {
    /** Orders of yearly/monthly disks, by order id. */
    orders?: Record<string, OrderRecord>;
  }
  interface VolumeRecord {
    /** An unpaid expansion order of this disk: another one is refused until it is paid or cancelled. */
    pendingOrder?: string;
  }
}

/** The metadata key that marks a yearly/monthly disk (SDK VolumeMetadata.order_id, `orderID`). */
export const ORDER_METADATA_KEY = 'orderID';

/** Order ids as Huawei's billing shows them: `CS` + yymmddHHMM + 5 capitals. */
function orderId(now: number): string {
  const d = new Date(now).toISOString();
  const stamp = d.slice(2, 4) + d.slice(5, 7) + d.slice(8, 10) + d.slice(11, 13) + d.slice(14, 16);
  const letters = [...randomBytes(5)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
  return `CS${stamp}${letters}`;
}

const ordersOf = (store: Store): Record<string, OrderRecord> => (store.state.orders ??= {});

export function newOrder(
  store: Store,
  projectId: string,
  fields: Omit<OrderRecord, 'order_id' | 'projectId' | 'status' | 'created_at'>,
  now: number,
): OrderRecord {
  const order: OrderRecord = {
    ...fields,
    order_id: orderId(now),
    projectId,
    status: 'unpaid',
    created_at: jobTime(now),
  };
  if (order.specs)
    order.specs = order.specs.map((s) => ({
      ...s,
      metadata: { ...s.metadata, [ORDER_METADATA_KEY]: order.order_id },
    }));
  ordersOf(store)[order.order_id] = order;
  store.markDirty();
  return order;
}

export function findOrder(store: Store, id: string): OrderRecord | undefined {
  return store.state.orders?.[id];
}

/** Pays an unpaid order and starts its job; throws when it is not unpaid or its disk can no longer grow. */
export function payOrder(store: Store, order: OrderRecord, now: number): OrderRecord {
  if (order.status !== 'unpaid') throw new Error(`order ${order.order_id} is ${order.status}, not unpaid`);
  if (order.kind === 'create') {
    order.job_id = submitCreate(store, order.projectId, order.specs ?? [], now).job_id;
  } else {
    const v = store.state.volumes[order.volume_id ?? ''];
    if (!v) throw evsError('EVS.5404');
    // Checked again at payment: the disk may have changed since the order was placed.
    if (v.status !== 'available' && v.status !== 'in-use') throw evsError('EVS.1064');
    const size = checkExtendable(store, v, order.new_size, 'custom');
    delete v.pendingOrder;
    v.status = 'extending';
    v.updated_at = cinderTime(now);
    order.job_id = submitExtend(store, order.projectId, v.id, size, now).job_id;
  }
  order.status = 'paid';
  order.paid_at = jobTime(now);
  store.markDirty();
  return order;
}

/** Cancels an unpaid order: nothing is created or expanded. */
export function cancelOrder(store: Store, order: OrderRecord, now: number): OrderRecord {
  if (order.status !== 'unpaid') throw new Error(`order ${order.order_id} is ${order.status}, not unpaid`);
  const v = order.volume_id ? store.state.volumes[order.volume_id] : undefined;
  if (v?.pendingOrder === order.order_id) delete v.pendingOrder;
  order.status = 'cancelled';
  order.cancelled_at = jobTime(now);
  store.markDirty();
  return order;
}

/** An order as the admin hooks show it (the disks' specs are summed up, not dumped). */
export function orderView(order: OrderRecord): Record<string, unknown> {
  const { specs, projectId, ...rest } = order;
  return {
    ...rest,
    project_id: projectId,
    ...(specs
      ? {
          disks: specs.map((s) => ({ name: s.name, size: s.size, volume_type: s.volume_type })),
        }
      : {}),
  };
}
