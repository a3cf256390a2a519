// Dry run: every mutating tool returns the exact request and the guardrail verdicts, sends nothing,
// and leaves one audit line; confirmation can be switched off; policy applies at call time.
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsConfirmation } from '../../src/evs/operation.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { createPipeline } from '../../src/mcp/guardrails/pipeline.js';
import type { GuardContext, ToolExtra } from '../../src/mcp/guardrails/guard.js';
import { batchRules } from '../../src/mcp/guardrails/preflight/batch.js';
import { startGuardHarness, structured, type GuardHarness } from './helpers.js';

let h: GuardHarness;
beforeAll(async () => {
  h = await startGuardHarness();
});
afterAll(async () => {
  await h.close();
});

const TRANSFER = '11111111-2222-4333-8444-555555555555';

function sampleArgs(demo: GuardHarness['demo']): Record<string, Record<string, unknown>> {
  const { disks, snapshots, zone } = demo;
  return {
    create_disks: { availability_zone: zone, volume_type: 'SSD', size: 10, count: 2, name: 'batch' },
    legacy_create_disks: { availability_zone: zone, volume_type: 'SSD', size: 10, count: 2, name: 'batch' },
    delete_disk: { volume_id: disks.broken },
    update_disk: { volume_id: disks.data, name: 'renamed' },
    legacy_extend_disk: { volume_id: disks.data, new_size: 150 },
    legacy_rollback_vendor_snapshot: { snapshot_id: snapshots.daily, volume_id: disks.data },
    add_disk_tags: { volume_id: disks.data, tags: { team: 'blue' } },
    delete_disk_tags: { volume_id: disks.data, keys: ['env'] },
    cinder_create_disk: { availability_zone: zone, size: 10, volume_type: 'SAS' },
    cinder_delete_disk: { volume_id: disks.broken },
    cinder_update_disk: { volume_id: disks.data, description: 'new' },
    add_disk_metadata: { volume_id: disks.data, metadata: { a: '1' } },
    replace_disk_metadata: { volume_id: disks.data, metadata: { a: '1' } },
    set_disk_metadata_key: { volume_id: disks.data, key: 'a', value: '2' },
    delete_disk_metadata_key: { volume_id: disks.data, key: 'purpose' },
    extend_disk: { volume_id: disks.data, new_size: 150 },
    cinder_extend_disk: { volume_id: disks.data, new_size: 150 },
    set_disk_bootable: { volume_id: disks.data, bootable: true },
    set_disk_readonly: { volume_id: disks.data, readonly: true },
    export_disk_to_image: { volume_id: disks.data, image_name: 'img-1' },
    legacy_attach_disk: { volume_id: disks.archive, instance_uuid: TRANSFER, mountpoint: '/dev/vdc' },
    legacy_detach_disk: { volume_id: disks.system },
    legacy_reserve_disk: { volume_id: disks.archive },
    legacy_unreserve_disk: { volume_id: disks.archive },
    cinder_create_snapshot: { volume_id: disks.data, name: 'snap' },
    cinder_delete_snapshot: { snapshot_id: snapshots.daily },
    cinder_update_snapshot: { snapshot_id: snapshots.daily, name: 'renamed' },
    add_snapshot_metadata: { snapshot_id: snapshots.daily, metadata: { a: '1' } },
    set_snapshot_metadata_key: { snapshot_id: snapshots.daily, key: 'a', value: '1' },
    replace_snapshot_metadata: { snapshot_id: snapshots.daily, metadata: { a: '1' } },
    delete_snapshot_metadata_key: { snapshot_id: snapshots.daily, key: 'a' },
    create_transfer: { volume_id: disks.archive, name: 'hand-over' },
    accept_transfer: { transfer_id: TRANSFER, auth_key: 'dry-run-auth-key-0123456789' },
    delete_transfer: { transfer_id: TRANSFER },
    retype_disk: { volume_id: disks.data, new_type: 'ESSD' },
    modify_disk_qos: { volume_id: disks.data, iops: 4000, throughput: 200 },
    batch_extend_disks: { volumes: [{ id: disks.data, new_size: 150 }] },
    unsubscribe_disks: { volume_ids: [disks.data] },
    create_snapshot: { volume_id: disks.data, name: 'snap' },
    delete_snapshot: { snapshot_id: snapshots.daily },
    update_snapshot: { snapshot_id: snapshots.daily, name: 'renamed' },
    rollback_snapshot: { snapshot_id: snapshots.daily, volume_id: disks.data },
    set_recycle_bin_policy: { switch: true },
    // No disk is in the recycle bin here: these look-ups find nothing and the dry run says would_refuse.
    restore_recycle_bin_disk: { volume_id: TRANSFER },
    delete_recycle_bin_disk: { volume_id: TRANSFER },
    batch_delete_disks: { volume_ids: [disks.broken, disks.archive] },
    batch_create_snapshots: { volume_ids: [disks.data, disks.archive], name: 'snap' },
  };
}

