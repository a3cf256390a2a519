// Contract of yearly/monthly (prePaid) disks on /v2.1/, against the sandbox over signed HTTP: CreateVolume
// and ResizeVolume answer with an order_id (create_volume_response.py, resize_volume_response.py), an
// auto-paid order starts the job at once, an unpaid one changes nothing until the admin hook (standing for
// the Billing Center) pays it, a cancelled one never does; bssParam is checked against
// bss_param_for_create_volume.py / bss_param_for_resize_volume.py, and a refused body creates nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { poll, startEnv, type Env } from './env.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, checked by shape first
type Body = any;

/** An order as the response carries it, and nothing else (no job_id for a yearly/monthly disk). */
const orderAccepted = z.strictObject({ order_id: z.string().regex(/^CS\d{10}[A-Z]{5}$/) });

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env?.close());

async function admin(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${env.sandbox.url}/__sandbox${path}`, { method });
  return { status: res.status, body: await res.json() };
}

const orderOf = async (id: string): Promise<Body> =>
  ((await admin('GET', '/orders')).body.orders as Body[]).find((o) => o.order_id === id);

/** The project's disks with this name (6.1.2 filtered by name). */
async function disksNamed(name: string): Promise<Body[]> {
  const r = await env.send({ method: 'GET', path: `/v2/${env.p}/cloudvolumes/detail`, query: { name } });
  return r.body.volumes as Body[];
}

const prepaid = (extra: Record<string, unknown> = {}) => ({
  chargingMode: 'prePaid',
  periodType: 'month',
  periodNum: 1,
  ...extra,
});

async function createPrepaid(name: string, bss: Record<string, unknown>, count = 1): Promise<string> {
  const r = await env.send({
    method: 'POST',
    path: `/v2.1/${env.p}/cloudvolumes`,
    body: { volume: { availability_zone: env.az, volume_type: 'SSD', size: 10, name, count }, bssParam: bss },
  });
  expect(r.status).toBe(200);
  const parsed = orderAccepted.safeParse(r.body);
  expect(parsed.success, JSON.stringify(r.body)).toBe(true);
  return r.body.order_id as string;
}

/** Moves the sandbox clock well past every job delay and reads the disks again. */
async function settle(name: string): Promise<Body[]> {
  env.sandbox.clock.advance(10_000);
  return disksNamed(name);
}

describe('CreateVolume, yearly/monthly', () => {
  it('with isAutoPay "true": the order is paid at once and its job creates the disks, marked with the order', async () => {
    const id = await createPrepaid(
      'pre-auto',
      prepaid({ periodType: 'year', isAutoPay: 'true', isAutoRenew: 'true' }),
      2,
    );
    const order = await orderOf(id);
    expect(order).toMatchObject({
      kind: 'create',
      status: 'paid',
      period: { type: 'year', num: 1 },
      auto_renew: true,
      job_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const job = await env.jobEnd(order.job_id);
    expect(job.status).toBe('SUCCESS');
    const disks = await disksNamed('pre-auto-0001');
    expect(disks).toHaveLength(1);
    expect(disks[0].metadata.orderID).toBe(id);
    expect(await disksNamed('pre-auto-0002')).toHaveLength(1);
  });

  it('without auto-pay: nothing is created until the order is paid, then the disk appears', async () => {
    const id = await createPrepaid('pre-unpaid', prepaid({ periodNum: 9 }));
    expect(await orderOf(id)).toMatchObject({ status: 'unpaid', period: { type: 'month', num: 9 } });
    expect(await settle('pre-unpaid')).toEqual([]);

    const paid = await admin('POST', `/orders/${id}/pay`);
    expect(paid.status).toBe(200);
    expect(paid.body.order).toMatchObject({ status: 'paid', job_id: expect.any(String) });
    expect((await env.jobEnd(paid.body.order.job_id)).status).toBe('SUCCESS');
    const disks = await disksNamed('pre-unpaid');
    expect(disks).toHaveLength(1);
    expect(disks[0]).toMatchObject({ status: 'available', metadata: { orderID: id } });
    // An order is paid once.
    expect((await admin('POST', `/orders/${id}/pay`)).status).toBe(409);
  });

  it('a cancelled order creates nothing and can no longer be paid', async () => {
    const id = await createPrepaid('pre-cancelled', prepaid());
    const cancelled = await admin('POST', `/orders/${id}/cancel`);
    expect(cancelled.body.order).toMatchObject({ status: 'cancelled' });
    expect((await admin('POST', `/orders/${id}/pay`)).status).toBe(409);
    expect(await settle('pre-cancelled')).toEqual([]);
    expect((await admin('POST', '/orders/CS0000000000NOPE/pay')).status).toBe(404);
  });

  const BAD: [string, Record<string, unknown>][] = [
    ['a month count above 9', prepaid({ periodNum: 10 })],
    ['more than 1 year', prepaid({ periodType: 'year', periodNum: 2 })],
    ['periodNum 0', prepaid({ periodNum: 0 })],
    ['a fractional periodNum', prepaid({ periodNum: 1.5 })],
    ['prePaid without periodType', { chargingMode: 'prePaid', periodNum: 1 }],
    ['prePaid without periodNum', { chargingMode: 'prePaid', periodType: 'month' }],
    ['an unknown periodType', prepaid({ periodType: 'week' })],
    ['an unknown chargingMode', { chargingMode: 'monthly', periodType: 'month', periodNum: 1 }],
    ['isAutoPay as a boolean', prepaid({ isAutoPay: true })],
    ['isAutoRenew "yes"', prepaid({ isAutoRenew: 'yes' })],
    ['an unknown bssParam field', prepaid({ couponId: 'x' })],
    ['a period on a pay-per-use disk', { chargingMode: 'postPaid', periodType: 'month', periodNum: 1 }],
    ['isAutoPay on a pay-per-use disk', { isAutoPay: 'true' }],
  ];
  it.each(BAD)('refuses %s with EVS.1070 and creates nothing', async (_label, bssParam) => {
    const before = (await admin('GET', '/orders')).body.orders.length as number;
    const r = await env.send({
      method: 'POST',
      path: `/v2.1/${env.p}/cloudvolumes`,
      body: {
        volume: { availability_zone: env.az, volume_type: 'SSD', size: 10, name: 'pre-bad' },
        bssParam,
      },
      accept: [400],
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { message: 'invalid request.', code: 'EVS.1070' } });
    expect((await admin('GET', '/orders')).body.orders).toHaveLength(before);
    expect(await settle('pre-bad')).toEqual([]);
  });
});

describe('ResizeVolume of a yearly/monthly disk', () => {
  /** A paid yearly/monthly disk of 10 GB, available. */
  async function prepaidDisk(name: string): Promise<string> {
    const id = await createPrepaid(name, prepaid({ isAutoPay: 'true' }));
    expect((await env.jobEnd((await orderOf(id)).job_id)).status).toBe('SUCCESS');
    return (await disksNamed(name))[0].id as string;
  }
  const resize = (id: string, body: Record<string, unknown>, accept?: number[]) =>
    env.send({
      method: 'POST',
      path: `/v2.1/${env.p}/cloudvolumes/${id}/action`,
      body,
      ...(accept ? { accept } : {}),
    });
  const sizeOf = async (id: string) =>
    (await env.send({ method: 'GET', path: `/v2/${env.p}/cloudvolumes/${id}` })).body.volume.size as number;

  it('answers with an order and no job; unpaid, the disk keeps its size and takes no second order', async () => {
    const disk = await prepaidDisk('pre-grow');
    const r = await resize(disk, { 'os-extend': { new_size: 30 } });
    expect(r.status).toBe(202);
    expect(orderAccepted.safeParse(r.body).success, JSON.stringify(r.body)).toBe(true);
    expect(await orderOf(r.body.order_id)).toMatchObject({ kind: 'extend', status: 'unpaid', new_size: 30 });
    env.sandbox.clock.advance(10_000);
    expect(await sizeOf(disk)).toBe(10);
    const again = await resize(disk, { 'os-extend': { new_size: 40 } }, [400]);
    expect(again.body).toEqual({ error: { message: 'invalid resources status!', code: 'EVS.1031' } });

    const paid = await admin('POST', `/orders/${r.body.order_id}/pay`);
    expect(paid.body.order).toMatchObject({ status: 'paid', job_id: expect.any(String) });
    expect((await env.jobEnd(paid.body.order.job_id)).status).toBe('SUCCESS');
    expect(await sizeOf(disk)).toBe(30);
  });

  it('with isAutoPay "true" the order is paid and the disk grows', async () => {
    const disk = await prepaidDisk('pre-grow-auto');
    const r = await resize(disk, { 'os-extend': { new_size: 25 }, bssParam: { isAutoPay: 'true' } });
    const order = await orderOf(r.body.order_id);
    expect(order).toMatchObject({ status: 'paid', volume_id: disk });
    await poll(env.sandbox, 'disk grown', async () => ((await sizeOf(disk)) === 25 ? true : undefined));
  });

  it('a cancelled expansion order leaves the disk as it was and free for another', async () => {
    const disk = await prepaidDisk('pre-grow-cancel');
    const r = await resize(disk, { 'os-extend': { new_size: 50 } });
    await admin('POST', `/orders/${r.body.order_id}/cancel`);
    env.sandbox.clock.advance(10_000);
    expect(await sizeOf(disk)).toBe(10);
    const next = await resize(disk, { 'os-extend': { new_size: 20 } });
    expect(next.status).toBe(202);
  });

  it('refuses a bssParam field ResizeVolume does not have, and a size that does not grow', async () => {
    const disk = await prepaidDisk('pre-grow-bad');
    const bad = await resize(disk, { 'os-extend': { new_size: 20 }, bssParam: { periodNum: 1 } }, [400]);
    expect(bad.body.error.code).toBe('EVS.1070');
    const same = await resize(disk, { 'os-extend': { new_size: 10 } }, [400]);
    expect(same.body.error.code).toBe('EVS.1015');
    expect(
      ((await admin('GET', '/orders')).body.orders as Body[]).filter((o) => o.volume_id === disk),
    ).toEqual([]);
  });
});
