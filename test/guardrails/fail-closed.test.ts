// Fail closed, generated from the registry: for every mutating tool that declares reads, each read is
// made to fail in the sandbox (403, 500, a 200 whose body is not JSON). The call is refused, names
// what could not be checked and the IAM action it needs, and the request log shows nothing was sent.
// Confirmation is off here, so the only thing that stops the call is the failed read (the control
// dry run without a fault says it would be sent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsConfirmation, type OperationSpec } from '../../src/evs/operation.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { buildApiRequest } from '../../src/mcp/engine/request-builder.js';
import type { FaultRule } from '../../src/sandbox/types.js';
import { startGuardHarness, structured, type GuardHarness } from './helpers.js';

let h: GuardHarness;
let transferId = '';
/** A fresh disk made GPSSD2 (for QoS), standing in for the archive disk the recycle bin takes. */
let spare = '';
/** The 30-day-old archive disk, deleted into the recycle bin. */
let binnedId = '';
beforeAll(async () => {
  h = await startGuardHarness({ env: { EVS_MCP_CONFIRMATION: 'off' } });
  // A disk offered for transfer, so delete_transfer has something to read.
  const disk = await h.call('cinder_create_disk', {
    availability_zone: h.demo.zone,
    volume_type: 'SAS',
    size: 10,
    name: 'fail-closed-xfer',
    wait: true,
  });
  const volumeId = String(structured(disk).id);
  const offered = await h.call('create_transfer', { volume_id: volumeId, name: 'fail-closed' });
  transferId = String(structured(offered).id);
  if (!transferId || transferId === 'undefined') throw new Error(`no transfer: ${offered.text}`);
  const fresh = await h.call('cinder_create_disk', {
    availability_zone: h.demo.zone,
    volume_type: 'SAS',
    size: 10,
    name: 'fail-closed-spare',
    wait: true,
  });
  spare = String(structured(fresh).id);
  // The 7.1.7 catalogue of the sandbox lists the 2022 types only: RetypeVolume to GPSSD2 is sent directly.
  const retyped = await h.app.client.request<{ job_id: string }>({
    method: 'POST',
    path: `/v2/${h.app.projectId}/volumes/${spare}/retype`,
    body: { 'os-retype': { new_type: 'GPSSD2', iops: 3000, throughput: 125 } },
  });
  await h.call('get_job', { job_id: retyped.body.job_id, wait: true });
  await h.call('set_recycle_bin_policy', { switch: true, threshold_time: 1 });
  binnedId = h.demo.disks.archive;
  const deleted = await h.call('cinder_delete_disk', { volume_id: binnedId, wait: true });
  if (deleted.isError) throw new Error(`archive disk not deleted: ${deleted.text}`);
  h.sandbox.requestLog.clear();
});
afterAll(async () => {
  await h.close();
});

