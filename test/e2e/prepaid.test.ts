// Yearly/monthly disks end to end: an SDK Client that listed the tools buys disks and expands one through
// create_disks and extend_disk against the sandbox on its manual clock. The purchase is confirmed first
// (token, or an elicitation form the person accepts), the plan says what is bought for how long, the
// answer carries the order id, and the sandbox's request log shows what was sent: the exact /v2.1/
// request, and nothing at all for a refused confirmation or bad billing input.
import {
  ElicitRequestSchema,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { fastDelays } from '../helpers/harness.js';
import { startGuardHarness, structured, type GuardHarness } from '../guardrails/helpers.js';

let sandbox: SandboxHandle;
/** A client that cannot show forms: confirmations come back as a token to send again. */
let tok: GuardHarness;
/** A client that shows forms: the person answers `answer`. */
let form: GuardHarness;
const asked: ElicitRequest['params'][] = [];
let answer: ElicitResult = { action: 'decline' };
let tools: Tool[] = [];

const ORDER = /^CS\d{10}[A-Z]{5}$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, checked field by field
type Json = Record<string, any>;

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: true, delays: fastDelays(), clock: 'manual' });
  tok = await startGuardHarness({ sharedSandbox: sandbox });
  form = await startGuardHarness({ sharedSandbox: sandbox, capabilities: { elicitation: {} } });
  form.client.setRequestHandler(ElicitRequestSchema, (req) => {
    asked.push(req.params);
    return answer;
  });
  // The SDK validates each structuredContent against the outputSchema it listed.
  tools = (await tok.client.listTools()).tools;
  await form.client.listTools();
}, 60_000);

afterAll(async () => {
  await form?.close();
  await tok?.close();
  await sandbox?.close();
});

const pid = () => tok.app.projectId;
const sent = () => sandbox.requestLog.mutating().map((e) => `${e.method} ${e.path}`);

async function admin(method: 'GET' | 'POST', path: string): Promise<Json> {
  const res = await fetch(`${sandbox.url}/__sandbox${path}`, { method });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Json;
}
const orderOf = async (id: string) =>
  ((await admin('GET', '/orders')).orders as Json[]).find((o) => o.order_id === id)!;

/** The project's disks with this name, through list_disks. */
async function disksNamed(name: string): Promise<Json[]> {
  const res = await tok.call('list_disks', { name, detail: true });
  expect(res.isError, res.text).toBeFalsy();
  return structured(res).volumes as Json[];
}

/** Moves the sandbox clock until the job ends, reading it through get_job. */
async function jobEnds(jobId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const s = structured(await tok.call('get_job', { job_id: jobId }));
    if (s.status === 'SUCCESS' || s.status === 'FAIL') return s;
    sandbox.clock.advance(50);
  }
  throw new Error(`job ${jobId} did not end`);
}

const buy = (name: string, bssParam: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  availability_zone: tok.demo.zone,
  volume_type: 'SSD',
  size: 20,
  name,
  bssParam,
  ...extra,
});
const MONTHS_3 = { chargingMode: 'prePaid', periodType: 'month', periodNum: 3 };

/** A yearly/monthly disk bought and paid at once, available. */
let prepaidDisk = '';
let prepaidOrder = '';

describe('the listed tools', () => {
  it('create_disks and extend_disk name CreateVolume and ResizeVolume and take the billing parameters', () => {
    const create = tools.find((t) => t.name === 'create_disks')!;
    const extend = tools.find((t) => t.name === 'extend_disk')!;
    expect(create._meta).toMatchObject({ 'evs/operation': 'CreateVolume' });
    expect(extend._meta).toMatchObject({ 'evs/operation': 'ResizeVolume' });
    const bss = (create.inputSchema.properties as Json).bssParam;
    expect(bss.properties.chargingMode.enum).toEqual(['postPaid', 'prePaid']);
    expect(bss.properties.periodType.enum).toEqual(['month', 'year']);
    expect([bss.properties.periodNum.minimum, bss.properties.periodNum.maximum]).toEqual([1, 9]);
    expect(bss.properties.isAutoPay.enum).toEqual(['true', 'false']);
    expect(bss.additionalProperties).toBe(false);
    const resize = (extend.inputSchema.properties as Json).bssParam;
    expect(Object.keys(resize.properties)).toEqual(['isAutoPay']);
    for (const t of [create, extend])
      expect(Object.keys(t.inputSchema.properties ?? {})).toContain('confirm_token');
  });
});