describe('dry run', () => {
  it('every mutating tool returns its exact request and verdicts, and sends nothing', async () => {
    const samples = sampleArgs(h.demo);
    const mutating = OPERATIONS.filter((o) => !o.hints.readOnly);
    expect(Object.keys(samples).sort()).toEqual(mutating.map((o) => o.tool).sort());
    for (const op of mutating) {
      // A rule may depend on the disk the call reads (extend_disk: a yearly/monthly disk): read it as the guard does.
      const diskRead = op.guard?.reads?.find((r) => r.as === 'disk');
      const readArgs = diskRead?.args(samples[op.tool]!);
      const reads = readArgs ? { disk: structured(await h.call(diskRead!.op, readArgs)) } : undefined;
      const res = await h.call(op.tool, { ...samples[op.tool], dry_run: true });
      expect(res.isError, `${op.tool}: ${res.text}`).toBeFalsy();
      const s = structured(res) as {
        dry_run: boolean;
        request: { method: string; url: string };
        verdict: string;
      };
      expect(s.dry_run, op.tool).toBe(true);
      expect(s.request.method, op.tool).toBe(op.method);
      expect(s.request.url, op.tool).toContain(`/${h.app.projectId}/`);
      expect(['would_send', 'would_refuse', 'would_need_confirmation'], op.tool).toContain(s.verdict);
      // A rule on reads other than the disk is judged by the call itself (test/guardrails/safety-net.test.ts).
      const byReads =
        op.guard?.confirm !== undefined &&
        'whenRead' in op.guard.confirm &&
        (op.guard.reads ?? []).some((r) => r.as !== 'disk' && r.as !== 'quota');
      if (!byReads && needsConfirmation(op, samples[op.tool]!, reads) && s.verdict !== 'would_refuse')
        expect(s.verdict, op.tool).toBe('would_need_confirmation');
      if (!op.guard) expect(s.verdict, op.tool).toBe('would_send');
    }
    expect(h.mutations()).toEqual([]);
    const audit = h.audit();
    expect(audit).toHaveLength(mutating.length);
    expect(audit.every((e) => e.verdict === 'dry_run')).toBe(true);
    expect(readFileSync(h.auditPath, 'utf8')).not.toContain('dry-run-auth-key-0123456789');
  });

  it('shows the body, the look-ups and the plan a confirmation would show', async () => {
    const res = await h.call('cinder_delete_disk', { volume_id: h.demo.disks.broken, dry_run: true });
    const s = structured(res) as {
      request: Record<string, unknown>;
      plan: { summary: string };
      checks: string[];
    };
    expect(s.request).toEqual({
      method: 'DELETE',
      url: `${h.sandbox.url}/v2/${h.app.projectId}/volumes/${h.demo.disks.broken}`,
    });
    expect(s.plan.summary).toBe(`Permanently delete disk "demo-broken-01" (${h.demo.disks.broken}).`);
    expect(s.checks).toContain(`looked up snapshots of disk ${h.demo.disks.broken} (ListSnapshots): 0`);
    const ext = structured(
      await h.call('extend_disk', { volume_id: h.demo.disks.data, new_size: 150, dry_run: true }),
    );
    expect(ext).toMatchObject({
      verdict: 'would_send',
      request: { method: 'POST', body: { 'os-extend': { new_size: 150 } } },
    });
  });

  it('never echoes an auth_key in the request it shows', async () => {
    const res = await h.call('accept_transfer', {
      transfer_id: TRANSFER,
      auth_key: 'dry-run-auth-key-0123456789',
      dry_run: true,
    });
    expect(res.text).not.toContain('dry-run-auth-key-0123456789');
    expect(JSON.stringify(res.structuredContent)).not.toContain('dry-run-auth-key-0123456789');
  });
});