/** Arguments under which every declared read of the tool applies and every check passes on the demo seed. */
function sampleArgs(): Record<string, Record<string, unknown>> {
  const { disks, snapshots, zone } = h.demo;
  return {
    create_disks: { availability_zone: zone, volume_type: 'SSD', size: 100, snapshot_id: snapshots.daily },
    legacy_create_disks: {
      availability_zone: zone,
      volume_type: 'SSD',
      size: 100,
      snapshot_id: snapshots.daily,
    },
    cinder_create_disk: {
      availability_zone: zone,
      volume_type: 'SSD',
      size: 100,
      snapshot_id: snapshots.daily,
    },
    cinder_delete_disk: { volume_id: disks.broken },
    delete_disk: { volume_id: disks.broken },
    cinder_update_disk: { volume_id: disks.data, metadata: { purpose: 'other' } },
    extend_disk: { volume_id: disks.data, new_size: 120 },
    cinder_extend_disk: { volume_id: disks.data, new_size: 120 },
    legacy_extend_disk: { volume_id: disks.data, new_size: 120 },
    export_disk_to_image: { volume_id: disks.data, image_name: 'img-1', force: true },
    legacy_attach_disk: {
      volume_id: spare,
      instance_uuid: '11111111-2222-4333-8444-555555555555',
      mountpoint: '/dev/vdc',
    },
    legacy_detach_disk: { volume_id: disks.system },
    replace_disk_metadata: { volume_id: disks.data, metadata: { a: '1' } },
    delete_disk_metadata_key: { volume_id: disks.data, key: 'purpose' },
    legacy_rollback_vendor_snapshot: { snapshot_id: snapshots.daily, volume_id: disks.data },
    cinder_create_snapshot: { volume_id: spare, name: 'forced', force: true },
    cinder_delete_snapshot: { snapshot_id: snapshots.daily },
    cinder_update_snapshot: { snapshot_id: snapshots.daily, name: 'renamed' },
    add_disk_metadata: { volume_id: disks.data, metadata: { a: '1' } },
    set_disk_metadata_key: { volume_id: disks.data, key: 'a', value: '1' },
    set_recycle_bin_policy: { keep_time: 30 },
    add_snapshot_metadata: { snapshot_id: snapshots.daily, metadata: { a: '1' } },
    set_snapshot_metadata_key: { snapshot_id: snapshots.daily, key: 'a', value: '1' },
    replace_snapshot_metadata: { snapshot_id: snapshots.daily, metadata: { a: '1' } },
    delete_snapshot_metadata_key: { snapshot_id: snapshots.daily, key: 'a' },
    add_disk_tags: { volume_id: disks.data, tags: { team: 'blue' } },
    delete_disk_tags: { volume_id: disks.data, keys: ['env'] },
    create_transfer: { volume_id: spare, name: 'hand-over' },
    delete_transfer: { transfer_id: transferId },
    retype_disk: { volume_id: disks.data, new_type: 'ESSD' },
    modify_disk_qos: { volume_id: spare, iops: 4000, throughput: 200 },
    batch_extend_disks: { volumes: [{ id: disks.data, new_size: 120 }] },
    unsubscribe_disks: { volume_ids: [disks.data] },
    create_snapshot: { volume_id: spare, name: 'forced', force: true },
    delete_snapshot: { snapshot_id: snapshots.daily },
    update_snapshot: { snapshot_id: snapshots.daily, name: 'renamed' },
    rollback_snapshot: { snapshot_id: snapshots.daily, volume_id: disks.data },
    restore_recycle_bin_disk: { volume_id: binnedId },
    delete_recycle_bin_disk: { volume_id: binnedId },
    // Batches: a failed read of any item refuses the whole list (here the first item's reads fail).
    batch_delete_disks: { volume_ids: [disks.broken, spare] },
    batch_create_snapshots: { volume_ids: [spare, disks.data], name: 'batch' },
  };
}

const guarded = OPERATIONS.filter((o) => !o.hints.readOnly && (o.guard?.reads?.length ?? 0) > 0);
const byTool = new Map(OPERATIONS.map((o) => [o.tool, o]));

const FAULTS: { label: string; rule: Omit<FaultRule, 'path'>; says: RegExp }[] = [
  { label: '403', rule: { status: 403 }, says: /HTTP 403|403/ },
  // Retry-After 0: the client's GET retries happen at once, then give up.
  { label: '500', rule: { status: 500, retryAfterSeconds: 0 }, says: /500/ },
  { label: 'unreadable 200', rule: { malformed: true }, says: /could not be read/ },
];

const exact = (path: string): RegExp => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