describe('create_disks, yearly/monthly', () => {
  it('dry run shows the exact /v2.1/ request and the plan, and sends nothing', async () => {
    sandbox.requestLog.clear();
    const args = buy('pre-dry', { ...MONTHS_3, isAutoRenew: 'true' }, { count: 2 });
    const res = await tok.call('create_disks', { ...args, dry_run: true });
    expect(res.isError, res.text).toBeFalsy();
    const s = structured(res);
    expect(s).toMatchObject({ dry_run: true, verdict: 'would_need_confirmation' });
    expect(s.request).toEqual({
      method: 'POST',
      url: `${sandbox.url}/v2.1/${pid()}/cloudvolumes`,
      body: {
        volume: { availability_zone: tok.demo.zone, volume_type: 'SSD', size: 20, count: 2, name: 'pre-dry' },
        bssParam: { ...MONTHS_3, isAutoRenew: 'true' },
      },
    });
    expect((s.plan as { details: string[] }).details).toEqual([
      `buys 2 SSD disk(s) of 20 GB each in ${tok.demo.zone}, named "pre-dry"`,
      'billed yearly/monthly (prePaid) for 3 months, charged up front',
      'auto-renew: yes, renewed for the same period when it ends',
      'auto-pay: no, an unpaid order is created and the disks are created only once it is paid',
    ]);
    expect(sent()).toEqual([]);
  });

  it('token flow: asks first, sends nothing; with the token answers with an unpaid order, paid later', async () => {
    sandbox.requestLog.clear();
    const args = buy('pre-token', MONTHS_3);
    const ask = await tok.call('create_disks', args);
    expect(ask.isError).toBe(true);
    expect(structured(ask)).toMatchObject({ confirmation_required: true, tool: 'create_disks' });
    expect(ask.text).toContain('Buy yearly/monthly disks in');
    expect(ask.text).toContain('for 3 months');
    expect(sent()).toEqual([]);

    const done = await tok.call('create_disks', { ...args, confirm_token: structured(ask).confirm_token });
    expect(done.isError, done.text).toBeFalsy();
    const s = structured(done);
    expect(s).toMatchObject({
      order_id: expect.stringMatching(ORDER),
      charging_mode: 'prePaid',
      auto_pay: false,
    });
    expect(s.job_id).toBeUndefined();
    expect(done.text).toContain(`Order ${String(s.order_id)} created, not paid`);
    expect(sent()).toEqual([`POST /v2.1/${pid()}/cloudvolumes`]);

    // Unpaid: no disk, however long the sandbox waits.
    sandbox.clock.advance(60_000);
    expect(await disksNamed('pre-token')).toEqual([]);
    const paid = await admin('POST', `/orders/${String(s.order_id)}/pay`);
    expect((await jobEnds(paid.order.job_id)).status).toBe('SUCCESS');
    const [disk] = await disksNamed('pre-token');
    expect(disk).toMatchObject({ size: 20, status: 'available', metadata: { orderID: s.order_id } });
  });

  it('elicitation: decline sends nothing; accept buys with auto-pay and the disk is created', async () => {
    const args = buy('pre-form', { ...MONTHS_3, periodType: 'year', periodNum: 1, isAutoPay: 'true' });
    sandbox.requestLog.clear();
    asked.length = 0;
    answer = { action: 'decline' };
    const declined = await form.call('create_disks', args);
    expect(structured(declined)).toMatchObject({ declined: true });
    expect(sent()).toEqual([]);
    expect(asked[0]!.message).toContain('billed yearly/monthly (prePaid) for 1 year, charged up front');
    expect(asked[0]!.message).toContain('auto-pay: yes (isAutoPay=true)');

    answer = { action: 'accept', content: { confirm: true } };
    const done = await form.call('create_disks', args);
    expect(done.isError, done.text).toBeFalsy();
    const s = structured(done);
    expect(s).toMatchObject({ order_id: expect.stringMatching(ORDER), auto_pay: true });
    expect(structured(done).checks).toContain('confirmed by the user');
    expect(sent()).toEqual([`POST /v2.1/${pid()}/cloudvolumes`]);
    const order = await orderOf(String(s.order_id));
    expect(order).toMatchObject({ status: 'paid', period: { type: 'year', num: 1 } });
    expect((await jobEnds(order.job_id)).status).toBe('SUCCESS');
    const [disk] = await disksNamed('pre-form');
    expect(disk).toMatchObject({ status: 'available', metadata: { orderID: s.order_id } });
    prepaidDisk = String(disk!.id);
    prepaidOrder = String(s.order_id);
  });

  it('pay-per-use needs no confirmation and answers with the job', async () => {
    sandbox.requestLog.clear();
    const res = await tok.call('create_disks', buy('post-plain', { chargingMode: 'postPaid' }));
    expect(res.isError, res.text).toBeFalsy();
    expect(structured(res)).toMatchObject({ job_id: expect.any(String), charging_mode: 'postPaid' });
    expect(structured(res).order_id).toBeUndefined();
    expect(sent()).toEqual([`POST /v2.1/${pid()}/cloudvolumes`]);
    expect((await jobEnds(String(structured(res).job_id))).status).toBe('SUCCESS');
  });
});

