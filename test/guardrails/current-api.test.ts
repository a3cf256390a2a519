// Guardrails of the current API's tools (docs/current-api.md), through the real server and the sandbox:
// retype only to a higher type sold in the disk's AZ with quota for it, QoS only on GPSSD2/ESSD2,
// batch expansion checked disk by disk, the /cloudsnapshots tools keep the autobk refusals, and retype
// asks for confirmation. The request log proves a refused call sent nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardHarness, structured, type GuardHarness } from './helpers.js';

let h: GuardHarness;
beforeAll(async () => {
  h = await startGuardHarness();
});
afterAll(async () => {
  await h.close();
});

const d = () => h.demo.disks;
const MISSING = '0b6c2f1e-4d3a-4e5f-8a9b-0c1d2e3f4a5b';

async function expectRefused(
  tool: string,
  args: Record<string, unknown>,
  reason: string,
  code: string | undefined,
  text: RegExp,
): Promise<void> {
  h.sandbox.requestLog.clear();
  const res = await h.call(tool, args);
  const label = `${tool} ${reason}`;
  expect(res.isError, `${label}: ${res.text}`).toBe(true);
  const s = structured(res) as { refusals?: { reason: string; code?: string }[] };
  const found = s.refusals?.find((r) => r.reason === reason);
  expect(found, `${label}: ${res.text}`).toBeDefined();
  if (code) expect(found!.code, label).toBe(code);
  expect(res.text, label).toMatch(text);
  expect(res.text, label).toMatch(/Nothing was sent/);
  expect(h.mutations(), `${label} sent a request`).toEqual([]);
}

describe('retype_disk', () => {
  it('refuses a type not sold in the disk AZ (7.1.7: ESSD only in the first AZ)', () =>
    expectRefused(
      'retype_disk',
      { volume_id: d().archive, new_type: 'ESSD' },
      'type_not_in_az',
      'EVS.2071',
      /ESSD is not sold in the disk's availability zone/,
    ));

  it('refuses a type the catalogue does not list at all', () =>
    expectRefused(
      'retype_disk',
      { volume_id: d().data, new_type: 'GPSSD2', iops: 3000, throughput: 125 },
      'type_not_in_az',
      'EVS.2071',
      /GPSSD2 is not sold/,
    ));

  it('refuses a lower type', () =>
    expectRefused(
      'retype_disk',
      { volume_id: d().data, new_type: 'SAS' },
      'type_not_higher',
      'EVS.2087',
      /only change to a higher type/,
    ));

  it('refuses a disk that is not available or in-use', () =>
    expectRefused(
      'retype_disk',
      { volume_id: d().broken, new_type: 'SSD' },
      'disk_not_at_rest',
      'EVS.1031',
      /is error; its type can change only when it is available or in-use/,
    ));

  it("refuses when the new type's quota cannot take the disk", async () => {
    h.sandbox.setQuota(h.app.projectId, 'gigabytes_ESSD', 50);
    try {
      await expectRefused(
        'retype_disk',
        { volume_id: d().data, new_type: 'ESSD' },
        'quota_exceeded',
        'EVS.1042',
        /gigabytes for ESSD needs 100 GB/,
      );
    } finally {
      h.sandbox.setQuota(h.app.projectId, 'gigabytes_ESSD', -1);
    }
  });

  it('asks for confirmation, then sends the retype with the token', async () => {
    h.sandbox.requestLog.clear();
    const args = { volume_id: d().data, new_type: 'ESSD' };
    const first = await h.call('retype_disk', args);
    const token = structured(first).confirm_token;
    expect(typeof token, first.text).toBe('string');
    expect(first.text).toContain('Change disk "demo-data-01"');
    expect(h.mutations()).toEqual([]);
    const second = await h.call('retype_disk', { ...args, confirm_token: token });
    expect(second.isError, second.text).toBeFalsy();
    expect(h.mutations().map((e) => `${e.method} ${e.path}`)).toEqual([
      `POST /v2/${h.app.projectId}/volumes/${d().data}/retype`,
    ]);
  });
});