describe('declared reads fail closed', () => {
  it('covers every mutating tool that declares reads, and every destructive or confirmed tool', () => {
    expect(Object.keys(sampleArgs()).sort()).toEqual(guarded.map((o) => o.tool).sort());
    // Every call that asks first also reads what it shows (so there is something to fail closed on).
    const confirmed = OPERATIONS.filter(
      (o) =>
        o.hints.destructive ||
        (Object.keys(sampleArgs()).includes(o.tool) && needsConfirmation(o, sampleArgs()[o.tool]!)),
    );
    for (const o of confirmed) expect(o.guard?.reads?.length, o.tool).toBeGreaterThan(0);
  });

  for (const spec of guarded) {
    it(`${spec.tool}: each declared read failing refuses the call and sends nothing`, async () => {
      const args = sampleArgs()[spec.tool]!;
      h.sandbox.faults.clear();
      const control = await h.call(spec.tool, { ...args, dry_run: true });
      expect(structured(control).verdict, `${spec.tool} control: ${control.text}`).toBe('would_send');
      let tried = 0;
      for (const read of spec.guard!.reads!) {
        const readArgs = read.args(args);
        if (!readArgs) continue;
        const record = byTool.get(read.op) as OperationSpec;
        const path = buildApiRequest(record, record.input.parse(readArgs), h.app.projectId).path;
        for (const fault of FAULTS) {
          const label = `${spec.tool} / ${read.op} ${fault.label}`;
          h.sandbox.faults.clear();
          h.sandbox.faults.add({ method: 'GET', path: exact(path), ...fault.rule });
          h.sandbox.requestLog.clear();
          const res = await h.call(spec.tool, args);
          h.sandbox.faults.clear();
          expect(res.isError, `${label}: ${res.text}`).toBe(true);
          const s = structured(res) as {
            refused?: boolean;
            refusals?: { reason: string; message: string }[];
          };
          expect(s.refused, label).toBe(true);
          const failed = s.refusals?.find((r) => r.reason === 'check_failed');
          expect(failed, `${label}: ${res.text}`).toBeDefined();
          expect(failed!.message, label).toMatch(fault.says);
          for (const action of record.iamActions) expect(failed!.message, label).toContain(action);
          expect(res.text, label).toMatch(/Nothing was sent/);
          // Listed once: the failure is a refusal, not also a line of `checks`.
          const checks = (structured(res).checks ?? []) as string[];
          expect(
            checks.filter((c) => c.includes(failed!.message) || /could not/.test(c)),
            label,
          ).toEqual([]);
          expect(res.text.split(failed!.message).length - 1, label).toBe(1);
          expect(h.mutations(), `${label} sent a request`).toEqual([]);
          // The read was really attempted (and failed), not skipped.
          const reached = h.sandbox.requestLog.entries().filter((e) => e.method === 'GET' && e.path === path);
          expect(reached.length, label).toBeGreaterThan(0);
          tried++;
        }
      }
      expect(tried, spec.tool).toBe(3 * spec.guard!.reads!.filter((r) => r.args(args)).length);
      expect(h.audit().at(-1), spec.tool).toMatchObject({
        tool: spec.tool,
        verdict: 'refused:check_failed',
        outcome: { sent: false },
      });
    });
  }
});

describe('a 403 on the call itself', () => {
  it("names every IAM action the tool needs, its declared reads' included", async () => {
    const spec = byTool.get('cinder_delete_disk')!;
    h.sandbox.faults.clear();
    h.sandbox.faults.add({
      method: 'DELETE',
      path: exact(`/v2/${h.app.projectId}/volumes/${h.demo.disks.broken}`),
      status: 403,
    });
    try {
      const res = await h.call('cinder_delete_disk', { volume_id: h.demo.disks.broken });
      expect(res.isError, res.text).toBe(true);
      const needs = /Needs IAM actions: ([^|]+)/.exec(res.text)?.[1]?.trim().split(/,\s*/);
      expect(needs, res.text).toEqual(['evs:volumes:delete', 'evs:volumes:get', 'evs:snapshots:list']);
      expect(needs).toEqual([
        ...new Set([...spec.iamActions, ...spec.guard!.reads!.flatMap((r) => byTool.get(r.op)!.iamActions)]),
      ]);
    } finally {
      h.sandbox.faults.clear();
    }
  });
});