describe('extend_disk', () => {
  it('a yearly/monthly disk: confirmed, answers with an order and no job, wait has nothing to follow', async () => {
    sandbox.requestLog.clear();
    const args = { volume_id: prepaidDisk, new_size: 30, wait: true };
    const ask = await tok.call('extend_disk', args);
    expect(structured(ask)).toMatchObject({ confirmation_required: true });
    expect(ask.text).toContain(
      `billed yearly/monthly (order ${prepaidOrder}): the expansion (+10 GB) is a new order`,
    );
    expect(ask.text).toContain('the disk grows only once it is paid');
    expect(sent()).toEqual([]);

    const done = await tok.call('extend_disk', { ...args, confirm_token: structured(ask).confirm_token });
    expect(done.isError, done.text).toBeFalsy();
    const s = structured(done);
    expect(s).toMatchObject({ order_id: expect.stringMatching(ORDER), auto_pay: false, new_size: 30 });
    expect(s.job_id).toBeUndefined();
    expect(s.wait).toMatchObject({ settled: false, next: 'the response named no job or resource to follow' });
    expect(sent()).toEqual([`POST /v2.1/${pid()}/cloudvolumes/${prepaidDisk}/action`]);
    // No job was polled.
    expect(sandbox.requestLog.entries().filter((e) => e.path.includes('/jobs/'))).toEqual([]);

    sandbox.clock.advance(60_000);
    expect((await disksNamed('pre-form'))[0]).toMatchObject({ size: 20 });
    const paid = await admin('POST', `/orders/${String(s.order_id)}/pay`);
    expect((await jobEnds(paid.order.job_id)).status).toBe('SUCCESS');
    expect((await disksNamed('pre-form'))[0]).toMatchObject({ size: 30, status: 'available' });
  });

  it('a yearly/monthly disk by elicitation with auto-pay: accept grows it', async () => {
    asked.length = 0;
    answer = { action: 'accept', content: { confirm: true } };
    sandbox.requestLog.clear();
    const done = await form.call('extend_disk', {
      volume_id: prepaidDisk,
      new_size: 40,
      bssParam: { isAutoPay: 'true' },
    });
    expect(done.isError, done.text).toBeFalsy();
    expect(asked[0]!.message).toContain('auto-pay: yes (isAutoPay=true), the order is paid at once');
    const s = structured(done);
    expect(s).toMatchObject({ order_id: expect.stringMatching(ORDER), auto_pay: true });
    expect(done.text).toContain('paid from the account balance');
    const order = await orderOf(String(s.order_id));
    expect(order).toMatchObject({ kind: 'extend', status: 'paid', volume_id: prepaidDisk, new_size: 40 });
    expect((await jobEnds(order.job_id)).status).toBe('SUCCESS');
    expect((await disksNamed('pre-form'))[0]).toMatchObject({ size: 40 });
  });

  it('a pay-per-use disk is expanded without confirmation, as a job', async () => {
    sandbox.requestLog.clear();
    asked.length = 0;
    const res = await form.call('extend_disk', { volume_id: form.demo.disks.data, new_size: 150 });
    expect(res.isError, res.text).toBeFalsy();
    expect(asked).toEqual([]);
    expect(structured(res)).toMatchObject({ job_id: expect.any(String), new_size: 150 });
    expect(sent()).toEqual([`POST /v2.1/${pid()}/cloudvolumes/${form.demo.disks.data}/action`]);
    expect((await jobEnds(String(structured(res).job_id))).status).toBe('SUCCESS');
  });
});

describe('bad billing input is refused before anything is sent', () => {
  const CASES: [string, string, () => Record<string, unknown>, string][] = [
    [
      'a month count above 9',
      'create_disks',
      () => buy('x', { ...MONTHS_3, periodNum: 10 }),
      'bssParam.periodNum',
    ],
    [
      'more than one year',
      'create_disks',
      () => buy('x', { ...MONTHS_3, periodType: 'year', periodNum: 2 }),
      'periodNum for periodType year is 1-1',
    ],
    [
      'prePaid without a period',
      'create_disks',
      () => buy('x', { chargingMode: 'prePaid' }),
      'prePaid needs periodType',
    ],
    [
      'isAutoPay as a boolean',
      'create_disks',
      () => buy('x', { ...MONTHS_3, isAutoPay: true }),
      'bssParam.isAutoPay',
    ],
    [
      'a period on a pay-per-use disk',
      'create_disks',
      () => buy('x', { chargingMode: 'postPaid', periodType: 'month', periodNum: 1 }),
      'periodType is only for chargingMode prePaid',
    ],
    [
      'a create-only field on an expansion',
      'extend_disk',
      () => ({ volume_id: prepaidDisk, new_size: 50, bssParam: { isAutoPay: 'true', periodNum: 1 } }),
      'Unrecognized key: "periodNum"',
    ],
  ];
  it.each(CASES)('%s', async (_label, tool, args, message) => {
    const before = sandbox.requestLog.total();
    const res = await tok.call(tool, args());
    expect(res.isError).toBe(true);
    expect(res.text).toContain(`Input validation error: Invalid arguments for tool ${tool}`);
    expect(res.text).toContain(message);
    // Not even a look-up went out.
    expect(sandbox.requestLog.since(before)).toEqual([]);
  });
});