describe('modify_disk_qos', () => {
  it('refuses a disk whose type has no provisioned performance', () =>
    expectRefused(
      'modify_disk_qos',
      { volume_id: d().archive, iops: 4000, throughput: 200 },
      'qos_not_supported',
      'EVS.2070',
      /only on GPSSD2 and ESSD2 disks/,
    ));
});

describe('batch_extend_disks', () => {
  it('refuses when one disk would shrink or does not exist, naming each', async () => {
    h.sandbox.requestLog.clear();
    const res = await h.call('batch_extend_disks', {
      volumes: [
        { id: d().archive, new_size: 100 },
        { id: MISSING, new_size: 20 },
      ],
    });
    expect(res.isError, res.text).toBe(true);
    const reasons = (structured(res).refusals as { reason: string; code?: string }[]).map((r) => r.code);
    expect(reasons).toEqual(expect.arrayContaining(['EVS.1015', 'EVS.5404']));
    expect(h.mutations()).toEqual([]);
  });

  it('refuses a disk that cannot be expanded in its state', () =>
    expectRefused(
      'batch_extend_disks',
      { volumes: [{ id: d().broken, new_size: 40 }] },
      'disk_not_extendable',
      'EVS.1064',
      /can be expanded only when available or in-use/,
    ));
});

describe('/cloudsnapshots tools keep the autobk refusals', () => {
  const autobk = () => h.demo.snapshots.autobk;
  const cases: [string, () => Record<string, unknown>, string][] = [
    ['rollback_snapshot', () => ({ snapshot_id: autobk(), volume_id: d().system }), 'autobk_snapshot'],
    ['delete_snapshot', () => ({ snapshot_id: autobk() }), 'autobk_snapshot'],
    ['update_snapshot', () => ({ snapshot_id: autobk(), description: 'mine now' }), 'autobk_snapshot'],
    ['create_snapshot', () => ({ volume_id: d().data, name: 'autobk_snapshot_mine' }), 'autobk_name'],
    [
      'update_snapshot',
      () => ({ snapshot_id: h.demo.snapshots.daily, name: 'autobk_snapshot_x' }),
      'autobk_name',
    ],
  ];
  for (const [tool, args, reason] of cases)
    it(`refuses ${tool} (${reason})`, () => expectRefused(tool, args(), reason, undefined, /backup service/));
});

// Last: it deletes the archive disk the cases above use.
describe('recycle bin', () => {
  it('restores only with quota room for the disk type, and deletes for good only when confirmed', async () => {
    await h.call('set_recycle_bin_policy', { switch: true, threshold_time: 1 });
    const args = { volume_id: d().archive };
    const ask = await h.call('cinder_delete_disk', args);
    const del = await h.call('cinder_delete_disk', {
      ...args,
      confirm_token: structured(ask).confirm_token,
      wait: true,
    });
    expect(del.isError, del.text).toBeFalsy();
    const binned = await h.call('get_recycle_bin_disk', args);
    expect(structured(binned)).toMatchObject({ id: d().archive, size: 500, volume_type: 'SATA' });

    h.sandbox.setQuota(h.app.projectId, 'gigabytes_SATA', 100);
    try {
      await expectRefused(
        'restore_recycle_bin_disk',
        args,
        'quota_exceeded',
        'EVS.1042',
        /gigabytes for SATA needs 500 GB/,
      );
    } finally {
      h.sandbox.setQuota(h.app.projectId, 'gigabytes_SATA', -1);
    }

    h.sandbox.requestLog.clear();
    const first = await h.call('delete_recycle_bin_disk', args);
    expect(typeof structured(first).confirm_token, first.text).toBe('string');
    expect(first.text).toContain(`Delete recycle-bin disk "demo-archive-01" (${d().archive}) for good.`);
    expect(h.mutations()).toEqual([]);
    const second = await h.call('delete_recycle_bin_disk', {
      ...args,
      confirm_token: structured(first).confirm_token,
    });
    expect(second.isError, second.text).toBeFalsy();
    expect(h.mutations().map((e) => `${e.method} ${e.path}`)).toEqual([
      `DELETE /v3/${h.app.projectId}/recycle-bin-volumes/${d().archive}`,
    ]);
  });
});
