// The records of the current API's operations (retype, QoS, batch expansion, recycle bin, /cloudsnapshots): each
// sits on its SDK route, refuses inputs the SDK and pages rule out, and the request it builds is
// accepted by the sandbox over signed HTTP with a result its output schema takes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsConfirmation, operationName, type OperationSpec } from '../../src/evs/operation.js';
import { cloudSnapshotOperations } from '../../src/evs/operations/cloudsnapshots.js';
import { currentCloudVolumeOperations } from '../../src/evs/operations/cloudvolumes-current.js';
import { recycleBinOperations } from '../../src/evs/operations/recycle-bin.js';
import { retypeQosOperations } from '../../src/evs/operations/retype-qos.js';
import { startAgedEnv, type AgedEnv } from '../contract/aged-env.js';
import type { Env } from '../contract/env.js';

const SDK = JSON.parse(readFileSync(new URL('../fixtures/sdk-operations.json', import.meta.url), 'utf8')) as {
  operations: { operation: string; method: string; path: string; job: boolean }[];
};
const DRAFTS: OperationSpec[] = [
  ...retypeQosOperations,
  ...recycleBinOperations,
  ...currentCloudVolumeOperations,
  ...cloudSnapshotOperations,
];
const draft = (tool: string) => DRAFTS.find((d) => d.tool === tool)!;

/** Validates the arguments and sends the record's request as the engine would. */
async function call(env: Env, tool: string, args: Record<string, unknown>) {
  const spec = draft(tool);
  const parsed = spec.input.parse(args);
  const parts = spec.request(parsed, { projectId: env.p });
  let path = spec.path.replace('{project_id}', env.p);
  for (const [k, v] of Object.entries(parts.pathParams ?? {}))
    path = path.replace(`{${k}}`, encodeURIComponent(v));
  const res = await env.send({
    method: spec.method,
    path,
    ...(parts.query ? { query: parts.query } : {}),
    ...(parts.body !== undefined ? { body: parts.body } : {}),
    accept: [...spec.successStatus],
  });
  expect(spec.successStatus, tool).toContain(res.status);
  const shaped = spec.output!.shape(res.body, parsed);
  expect(spec.output!.schema!.safeParse(shaped).success, `${tool} ${JSON.stringify(shaped)}`).toBe(true);
  return { res, shaped };
}