describe('confirmation off', () => {
  it('runs a delete at once and says confirmation is off', async () => {
    const off = await startGuardHarness({ env: { EVS_MCP_CONFIRMATION: 'off' } });
    try {
      const res = await off.call('cinder_delete_disk', { volume_id: off.demo.disks.broken });
      expect(res.isError, res.text).toBeFalsy();
      expect(off.mutations()).toHaveLength(1);
      expect(structured(res).checks).toContain('confirmation is off (EVS_MCP_CONFIRMATION=off)');
      // Pre-flight checks still apply.
      const refused = await off.call('cinder_delete_disk', { volume_id: off.demo.disks.system });
      expect(structured(refused)).toMatchObject({ refused: true, reason: 'disk_not_deletable' });
      expect(off.mutations()).toHaveLength(1);
    } finally {
      await off.close();
    }
  });
});

describe('policy at call time', () => {
  it('refuses a denied tool even when it reaches the guard, and audits it', async () => {
    const lines: unknown[] = [];
    const guard = createPipeline({
      config: { confirmation: true, denyTools: ['cinder_delete_*'] },
      client: h.app.client,
      logger: pino({ level: 'silent' }),
      secrets: () => [],
      audit: { write: (e) => lines.push(e), close: () => undefined },
    });
    const spec = OPERATIONS.find((o) => o.tool === 'cinder_delete_disk')!;
    const ctx: GuardContext = {
      spec,
      args: { volume_id: h.demo.disks.broken },
      engine: {},
      request: { method: 'DELETE', path: `/v2/${h.app.projectId}/volumes/${h.demo.disks.broken}` },
      described: { method: 'DELETE', url: 'x' },
      extra: {} as ToolExtra,
    };
    const verdict = await guard.check(ctx);
    expect(verdict.proceed).toBe(false);
    expect(verdict.proceed ? undefined : verdict.result.structuredContent).toMatchObject({
      reason: 'policy_denied',
    });
    expect(lines).toEqual([
      expect.objectContaining({ tool: 'cinder_delete_disk', verdict: 'refused:policy_denied' }),
    ]);
  });
});

describe('batch rules (6.1.1)', () => {
  const run = (args: Record<string, unknown>) =>
    batchRules.run({
      spec: OPERATIONS.find((o) => o.tool === 'create_disks')!,
      section: '6.1.1',
      args,
      reads: {},
    });
  it('refuses counts outside 1-100, batches from a backup and long batch names', async () => {
    expect((await run({ count: 0 })).refusals[0]).toMatchObject({ reason: 'batch_count', code: 'EVS.1021' });
    expect((await run({ count: 101 })).refusals[0]).toMatchObject({ reason: 'batch_count' });
    expect((await run({ count: 2, backup_id: 'b' })).refusals[0]).toMatchObject({
      reason: 'batch_from_backup',
      code: 'EVS.1051',
    });
    expect((await run({ count: 2, name: 'é'.repeat(126) })).refusals[0]).toMatchObject({
      reason: 'batch_name_length',
    });
    expect((await run({ count: 1, name: 'x'.repeat(255) })).refusals).toEqual([]);
    expect((await run({ count: 100, name: 'x'.repeat(250) })).refusals).toEqual([]);
  });
});