describe('records of the current API', () => {
  it('sit on the SDK route of the operation they name, with the documented job behaviour', () => {
    expect(DRAFTS).toHaveLength(17);
    for (const d of DRAFTS) {
      expect(d.section, d.tool).toBe(operationName(d));
      const op = SDK.operations.find((o) => o.operation === operationName(d));
      expect(op, d.tool).toBeDefined();
      expect([d.method, d.path], d.tool).toEqual([op!.method, op!.path]);
      expect(d.async?.kind === 'job', d.tool).toBe(op!.job);
      if (!d.hints.readOnly) expect(d.output?.text, d.tool).toBeDefined();
    }
  });

  it('confirm retypes, QoS changes and deletions from the bin', () => {
    for (const tool of ['retype_disk', 'modify_disk_qos', 'delete_recycle_bin_disk', 'unsubscribe_disks'])
      expect(needsConfirmation(draft(tool), { volume_id: 'x' }), tool).toBe(true);
    expect(draft('delete_recycle_bin_disk').hints.destructive).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['retype_disk', { volume_id: 'd', new_type: 'SATA' }, 'SATA is no retype target'],
    ['retype_disk', { volume_id: 'd', new_type: 'SSD', iops: 3000 }, 'iops only for GPSSD2/ESSD2'],
    ['retype_disk', { volume_id: 'd', new_type: 'GPSSD2', iops: 3000 }, 'GPSSD2 needs throughput'],
    [
      'retype_disk',
      { volume_id: 'd', new_type: 'GPSSD2', iops: 2000, throughput: 125 },
      'GPSSD2 iops below 3000',
    ],
    [
      'retype_disk',
      { volume_id: 'd', new_type: 'ESSD2', iops: 3000, throughput: 125 },
      'ESSD2 takes no throughput',
    ],
    ['modify_disk_qos', { volume_id: 'd', iops: 4000, throughput: 1001 }, 'throughput over 1000'],
    ['modify_disk_qos', { volume_id: 'd', iops: 3000, throughput: 800 }, 'throughput over iops/4'],
    ['modify_disk_qos', { volume_id: 'd' }, 'no iops'],
    ['batch_extend_disks', { volumes: [] }, 'no disk'],
    [
      'batch_extend_disks',
      {
        volumes: [
          { id: 'a', new_size: 20 },
          { id: 'a', new_size: 30 },
        ],
      },
      'a disk twice',
    ],
    ['set_recycle_bin_policy', {}, 'nothing to set'],
    ['set_recycle_bin_policy', { keep_time: 366 }, 'keep_time over 365'],
    ['set_recycle_bin_policy', { threshold_time: 0 }, 'threshold_time under 1'],
    ['list_recycle_bin', { service_type: 'OBS' }, 'unknown service type'],
    [
      'unsubscribe_disks',
      { volume_ids: Array.from({ length: 51 }, (_, i) => `d${i}`) },
      'more than 50 disks',
    ],
    ['unsubscribe_disks', { volume_ids: ['a', 'a'] }, 'a disk twice'],
  ])('%s refuses %j (%s)', (tool, args) => {
    expect(draft(tool).input.safeParse(args).success).toBe(false);
  });

  describe('against the sandbox', () => {
    let aged: AgedEnv;
    let env: Env;
    beforeAll(async () => {
      aged = await startAgedEnv(2);
      env = aged.env;
    });
    afterAll(() => aged?.close());

    it('retypes a disk to GPSSD2, then changes its QoS, each as a job that succeeds', async () => {
      const id = await env.disk({ volume_type: 'SAS', size: 20 });
      const retype = await call(env, 'retype_disk', {
        volume_id: id,
        new_type: 'GPSSD2',
        iops: 3000,
        throughput: 125,
      });
      expect((await env.jobEnd(String(retype.shaped.job_id))).status).toBe('SUCCESS');
      const qos = await call(env, 'modify_disk_qos', { volume_id: id, iops: 8000, throughput: 250 });
      expect((await env.jobEnd(String(qos.shaped.job_id))).status).toBe('SUCCESS');
      const disk = (await env.send({ method: 'GET', path: `/v2/${env.p}/cloudvolumes/${id}` })).body.volume;
      expect([disk.volume_type, disk.iops.total_val, disk.throughput.total_val]).toEqual([
        'GPSSD2',
        8000,
        250,
      ]);
    });

    it('expands two disks in one job', async () => {
      const a = await env.disk();
      const b = await env.disk();
      const r = await call(env, 'batch_extend_disks', {
        volumes: [
          { id: a, new_size: 15 },
          { id: b, new_size: 25 },
        ],
      });
      expect((await env.jobEnd(String(r.shaped.job_id))).status).toBe('SUCCESS');
    });

    it('sets the policy, keeps an old deleted disk, lists, shows, restores and purges it', async () => {
      await call(env, 'set_recycle_bin_policy', { switch: true, threshold_time: 1, keep_time: 14 });
      const policy = await call(env, 'get_recycle_bin_policy', {});
      expect(policy.shaped).toEqual({ switch: true, threshold_time: 1, keep_time: 14 });
      const [first, second] = aged.aged as [string, string];
      for (const id of [first, second]) {
        const del = await env.send({ method: 'DELETE', path: `/v2/${env.p}/cloudvolumes/${id}` });
        expect((await env.jobEnd(del.body.job_id)).status).toBe('SUCCESS');
      }
      const list = await call(env, 'list_recycle_bin', { limit: 10 });
      expect((list.shaped.volumes as { id: string }[]).map((v) => v.id).sort()).toEqual(
        [first, second].sort(),
      );
      const shown = await call(env, 'get_recycle_bin_disk', { volume_id: first });
      expect(shown.shaped).toMatchObject({ id: first, size: 10 });
      await call(env, 'restore_recycle_bin_disk', { volume_id: first });
      await env.diskStatus(first, 'available');
      await call(env, 'delete_recycle_bin_disk', { volume_id: second });
      const after = await call(env, 'list_recycle_bin', {});
      expect(after.shaped.count).toBe(0);
    });
  });
});
